// The control JSON API: what the phone page, the control page and tests use to play the citizen and the operator.
import { type Certificate, REVOCATION_REASONS, type RevocationReason, SignAlgoSchema } from "@stiika/diia";
import express from "express";
import { z } from "zod";
import type { Citizen, CitizenDocument } from "../citizens/citizens.ts";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import { approveConsent, declineConsent, openDeeplink } from "../state/consent-actions.ts";
import { consentView } from "../state/consents.ts";
import type { SandboxContext } from "../state/context.ts";
import {
  ENDPOINT_NAMES,
  faultsSchema,
  SIGNING_CALLBACK_FORMS,
  SIGNING_FAULT_KINDS,
} from "../state/faults.ts";
import { signConsent } from "../state/signing-actions.ts";

const approveBody = z.strictObject({ citizenId: z.string().min(1).optional() });
const openBody = z.strictObject({ citizenId: z.string().min(1), deeplink: z.string().min(1).max(2048) });
const signBody = z.strictObject({
  citizenId: z.string().min(1).optional(),
  /** The Дія.Підпис PIN the citizen types (4 digits). */
  pin: z.string().regex(/^\d{4}$/, "PIN-код Дія.Підпису — 4 цифри"),
});
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

  // A signing request: the citizen confirmed with the photo and the PIN (wrong PIN: 403 WRONG_PIN, nothing changes).
  router.post("/consents/:id/sign", async (req, res) => {
    const { citizenId, pin } = validate(signBody, req.body ?? {});
    const consent = await signConsent(ctx, req.params.id, { pin, ...(citizenId ? { citizenId } : {}) });
    res.json({ consent: consentView(consent) });
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
    res.json({
      faults: ctx.faults.current,
      endpointNames: ENDPOINT_NAMES,
      signingFaultKinds: SIGNING_FAULT_KINDS,
      signingCallbackForms: SIGNING_CALLBACK_FORMS,
    });
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
    citizens: {
      ca: {
        DSTU: certificateView(ctx.pki.citizens.ca.DSTU),
        ECDSA: certificateView(ctx.pki.citizens.ca.ECDSA),
      },
      caFiles: ctx.pki.citizens.caFiles,
      certificates: ctx.pki.citizens.certificates(),
      revoked: ctx.pki.citizens.revoked(),
      urls: ctx.pki.citizens.urls,
    },
  });
  const citizenOf = (id: string) => {
    const citizen = ctx.citizens.find((c) => c.id === id);
    if (!citizen) throw new SandboxError("NOT_FOUND", "Citizen not found");
    return citizen;
  };
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
  // A citizen's Дія.Підпис certificate (DSTU or ECDSA): its current one (issued on first use), revoking it (the
  // citizen keeps signing with it, so the partner meets a revoked signer) and issuing a fresh one.
  router.get("/citizens/:citizenId/certificates/:signAlgo", async (req, res) => {
    const signAlgo = validate(SignAlgoSchema, req.params.signAlgo);
    const { cert } = await ctx.pki.citizens.signer(citizenOf(req.params.citizenId), signAlgo);
    res.json({ certificate: { ...certificateView(cert), der: Buffer.from(cert.der).toString("base64") } });
  });
  router.post("/citizens/:citizenId/certificates/:signAlgo/revoke", async (req, res) => {
    const signAlgo = validate(SignAlgoSchema, req.params.signAlgo);
    const { reason, revokedAt } = validate(revokeBody, req.body ?? {});
    const revoked = await ctx.pki.citizens.revoke(
      citizenOf(req.params.citizenId),
      signAlgo,
      reason,
      revokedAt ? new Date(revokedAt) : ctx.now(),
    );
    res.json({ ...pkiView(), revokedNow: revoked });
  });
  router.post("/citizens/:citizenId/certificates/:signAlgo/issue", async (req, res) => {
    const signAlgo = validate(SignAlgoSchema, req.params.signAlgo);
    await ctx.pki.citizens.reissue(citizenOf(req.params.citizenId), signAlgo);
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
