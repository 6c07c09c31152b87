import {
  type DetachedSignatureResult,
  DiiaError,
  MetadataError,
  parseSigningCallback,
  SIGNING_HASH,
  signingDigest,
  verifyDetachedSignature,
} from "@stiika/diia";
import { seal } from "../lib/seal.ts";
import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { type CallbackAnswer, type CallbackInput, countRefusal } from "./deliveries.ts";
import {
  change,
  openSigningPdf,
  requestDocuments,
  type SignerView,
  type SigningReason,
  type SigningRow,
  signingRow,
} from "./signings.ts";

/**
 * The Дія.Підпис callback (`X-Diia-Id-Action: hashedFilesSigning`, spec §7) at the same webhook URL: one part,
 * `encodeData` = base64 JSON `{signedItems: [{name, signature}]}`. Matched to its signing by
 * `X-Document-Request-Trace-Id` (the fresh requestId we sent Diia), then — every check on its own —
 * - exactly one item, named exactly as the file we sent;
 * - a detached CAdES signature over the hash recomputed from the stored PDF, by a certificate that chains to the
 *   configured qualified CAs, valid at its signingTime (`verifyDetachedSignature`), not revoked (OCSP / CRL);
 * - signed within the signing's life (± the clock skew): created … expiry, or the cancel/decline;
 * - a signature not already accepted (its digest is unique across signings);
 * - the РНОКПП in the certificate equal to the client's from the shared documents: `signed`; otherwise the
 *   signature is kept and the signing is `signed_by_other`, never `signed`.
 * A refusal answers a typed code (400/404/409/422, 503 when a retry may help) and leaves the signing's state as
 * it was: only `refusedCallbacks` grows, audited without personal data (the first MAX_AUDITED refusals of each
 * signing; all of them are counted per day in `callback_counts`).
 *
 * Late: a verified signature that arrives after the signing expired (or its Diia call failed) is accepted when
 * its signingTime lies within the signing's life — the client confirmed in time; a cancelled or declined signing
 * refuses everything (409 SIGNING_CLOSED).
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Refusals audited per signing; beyond them only counted (unauthenticated posts must not grow the chain). */
export const MAX_AUDITED = 20;

const ok: CallbackAnswer = { status: 200, body: { success: true } };
const answer = (status: number, error: string): CallbackAnswer => ({
  status,
  body: { success: false, error },
});

/** What each refusal answers: 422 a signature that does not verify for us; 503 when a retry may succeed. */
const RETRYABLE = new Set(["REVOCATION_UNAVAILABLE"]);
const CONFLICTS = new Set(["SIGNING_CLOSED", "SIGNATURE_REPLAYED"]);
const BAD_REQUESTS = new Set([
  "MISSING_ENCODE_DATA",
  "UNEXPECTED_PART",
  "MALFORMED_CALLBACK",
  "DUPLICATE_NAME",
]);

function statusOf(code: string): number {
  if (RETRYABLE.has(code)) return 503;
  if (CONFLICTS.has(code)) return 409;
  if (BAD_REQUESTS.has(code)) return 400;
  return 422;
}

/** Counts, audits (bounded) and answers a refusal; the signing's state is untouched, its counter grows. */
async function refuse(s: Services, signing: SigningRow, code: string, size: number): Promise<CallbackAnswer> {
  await countRefusal(s, code, size);
  await change(s, async (tx, c) => {
    await c.touch(signing.id, "refused_callbacks = refused_callbacks + 1", []);
    const n = (
      await tx.query<{ n: number }>("SELECT refused_callbacks AS n FROM signings WHERE id = $1", [signing.id])
    ).rows[0]?.n;
    if (n !== undefined && n <= MAX_AUDITED)
      await appendAudit(tx, s.clock(), {
        actorId: null,
        action: "signing.callback_refused",
        subjectType: "signing",
        subjectId: signing.id,
        details: { requestId: signing.request_id, code },
      });
  });
  s.log.warn({ signingId: signing.id, code }, "refused a Дія.Підпис callback");
  return answer(statusOf(code), code);
}

const sizeOf = (input: CallbackInput) =>
  Object.values(input.fields).reduce((n, v) => n + v.length, 0) +
  input.files.reduce((n, f) => n + f.text.length, 0);

