import { TEMPLATE_IDS } from "@stiika/api";
import { DIIA_SHARING_SCOPES } from "@stiika/diia";
import { Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionOf } from "../http/middleware.ts";
import { listServices } from "../services/catalog.ts";
import type { Services } from "../services/context.ts";
import { documentPdf, listDocuments, saveQuestionnaire } from "../services/documents.ts";
import { cancelRequest, createRequest, pollRequest } from "../services/requests.ts";
import { cancelSigning, createSigning, pollSigning, signingPdf } from "../services/signings.ts";

const serviceId = z.uuid();
const newRequest = z.discriminatedUnion("kind", [
  z.object({ serviceId, kind: z.literal("barcode"), barcode: z.string().max(64) }),
  z.object({ serviceId, kind: z.literal("qr"), qr: z.string().max(2048) }),
  z.object({
    serviceId,
    kind: z.literal("deeplink"),
    documentTypes: z.array(z.enum(DIIA_SHARING_SCOPES)).min(1).max(DIIA_SHARING_SCOPES.length).optional(),
  }),
]);
const idParam = z.object({ id: z.uuid() });
const pollQuery = z.object({
  wait: z.coerce.number().int().min(0).max(30).default(0),
  version: z.coerce.number().int().min(0).optional(),
});
const newSigning = z.object({ signAlgo: z.enum(["DSTU", "ECDSA"]).optional() });
const questionnaire = z.object({
  template: z.enum(TEMPLATE_IDS),
  fields: z.record(z.string().max(100), z.string().max(2000)).refine((f) => Object.keys(f).length <= 200),
});

/**
 * `GET /api/services`; `POST /api/requests`; `GET /api/requests/:id?wait&version` (long-poll);
 * `POST /api/requests/:id/cancel`; `GET /api/requests/:id/documents`; `GET /api/documents/:id/pdf`;
 * `PUT /api/requests/:id/questionnaire`; Дія.Підпис: `POST /api/requests/:id/signings`,
 * `GET /api/signings/:id?wait&version` (long-poll), `POST /api/signings/:id/cancel`, `GET /api/signings/:id/pdf`
 * — see docs/api.md.
 */
export function sharingRoutes(s: Services): Router {
  const r = Router();
  const session = requireSession(s);

  r.get("/services", session, async (_req, res) => {
    res.json({ services: await listServices(s, sessionOf(res).employee.branchId) });
  });

  r.post("/requests", session, async (req, res) => {
    const request = await createRequest(s, sessionOf(res).employee, parse(newRequest, req.body));
    res.status(201).json({ request });
  });

  r.get("/requests/:id", session, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const q = parse(pollQuery, req.query);
    // A client that goes away ends its wait at once instead of holding a waiter until the timeout.
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    const request = await pollRequest(s, sessionOf(res), id, {
      waitMs: q.wait * 1000,
      version: q.version,
      signal: gone.signal,
    });
    res.set("Cache-Control", "no-store").json({ request });
  });

  r.post("/requests/:id/cancel", session, async (req, res) => {
    res.json({ request: await cancelRequest(s, sessionOf(res), parse(idParam, req.params).id) });
  });

  r.get("/requests/:id/documents", session, async (req, res) => {
    const documents = await listDocuments(s, sessionOf(res), parse(idParam, req.params).id);
    res.set("Cache-Control", "no-store").json({ documents });
  });

  r.get("/documents/:id/pdf", session, async (req, res) => {
    const pdf = await documentPdf(s, sessionOf(res), parse(idParam, req.params).id);
    res.set({
      "Content-Type": "application/pdf",
      "Cache-Control": "no-store",
      "Content-Disposition": "inline",
    });
    res.send(pdf);
  });

  r.put("/requests/:id/questionnaire", session, async (req, res) => {
    await saveQuestionnaire(s, sessionOf(res), parse(idParam, req.params).id, parse(questionnaire, req.body));
    res.json({ saved: true });
  });

  r.post("/requests/:id/signings", session, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const body = parse(newSigning, req.body ?? {});
    res.status(201).json({ signing: await createSigning(s, sessionOf(res), id, body) });
  });

  r.get("/signings/:id", session, async (req, res) => {
    const { id } = parse(idParam, req.params);
    const q = parse(pollQuery, req.query);
    const gone = new AbortController();
    res.on("close", () => gone.abort());
    const signing = await pollSigning(s, sessionOf(res), id, {
      waitMs: q.wait * 1000,
      version: q.version,
      signal: gone.signal,
    });
    res.set("Cache-Control", "no-store").json({ signing });
  });

  r.post("/signings/:id/cancel", session, async (req, res) => {
    res.json({ signing: await cancelSigning(s, sessionOf(res), parse(idParam, req.params).id) });
  });

  r.get("/signings/:id/pdf", session, async (req, res) => {
    const pdf = await signingPdf(s, sessionOf(res), parse(idParam, req.params).id);
    res.set({
      "Content-Type": "application/pdf",
      "Cache-Control": "no-store",
      "Content-Disposition": "inline",
    });
    res.send(pdf);
  });
  return r;
}
