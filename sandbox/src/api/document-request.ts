// Sharing by barcode or QR (spec §3.4) and validation by barcode (spec §3.5). The code must be live, and its
// document of a type the branch may ask for. Code errors reach the partner as Diia's document service raises
// them (spec §6; the acquirer API is assumed to pass them through, README).
import {
  DocumentIdentificationRequestSchema,
  IDENTIFICATION_DOCUMENT_TYPES,
  parseDiiaQr,
  scopeAllows,
} from "@stiika/diia";
import type { RequestHandler } from "express";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import type { CodeRecord } from "../state/codes.ts";
import type { SandboxContext } from "../state/context.ts";
import { AcceptedDocumentRequestSchema } from "./accepted-bodies.ts";
import { consentParty, findBranch } from "./branches.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The QR payload is the whole verify link in PY/NET; a bare otp is accepted too (spec §3.4 [?]). */
function otpOfQr(qrcode: string): string | undefined {
  if (UUID.test(qrcode.trim())) return qrcode.trim().toLowerCase();
  try {
    return parseDiiaQr(qrcode).otp.toLowerCase();
  } catch {
    return undefined;
  }
}

/** A live code, or Diia's error for a used, expired or unknown one. */
function liveCode(ctx: SandboxContext, record: CodeRecord | undefined): CodeRecord {
  if (!record) throw new SandboxError("CODE_UNKNOWN", "No otp record with presented barcode!");
  const state = ctx.codes.stateOf(record);
  if (state === "used") throw new SandboxError("CODE_USED", "This code has been used already!");
  if (state === "expired") {
    throw new SandboxError("CODE_EXPIRED", "Code has been expired!", {
      data: { now: ctx.now().toISOString(), expirationDate: record.expiresAt.toISOString() },
    });
  }
  return record;
}

function citizenDocument(ctx: SandboxContext, record: CodeRecord) {
  const citizen = ctx.citizens.find((c) => c.id === record.citizenId);
  const document = citizen?.documents.find((d) => d.id === record.documentId);
  // Codes are only issued for known documents; a miss means the demo data changed under a live code.
  if (!citizen || !document) throw new SandboxError("CODE_UNKNOWN", "No otp record with presented barcode!");
  return { citizen, document };
}

export const requestDocument =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const body = validate(AcceptedDocumentRequestSchema, req.body);
    const branch = findBranch(ctx, body.branchId);
    const flow = "barcode" in body ? "barcode" : "qrcode";
    const found =
      "barcode" in body
        ? ctx.codes.findByBarcode(body.barcode)
        : ctx.codes.findByOtp(otpOfQr(body.qrcode) ?? "");
    const record = liveCode(ctx, found);
    if (!scopeAllows(branch.scopes.sharing ?? [], record.documentType)) {
      throw new SandboxError("FORBIDDEN", "Access forbidden: the branch may not request this document type", {
        data: { documentType: record.documentType },
      });
    }
    const { citizen, document } = citizenDocument(ctx, record);
    ctx.codes.use(record);
    ctx.consents.create({
      flow,
      citizenId: citizen.id,
      ...consentParty(branch, ctx.config.partnerName),
      branchId: branch._id,
      offerId: null,
      offerName: flow === "barcode" ? "Копія документа за штрихкодом" : "Копія документа за QR-кодом",
      documentTypes: [document.type],
      requestId: body.requestId,
      code: { documentId: document.id, documentType: document.type, barcode: record.barcode },
      deeplink: null,
      returnLink: null,
      signing: null,
    });
    res.json({ success: true });
  };

/** "dd.mm.yyyy" → whether that day has passed. Documents without an expiry never expire. */
function expiredOn(metadata: Record<string, unknown>, now: Date): boolean {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(String(metadata.expirationDate ?? ""));
  if (!match) return false;
  const [, dd, mm, yyyy] = match;
  return new Date(Number(yyyy), Number(mm) - 1, Number(dd) + 1).getTime() <= now.getTime();
}

/**
 * `{success}` = the document is valid today (e.g. an expired passport answers false). The code is spent; a refusal
 * (403) leaves it usable.
 */
export const identifyDocument =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const body = validate(DocumentIdentificationRequestSchema, req.body);
    const branch = findBranch(ctx, body.branchId);
    const record = liveCode(ctx, ctx.codes.findByBarcode(body.barcode));
    const allowed: readonly string[] = branch.scopes.documentIdentification ?? [];
    if (!allowed.includes(record.documentType)) {
      // Two reasons, one 403: the branch lacks the type, or Diia validates no such type at all (spec §3.1).
      const never = !(IDENTIFICATION_DOCUMENT_TYPES as readonly string[]).includes(record.documentType);
      throw new SandboxError(
        "FORBIDDEN",
        never
          ? "Access forbidden: this document type cannot be validated"
          : "Access forbidden: the branch may not validate this document type",
        { data: { documentType: record.documentType } },
      );
    }
    const { document } = citizenDocument(ctx, record);
    // The one-time code exists for one verification (spec §6, single use): a check spends it like a share.
    ctx.codes.use(record);
    res.json({ success: !expiredOn(document.metadata, ctx.now()) });
  };