/** The client's РНОКПП values from the shared documents (one person: the binding of issue 11 made sure). */
async function clientRnokpp(s: Services, requestId: string): Promise<Set<string>> {
  const docs = await requestDocuments(s, s.store, requestId);
  const out = new Set<string>();
  for (const d of docs) {
    const n = (d.meta.normalised as { person?: { taxpayerNumber?: unknown } } | null)?.person?.taxpayerNumber;
    if (typeof n === "string" && /^\d{10}$/.test(n)) out.add(n);
  }
  return out;
}

export function signerView(v: DetachedSignatureResult, rnokppMatches: boolean): SignerView {
  const subject = v.signerCertificate.subject;
  const fullName =
    subject.commonName ?? ([subject.surname, subject.givenName].filter(Boolean).join(" ") || subject.text);
  return {
    fullName,
    rnokppMatches,
    signingTime: v.signingTime?.toISOString() ?? null,
    certificateSerial: v.signerCertificate.serial,
    issuer: v.issuerCertificate.subject.commonName ?? v.issuerCertificate.subject.text,
  };
}

/** What a verified signature says against the client: the status it earns and why. */
export function judgeSigner(
  signerRnokpp: string | undefined,
  client: Set<string>,
): { status: "signed" | "signed_by_other"; reason: SigningReason | null } {
  if (signerRnokpp === undefined) return { status: "signed_by_other", reason: "SIGNER_RNOKPP_MISSING" };
  if (client.size === 0) return { status: "signed_by_other", reason: "CLIENT_RNOKPP_MISSING" };
  if (client.size === 1 && client.has(signerRnokpp)) return { status: "signed", reason: null };
  return { status: "signed_by_other", reason: "SIGNED_BY_OTHER" };
}

/**
 * Verifies `signature` for `signing` over its stored PDF now: the verifier's result, or the refusal code. Used by
 * the callback and by the managers' re-verification.
 */
export async function verifyForSigning(
  s: Services,
  signing: Pick<SigningRow, "id" | "sign_algo" | "file_hash">,
  signature: string | Uint8Array,
): Promise<{ ok: true; result: DetachedSignatureResult } | { ok: false; code: string }> {
  const link = s.diia.link;
  if (!link || link.signingCAs.length === 0) return { ok: false, code: "NOT_READY" };
  const pdf = await openSigningPdf(s, s.store, signing.id);
  const digest = signingDigest(pdf, SIGNING_HASH[signing.sign_algo]);
  // The hash we sent came from these same bytes; a mismatch means the stored row was changed.
  if (Buffer.from(digest).toString("base64") !== signing.file_hash)
    return { ok: false, code: "STORED_PDF_CHANGED" };
  let result: DetachedSignatureResult;
  try {
    result = verifyDetachedSignature({
      signature,
      expectedHash: digest,
      hashAlgorithm: SIGNING_HASH[signing.sign_algo],
      trustedCAs: link.signingCAs,
      at: s.clock(),
    });
  } catch (e) {
    if (e instanceof DiiaError) return { ok: false, code: e.code };
    throw e;
  }
  if (!result.signingTime) return { ok: false, code: "SIGNING_TIME_MISSING" };
  const verdict = await s.revocation.check(result.signerCertificate.der, result.issuerCertificate);
  if (!verdict.accept) return { ok: false, code: verdict.code };
  return { ok: true, result };
}

