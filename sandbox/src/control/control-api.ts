// The control JSON API: what the phone page, the control page and tests use to play the citizen and the operator.
import { type Certificate, REVOCATION_REASONS, type RevocationReason } from "@stiika/diia";
import express from "express";
import { z } from "zod";
import type { Citizen, CitizenDocument } from "../citizens/citizens.ts";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import { approveConsent, declineConsent, openDeeplink } from "../state/consent-actions.ts";
import { consentView } from "../state/consents.ts";
import type { SandboxContext } from "../state/context.ts";
import { ENDPOINT_NAMES, faultsSchema } from "../state/faults.ts";

const approveBody = z.strictObject({ citizenId: z.string().min(1).optional() });
const openBody = z.strictObject({ citizenId: z.string().min(1), deeplink: z.string().min(1).max(2048) });
const releaseBody = z.strictObject({ order: z.enum(["reverse", "fifo"]).default("reverse") });
const revokeBody = z.strictObject({
  reason: z
    .enum(Object.keys(REVOCATION_REASONS) as [RevocationReason, ...RevocationReason[]])
    .default("keyCompromise"),
  /** When the key stopped being trustworthy; defaults to now. */
  revokedAt: z.iso.datetime({ offset: true }).optional(),
});

const certificateView = (cert: Certificate) => ({
  serial: cert.serial,
  subject: cert.subject.text,
  validFrom: cert.validFrom.toISOString(),
  validTo: cert.validTo.toISOString(),
  ocspUrls: cert.ocspUrls,
  crlUrls: cert.crlUrls,
  caIssuersUrls: cert.caIssuersUrls,
});
const consentQuery = z.object({
  status: z.enum(["pending", "approved", "declined"]).optional(),
  citizenId: z.string().min(1).optional(),
});

function findDocument(ctx: SandboxContext, citizenId: string, documentId: string) {
  const citizen = ctx.citizens.find((c) => c.id === citizenId);
  const document = citizen?.documents.find((d) => d.id === documentId);
  if (!citizen || !document) throw new SandboxError("NOT_FOUND", "Citizen document not found");
  return { citizen, document };
}

export function controlApi(ctx: SandboxContext): express.Router {
  const router = express.Router();
  const ref = (citizen: Citizen, document: CitizenDocument) => ({
    citizenId: citizen.id,
    documentId: document.id,
    documentType: document.type,
  });
  const documentView = (citizen: Citizen, document: CitizenDocument, renew = false) => {
    const code = renew ? ctx.codes.issue(ref(citizen, document)) : ctx.codes.liveCode(ref(citizen, document));
    const expiresAt = code.expiresAt.toISOString();
    return {
      id: document.id,
      type: document.type,
      title: document.title,
      barcode: { code: code.barcode, expiresAt },
      qr: { link: code.link, expiresAt },
    };
  };

  router.get("/citizens", (_req, res) => {
    res.json({
      citizens: ctx.citizens.map((citizen) => ({
        id: citizen.id,
        fullName: citizen.fullName,
        documents: citizen.documents.map((d) => documentView(citizen, d)),
      })),
    });
  });

  router.post("/citizens/:citizenId/documents/:documentId/codes", (req, res) => {
    const { citizen, document } = findDocument(ctx, req.params.citizenId, req.params.documentId);
    res.json({ document: documentView(citizen, document, true) });
  });

  // Fault: the document's current code expires now (it stays known, so partners get "Code has been expired!").
  router.post("/citizens/:citizenId/documents/:documentId/codes/expire", (req, res) => {
    const { citizen, document } = findDocument(ctx, req.params.citizenId, req.params.documentId);
    const code = ctx.codes.liveCode(ref(citizen, document));
    ctx.codes.expire(code);
    res.json({
      expired: { barcode: code.barcode, link: code.link, expiresAt: code.expiresAt.toISOString() },
    });
  });

  router.get("/consents", (req, res) => {
    const filter = validate(consentQuery, req.query);
    res.json({ consents: ctx.consents.list(filter).map(consentView) });
  });

  router.post("/consents/:id/approve", (req, res) => {
    const { citizenId } = validate(approveBody, req.body ?? {});
    res.json({ consent: consentView(approveConsent(ctx, req.params.id, citizenId)) });
  });

  router.post("/consents/:id/decline", (req, res) => {
    res.json({ consent: consentView(declineConsent(ctx, req.params.id)) });
  });

  router.post("/deeplinks/open", (req, res) => {
    const { citizenId, deeplink } = validate(openBody, req.body);
    res.json({ consent: consentView(openDeeplink(ctx, citizenId, deeplink)) });
  });

  router.get("/deliveries", (_req, res) => {
    res.json({ deliveries: ctx.deliveries.list() });
  });

  router.get("/deliveries/:id", (req, res) => {
    const delivery = ctx.deliveries.get(req.params.id);
    if (!delivery) throw new SandboxError("NOT_FOUND", "Delivery not found");
    res.json({ delivery });
  });

  // Sends held deliveries; "reverse" (the default) makes them arrive out of order.
  router.post("/deliveries/release", async (req, res) => {
    const { order } = validate(releaseBody, req.body ?? {});
    res.json({ deliveries: await ctx.deliveries.release(order) });
  });

  // The endpoint names come along so the control page offers exactly what the fault schema accepts.
  router.get("/faults", (_req, res) => {
    res.json({ faults: ctx.faults.current, endpointNames: ENDPOINT_NAMES });
  });

  router.put("/faults", (req, res) => {
    ctx.faults.set(validate(faultsSchema, req.body ?? {}));
    res.json({ faults: ctx.faults.current });
  });

  // The certificates: Diia's current signer, what is revoked, and where the services are.
  const pkiView = () => ({
    ca: certificateView(ctx.pki.ca),
    signer: certificateView(ctx.pki.signer()),
    revoked: ctx.pki.revoked(),
    urls: ctx.pki.urls,
  });
  router.get("/pki", (_req, res) => {
    res.json(pkiView());
  });
  // Revokes the certificate deliveries are signed with; they stay signed with it until a fresh signer is issued.
  router.post("/pki/signer/revoke", async (req, res) => {
    const { reason, revokedAt } = validate(revokeBody, req.body ?? {});
    const revoked = await ctx.pki.revokeSigner(reason, revokedAt ? new Date(revokedAt) : ctx.now());
    res.json({ ...pkiView(), revokedNow: revoked });
  });
  router.post("/pki/signer/issue", async (_req, res) => {
    await ctx.pki.issueSigner();
    res.json(pkiView());
  });

  // Back to a fresh sandbox: no branches, offers, sessions, codes, consents, deliveries or faults.
  router.post("/reset", (_req, res) => {
    ctx.store.reset();
    ctx.codes.clear();
    ctx.consents.clear();
    ctx.deliveries.clear();
    ctx.faults.clear();
    res.json({ ok: true });
  });

  return router;
}