export async function receiveSigningCallback(s: Services, input: CallbackInput): Promise<CallbackAnswer> {
  const size = sizeOf(input);
  const traceId = input.traceId?.trim();
  if (!traceId) {
    await countRefusal(s, "MISSING_TRACE_ID", size);
    return answer(400, "MISSING_TRACE_ID");
  }
  const found = UUID.test(traceId)
    ? (
        await s.store.query<{ id: string }>("SELECT id FROM signings WHERE diia_request_id = $1", [
          traceId.toLowerCase(),
        ])
      ).rows[0]
    : undefined;
  const signing = found && (await signingRow(s.store, found.id));
  if (!signing) {
    // Nothing of it is kept: it names no signing (a manager may have deleted the copy, and the signing with it).
    await countRefusal(s, "UNKNOWN_SIGNING", size);
    return answer(404, "UNKNOWN_SIGNING");
  }

  // One part, encodeData (a field, or a text part with a file name: senders differ); anything else is refused.
  const parts = [...Object.keys(input.fields), ...input.files.map((f) => f.field)];
  const encodeData = input.fields.encodeData ?? input.files.find((f) => f.field === "encodeData")?.text;
  if (encodeData === undefined) return refuse(s, signing, "MISSING_ENCODE_DATA", size);
  if (parts.length !== 1) return refuse(s, signing, "UNEXPECTED_PART", size);

  if (signing.status === "cancelled" || signing.status === "declined")
    return refuse(s, signing, "SIGNING_CLOSED", size);
  if (!s.diia.link || s.diia.link.signingCAs.length === 0) return answer(503, "NOT_READY");

  let items: { name: string; signature: string }[];
  try {
    items = parseSigningCallback(encodeData).signedItems;
  } catch (e) {
    if (!(e instanceof MetadataError)) throw e;
    const duplicate = e.issues.some((i) => i.path === "signedItems" && i.code === "custom");
    return refuse(s, signing, duplicate ? "DUPLICATE_NAME" : "MALFORMED_CALLBACK", size);
  }
  // We sent one file: exactly one item, named exactly as sent (names are distinct, so at most one matches).
  const item = items.find((i) => i.name === signing.file_name);
  if (!item) return refuse(s, signing, "FILE_NAME_MISMATCH", size);
  if (items.length !== 1) return refuse(s, signing, "UNEXPECTED_ITEM", size);

  const verified = await verifyForSigning(s, signing, item.signature);
  if (!verified.ok) {
    if (verified.code === "NOT_READY") return answer(503, "NOT_READY");
    return refuse(s, signing, verified.code, size);
  }
  const v = verified.result;
  const signedAt = (v.signingTime as Date).getTime();
  const skew = s.config.diia.clockSkewMs;
  if (signedAt < signing.created_at.getTime() - skew || signedAt > signing.expires_at.getTime() + skew)
    return refuse(s, signing, "SIGNED_OUTSIDE_SIGNING", size);

  if (signing.status === "signed" || signing.status === "signed_by_other")
    // Diia's retry of what we already stored is a success; any other signature for it is not.
    return signing.signature_digest === v.signatureDigest ? ok : refuse(s, signing, "SIGNING_CLOSED", size);
  const taken = (
    await s.store.query<{ id: string }>("SELECT id FROM signings WHERE signature_digest = $1", [
      v.signatureDigest,
    ])
  ).rows[0];
  if (taken) return refuse(s, signing, "SIGNATURE_REPLAYED", size);

  const judged = judgeSigner(v.rnokpp, await clientRnokpp(s, signing.request_id));
  const signer = signerView(v, judged.status === "signed");
  const der = Buffer.from(decodeSignature(item.signature));
  const sealedSignature = seal(s.dataKey, { rowId: signing.id, kind: "signature" }, der).toString("base64");
  const sealedSigner = seal(
    s.dataKey,
    { rowId: signing.id, kind: "signer" },
    Buffer.from(JSON.stringify(signer)),
  );
  const outcome = await change(s, async (_tx, c) => {
    const current = await c.lock(signing.id);
    if (!current) return "gone" as const;
    if (current.signature_digest === v.signatureDigest) return "duplicate" as const;
    const moved = await c.move(signing.id, judged.status, {
      reason: judged.reason,
      action: "signing.signed",
      details: {
        signAlgo: signing.sign_algo,
        rnokppMatches: signer.rnokppMatches,
        late: current.status !== "waiting",
      },
      set: {
        sql: "signature_sealed = decode($1, 'base64'), signer_sealed = decode($2, 'base64'), signature_digest = $3, signed_at = $4",
        params: [sealedSignature, sealedSigner.toString("base64"), v.signatureDigest, s.clock()],
      },
    });
    return moved ? ("stored" as const) : ("closed" as const);
  }).catch((e) => {
    // The digest's unique index: the same signature landed for another signing meanwhile.
    if ((e as { code?: string })?.code === "23505") return "replayed" as const;
    throw e;
  });
  if (outcome === "duplicate") return ok;
  if (outcome === "gone") {
    await countRefusal(s, "UNKNOWN_SIGNING", size);
    return answer(404, "UNKNOWN_SIGNING");
  }
  if (outcome === "replayed") return refuse(s, signing, "SIGNATURE_REPLAYED", size);
  if (outcome === "closed") return refuse(s, signing, "SIGNING_CLOSED", size);
  s.log.info({ signingId: signing.id, status: judged.status }, "a Дія.Підпис signature was stored");
  return ok;
}

/** The signature as DER (Diia sends base64 text; verifyDetachedSignature already accepted it). */
function decodeSignature(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text.trim(), "base64"));
}
