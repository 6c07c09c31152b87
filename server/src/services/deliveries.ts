import { createHash, randomUUID } from "node:crypto";
import { isSharedDocumentType, type ReadMetadata, readMetadata, scopeAllows } from "@stiika/diia";
import { AppError } from "../errors.ts";
import { seal } from "../lib/seal.ts";
import type { SignerInfo, UnwrapPart } from "../lib/unwrap-pool.ts";
import type { Queryable } from "../store/store.ts";
import { type AuditAction, type AuditEntry, appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { lifecycle } from "./lifecycle.ts";
import { indexDocument } from "./manage-search.ts";
import type { RequestKind, RequestStatus } from "./requests.ts";

/**
 * A Diia callback (spec §4): match it to its request by `X-Document-Request-Trace-Id`, open every envelope in the
 * worker pool, check that what Diia signed is for this request (`bind`), store the documents sealed and mark the
 * request received — all committed before we answer success. The request's states and what each does with a
 * delivery are in server/README.md ("Request lifecycle").
 *
 * Answers (Diia retries anything but 200 `{success: true}`):
 * - 200 success: stored; a duplicate of something stored (same bytes, or the same signed envelopes); kept for the
 *   branch's managers as `late` (genuine, consented within the request's life, but the request had closed);
 *   dropped because the copy was deleted; an orphan (no such request: only a digest, the size and a few headers
 *   are kept).
 * - 503 `{success: false}`: not for our key, signer not pinned, or we are busy — a retry may succeed.
 * - 400 `{success: false}`: the bytes are bad or not for this request; a retry of the same bytes cannot help.
 * Nothing that fails here changes the request: whoever posts bad bytes with a trace id cannot fail a request.
 */
export interface ReceivedPart {
  field: string;
  filename: string;
  /** Base64 text of the DER envelope, as Diia sends it. */
  text: string;
}

export interface CallbackInput {
  traceId: string | undefined;
  fields: Record<string, string>;
  files: ReceivedPart[];
  /** A few request headers kept with orphans and rejected samples (never the body). */
  headers?: Record<string, string | null>;
}

export interface CallbackAnswer {
  status: number;
  body: { success: boolean; error?: string };
}

const ok: CallbackAnswer = { status: 200, body: { success: true } };
const answer = (status: number, error: string): CallbackAnswer => ({
  status,
  body: { success: false, error },
});

/**
 * Failures a change on our side (keys, pinned certificates) or time can fix: worth Diia's retry. The signer's
 * revocation status unknown (neither OCSP nor the CRL answered, STIIKA_REVOCATION=require) is one of them.
 */
const RETRYABLE = new Set([
  "NOT_FOR_US",
  "UNTRUSTED_SIGNER",
  "CERT_EXPIRED_AT_SIGNING",
  "REVOCATION_UNAVAILABLE",
]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Orphan and rejected samples kept at most (rows), whatever their size; beyond it they are only counted. */
export const MAX_SAMPLES = 10_000;

function contentHash(input: CallbackInput): string {
  const h = createHash("sha256").update(input.traceId ?? "");
  for (const [k, v] of Object.entries(input.fields).sort(([a], [b]) => (a < b ? -1 : 1))) {
    h.update(`\nfield:${k}=`).update(v);
  }
  for (const f of input.files) h.update(`\nfile:${f.field}/${f.filename}=`).update(f.text);
  return h.digest("hex");
}

const sizeOf = (input: CallbackInput) =>
  Object.values(input.fields).reduce((n, v) => n + v.length, 0) +
  input.files.reduce((n, f) => n + f.text.length, 0);

const b64 = (buf: Buffer) => buf.toString("base64");

interface DocumentToStore {
  type: string;
  pdf: Uint8Array;
  envelope: string;
  metadata: unknown;
  normalised: unknown;
}

interface RequestForDelivery {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  code: string | null;
  qr_document_id: string | null;
  document_types: string[];
  created_at: Date;
  expires_at: Date;
  closed_at: Date | null;
}

export async function receiveCallback(s: Services, input: CallbackInput): Promise<CallbackAnswer> {
  const traceId = input.traceId?.trim();
  if (!traceId) return refuse(s, input, "MISSING_TRACE_ID", 400);
  const encodeData = input.fields.encodeData;
  if (!encodeData) return refuse(s, input, "MISSING_METADATA", 400);
  const hash = contentHash(input);
  const seen = await s.store.query("SELECT 1 FROM deliveries WHERE content_hash = $1", [hash]);
  if (seen.rowCount > 0) return ok;

  const request = UUID.test(traceId)
    ? (
        await s.store.query<RequestForDelivery>(
          `SELECT id, kind, status, code, qr_document_id, document_types, created_at, expires_at, closed_at
           FROM requests WHERE id = $1`,
          [traceId],
        )
      ).rows[0]
    : undefined;
  if (!request) {
    await sample(s, input, { outcome: "orphan", code: "UNKNOWN_REQUEST", hash, keepParts: false });
    s.log.warn({ code: "UNKNOWN_REQUEST" }, "a Diia callback names no request");
    return ok;
  }

  const pool = s.diia.pool;
  if (!pool) return answer(503, "NOT_READY");
  let opened: UnwrapPart[];
  try {
    opened = await pool.unwrap([encodeData, ...input.files.map((f) => f.text)]);
  } catch (e) {
    if (e instanceof AppError && e.code === "BUSY") return answer(503, "BUSY");
    throw e;
  }
  const [meta, ...files] = opened as [UnwrapPart, ...UnwrapPart[]];
  const failed = opened.find((p) => !p.ok);
  // Any failure code of the envelope library means "does not verify"; only the retry advice depends on it.
  if (failed && !failed.ok) return reject(s, input, hash, request.id, failed.code);
  if (!meta.ok) throw new Error("unreachable");

  // Read, never refused for its shape: a delivery Diia signed for this request is kept even when a field has an
  // unexpected form; what could not be read is marked for a person to check (`manualCheck`).
  const parsed = readMetadata(meta.content);
  const now = s.clock();
  // Verified: is the certificate Diia signed with still valid? A revoked one is refused like a signature that
  // does not verify (the request is untouched; Diia may send again, signed with a valid certificate).
  const revocation = await checkSigners(s, opened as Extract<UnwrapPart, { ok: true }>[]);
  if (!revocation.ok) return reject(s, input, hash, request.id, revocation.code);
  const bound = bind(request, parsed, meta, input, files, {
    skewMs: s.config.diia.clockSkewMs,
    now,
    revocation: revocation.summary,
  });
  if (!bound.ok) return reject(s, input, hash, request.id, bound.code);
  const { docs, digests, consentedAt } = bound;
  const deliveryId = randomUUID();

  const outcome = await lifecycle(s, async (tx, life) => {
    const current = await life.lock(request.id);
    if (!current) throw new Error("the request row vanished");
    const known = (
      await tx.query<{ request_id: string }>(
        "SELECT request_id FROM envelope_digests WHERE digest = ANY($1::text[])",
        [digests],
      )
    ).rows;
    if (known.some((k) => k.request_id !== request.id)) return "replayed" as const;
    // Everything signed here was stored for this request already: a retry, re-encrypted or not.
    if (known.length === digests.length) return "duplicate" as const;
    if (known.length > 0) return "replayed" as const;

    const base = { deliveryId, hash, traceId, requestId: request.id, now, consentedAt, docs };
    if (current.state === "deleted") {
      // The copy was deleted at the client's request: nothing of it comes back, not even on Diia's retry.
      await insertDelivery(tx, s.dataKey, {
        ...base,
        outcome: "dropped",
        parts: null,
        lateReason: "deleted",
      });
      await rememberDigests(tx, digests, request.id, deliveryId, now);
      await audit(tx, now, deliveryId, "delivery.dropped", { requestId: request.id, reason: "deleted" });
      return "dropped" as const;
    }
    let state = current.state;
    if (state === "waiting" && now.getTime() >= current.expiresAt.getTime()) {
      await life.move(request.id, "expired", { reason: "EXPIRED", action: "request.closed" });
      state = "expired";
    }
    // Arrival is judged by our own clock (no skew): a failed request takes a delivery only within its lifetime.
    const open = (state === "waiting" || state === "failed") && now.getTime() < current.expiresAt.getTime();
    if (!open) {
      // Genuine and consented in time, but the request has closed: the branch's managers decide.
      await insertDelivery(tx, s.dataKey, {
        ...base,
        outcome: "late",
        parts: { documents: docs.map(serialise) },
        lateReason: state,
      });
      await rememberDigests(tx, digests, request.id, deliveryId, now);
      await audit(tx, now, deliveryId, "delivery.late", {
        requestId: request.id,
        state,
        documents: docs.length,
      });
      return "late" as const;
    }
    await insertDelivery(tx, s.dataKey, {
      ...base,
      outcome: "accepted",
      // Fields only: the files are kept inside the documents below.
      parts: { fields: input.fields, files: [] },
      lateReason: null,
    });
    await rememberDigests(tx, digests, request.id, deliveryId, now);
    await storeDocuments(tx, s.dataKey, request.id, deliveryId, docs, now);
    await life.move(request.id, "received", {
      action: "delivery.received",
      details: {
        deliveryId,
        documents: docs.length,
        ...(state === "failed" ? { after: current.reason } : {}),
      },
    });
    return "stored" as const;
  }).catch((e) => {
    if (e instanceof Replayed) return "replayed" as const;
    throw e;
  });
  if (outcome === "replayed") return reject(s, input, hash, request.id, "ENVELOPE_REPLAYED");
  if (outcome === "late") s.log.warn({ deliveryId }, "a genuine delivery came after its request closed");
  return ok;
}

/**
 * The revocation status of every distinct signer certificate of the delivery (usually one): the first refusal
 * wins; otherwise a summary kept with each document's provenance (good via OCSP/CRL, or unchecked under
 * soft-fail). Logged with Diia's certificate serial only, never the delivery's content.
 */
async function checkSigners(
  s: Services,
  parts: Extract<UnwrapPart, { ok: true }>[],
): Promise<{ ok: true; summary: unknown } | { ok: false; code: string }> {
  const seen = new Map<string, Uint8Array>();
  for (const p of parts) seen.set(Buffer.from(p.signerCert).toString("base64"), p.signerCert);
  const summary: unknown[] = [];
  for (const der of seen.values()) {
    const v = await s.revocation.check(der);
    if (!v.accept) {
      s.log.warn(
        v.code === "SIGNER_REVOKED"
          ? { code: v.code, serial: v.serial, source: v.source, revokedAt: v.revokedAt, reason: v.reason }
          : { code: v.code, serial: v.serial, problems: v.problems },
        v.code === "SIGNER_REVOKED"
          ? "refused a Diia delivery: its signing certificate is revoked"
          : "refused a Diia delivery for now: the signing certificate's revocation status is unknown",
      );
      return { ok: false, code: v.code };
    }
    summary.push(
      v.status === "good"
        ? { serial: v.serial, status: "good", source: v.source, checkedAt: s.clock().toISOString() }
        : { serial: v.serial, status: "unchecked", problems: v.problems, checkedAt: s.clock().toISOString() },
    );
  }
  return { ok: true, summary: summary.length === 1 ? summary[0] : summary };
}

function serialise(d: DocumentToStore) {
  return { ...d, pdf: Buffer.from(d.pdf).toString("base64") };
}

/** Inserts the documents of a delivery (sealed) with their search index rows. */
export async function storeDocuments(
  tx: Queryable,
  key: Buffer,
  requestId: string,
  deliveryId: string,
  docs: DocumentToStore[],
  now: Date,
): Promise<void> {
  for (const d of docs) {
    const id = randomUUID();
    const sealed = (kind: string, data: Uint8Array) => b64(seal(key, { rowId: id, kind }, Buffer.from(data)));
    await tx.query(
      `INSERT INTO documents (id, request_id, delivery_id, doc_type, pdf_sealed, envelope_sealed, metadata_sealed, created_at)
       VALUES ($1, $2, $3, $4, decode($5, 'base64'), decode($6, 'base64'), decode($7, 'base64'), $8)`,
      [
        id,
        requestId,
        deliveryId,
        d.type,
        sealed("pdf", d.pdf),
        sealed("envelope", Buffer.from(d.envelope, "utf8")),
        sealed("metadata", Buffer.from(JSON.stringify(d.metadata), "utf8")),
        now,
      ],
    );
    await indexDocument(tx, key, { documentId: id, requestId, normalised: d.normalised });
  }
}

/** The digest of what one envelope's signature covers: the same signature gets the same digest however wrapped. */
function signedDigest(part: Extract<UnwrapPart, { ok: true }>): string {
  const content = createHash("sha256").update(part.content).digest("hex");
  return createHash("sha256")
    .update(`${part.signer.issuer}\n${part.signer.serial}\n${part.signingTime ?? ""}\n${content}`)
    .digest("hex");
}

type Bound =
  | { ok: true; docs: DocumentToStore[]; digests: string[]; consentedAt: Date }
  | { ok: false; code: string };

/** The names, birth date and РНОКПП a document says its holder has (a birth certificate's are the child's). */
interface Person {
  lastName?: { uk: string };
  firstName?: { uk: string };
  birthDate?: string;
  taxpayerNumber?: string;
}
const comparable = (v: string) =>
  v
    .normalize("NFC")
    .toLocaleLowerCase("uk")
    .replace(/[’'ʼ`‘]/g, "'")
    .replace(/\s+/g, " ")
    .trim();

/**
 * Whether what Diia signed is for this request, and the documents to store when it is:
 * - the flow's own binding: deeplink → the signed `requestId` is this request; barcode → the signed `barcode` is
 *   the code the teller scanned; QR → the one item is the document the QR named (its type and Diia `id`);
 * - every delivered type was requested (`passport` = either passport);
 * - every envelope's signingTime lies within the request's life (created … expiry, or cancel/decline), give or
 *   take the configured clock skew; an envelope without one cannot be placed in time and is refused;
 * - each file part pairs with its metadata item by `fileName` (no positional fallback), every part used once;
 * - all documents describe the same person where both carry a name, birth date or РНОКПП.
 */
function bind(
  request: RequestForDelivery,
  meta: ReadMetadata,
  metaPart: Extract<UnwrapPart, { ok: true }>,
  input: CallbackInput,
  opened: UnwrapPart[],
  at: { skewMs: number; now: Date; revocation: unknown },
): Bound {
  const { skewMs, now } = at;
  const fail = (code: string): Bound => ({ ok: false, code });
  // The signed field that names the request decides, whatever else the metadata carries (both requestId and
  // barcode may come).
  if (request.kind === "deeplink") {
    if (meta.requestId !== request.id) return fail("NOT_THIS_REQUEST");
  } else {
    if (meta.barcode === undefined) return fail("NOT_THIS_REQUEST");
    if (request.kind === "barcode" && meta.barcode !== request.code) return fail("NOT_THIS_REQUEST");
    if (meta.documents.length !== 1) return fail("PARTS_MISMATCH");
  }
  if (request.kind === "qr") {
    const [doc] = meta.documents;
    const id = (doc?.raw as { id?: unknown } | undefined)?.id;
    if (doc?.type !== request.document_types[0] || id !== request.qr_document_id)
      return fail("NOT_THIS_REQUEST");
  }
  if (meta.documents.length === 0) return fail("PARTS_MISMATCH");
  for (const doc of meta.documents) {
    const allowed = isSharedDocumentType(doc.type)
      ? scopeAllows(request.document_types, doc.type)
      : request.document_types.includes(doc.type);
    if (!allowed) return fail("TYPE_NOT_REQUESTED");
  }

  const lifeStart = request.created_at.getTime() - skewMs;
  const closedEarly = request.status === "cancelled" || request.status === "declined";
  const lifeEnd =
    (closedEarly && request.closed_at ? request.closed_at : request.expires_at).getTime() + skewMs;
  const signed = [metaPart, ...opened] as Extract<UnwrapPart, { ok: true }>[];
  for (const p of signed) {
    if (!p.signingTime) return fail("SIGNING_TIME_MISSING");
    const t = Date.parse(p.signingTime);
    if (!(t >= lifeStart && t <= lifeEnd)) return fail("SIGNED_OUTSIDE_REQUEST");
  }

  const parts = input.files.map((part, i) => ({ part, opened: opened[i] as UnwrapPart, used: false }));
  const docs: DocumentToStore[] = [];
  for (const doc of meta.documents) {
    const fileName = (doc.raw as { fileName?: unknown } | null)?.fileName;
    if (typeof fileName !== "string" || fileName === "") return fail("FILE_NAME_MISSING");
    const candidates = parts.filter((u) => {
      if (u.used) return false;
      // The multipart shape follows the request's flow (spec §4), not which fields the metadata happens to carry.
      if (request.kind === "deeplink") return u.part.field === doc.type && u.part.filename === fileName;
      // Barcode/QR (spec §4.2): the file part's own filename, or the `encryptedFileName` field (senders give
      // one or both); when both are given they must agree.
      const named = input.fields.encryptedFileName;
      if (u.part.field !== "encryptedFile") return false;
      if (u.part.filename && named !== undefined && u.part.filename !== named) return false;
      return (u.part.filename || named) === fileName;
    });
    const match = candidates[0];
    if (candidates.length !== 1 || !match?.opened.ok) return fail("PARTS_MISMATCH");
    match.used = true;
    docs.push({
      type: doc.type,
      pdf: match.opened.content,
      envelope: match.part.text,
      normalised: doc.normalised ?? null,
      metadata: {
        known: doc.known,
        raw: doc.raw,
        normalised: doc.normalised ?? null,
        // Paths whose shape did not fit the questionnaire: the teller checks them by hand.
        manualCheck: doc.manualCheck,
        provenance: {
          signer: match.opened.signer,
          signingTime: match.opened.signingTime,
          metadataSigner: metaPart.signer satisfies SignerInfo,
          metadataSigningTime: metaPart.signingTime,
          receivedAt: now.toISOString(),
          verified: true,
          // What OCSP or the CRL said about the signer's certificate (or why it was not checked).
          revocation: at.revocation,
        },
      },
    });
  }
  if (parts.some((u) => !u.used)) return fail("PARTS_MISMATCH");

  const people = meta.documents
    .filter((d) => d.known && d.type !== "birth-certificate")
    .map((d) => (d.normalised as { person?: Person } | undefined)?.person ?? {});
  const fieldsOf = (p: Person) => ({
    lastName: p.lastName?.uk && comparable(p.lastName.uk),
    firstName: p.firstName?.uk && comparable(p.firstName.uk),
    birthDate: p.birthDate,
    taxpayerNumber: p.taxpayerNumber,
  });
  for (const key of ["lastName", "firstName", "birthDate", "taxpayerNumber"] as const) {
    const values = new Set(people.map((p) => fieldsOf(p)[key]).filter((v) => typeof v === "string" && v));
    if (values.size > 1) return fail("DIFFERENT_PEOPLE");
  }

  return {
    ok: true,
    docs,
    digests: [...new Set(signed.map(signedDigest))],
    consentedAt: new Date(Date.parse(metaPart.signingTime as string)),
  };
}

interface DeliveryRow {
  deliveryId: string;
  hash: string;
  traceId: string;
  requestId: string;
  outcome: "accepted" | "late" | "dropped";
  parts: unknown;
  lateReason: string | null;
  consentedAt: Date;
  docs: DocumentToStore[];
  now: Date;
}

async function insertDelivery(tx: Queryable, key: Buffer, d: DeliveryRow): Promise<void> {
  const sealed =
    d.parts === null
      ? null
      : b64(seal(key, { rowId: d.deliveryId, kind: "parts" }, Buffer.from(JSON.stringify(d.parts), "utf8")));
  await tx.query(
    `INSERT INTO deliveries (id, request_id, received_at, content_hash, outcome, trace_id, parts_sealed, consented_at,
       late_reason, document_types, review)
     VALUES ($1, $2, $3, $4, $5, $6, decode($7, 'base64'), $8, $9, $10, $11)`,
    [
      d.deliveryId,
      d.requestId,
      d.now,
      d.hash,
      d.outcome,
      d.traceId,
      sealed,
      d.consentedAt,
      d.lateReason,
      d.docs.map((x) => x.type),
      d.outcome === "late" ? "pending" : null,
    ],
  );
}

/** Thrown inside the transaction to roll it back: another request took one of these envelopes meanwhile. */
class Replayed extends Error {}

/**
 * Records the digests; a concurrent delivery of the same envelope for another request (which locked another
 * request row, so the check above could not see it) makes the insert wait for it and then find the digest taken.
 */
async function rememberDigests(
  tx: Queryable,
  digests: string[],
  requestId: string,
  deliveryId: string,
  now: Date,
): Promise<void> {
  for (const digest of digests) {
    const r = await tx.query(
      `INSERT INTO envelope_digests (digest, request_id, delivery_id, created_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (digest) DO NOTHING`,
      [digest, requestId, deliveryId, now],
    );
    if (r.rowCount === 0) throw new Replayed();
  }
}

function audit(
  tx: Queryable,
  now: Date,
  deliveryId: string,
  action: AuditAction,
  details: AuditEntry["details"],
) {
  return appendAudit(tx, now, {
    actorId: null,
    action,
    subjectType: "delivery",
    subjectId: deliveryId,
    details,
  });
}

/** Counts a refused webhook post (per UTC day and code); no bytes are kept. */
export async function countRefusal(
  s: Services,
  code: string,
  bytes: number,
  outcome = "refused",
): Promise<void> {
  await s.store.query(
    `INSERT INTO callback_counts (day, outcome, code, n, bytes) VALUES ($1::date, $2, $3, 1, $4)
     ON CONFLICT (day, outcome, code) DO UPDATE SET n = callback_counts.n + 1, bytes = callback_counts.bytes + EXCLUDED.bytes`,
    [s.clock().toISOString().slice(0, 10), outcome, code, bytes],
  );
}

/**
 * Counts an orphan or a rejected post and keeps a sample for support: its digest, size and a few headers while
 * fewer than MAX_SAMPLES rows are kept; the parts themselves (sealed) only for rejected posts, and only while
 * the sum kept stays within `STIIKA_CALLBACK_KEEP_MB`. Concurrent posts may each pass the check before either
 * inserts, so the cap can be overshot by at most the uploads in flight.
 */
async function sample(
  s: Services,
  input: CallbackInput,
  o: { outcome: "orphan" | "rejected"; code: string; hash: string; keepParts: boolean },
): Promise<void> {
  const size = sizeOf(input);
  await countRefusal(s, o.code, size, o.outcome);
  const id = randomUUID();
  const kept = (
    await s.store.query<{ rows: number; bytes: string }>(
      "SELECT count(*)::int AS rows, coalesce(sum(kept_bytes), 0)::text AS bytes FROM callback_samples",
    )
  ).rows[0] ?? { rows: 0, bytes: "0" };
  if (kept.rows >= MAX_SAMPLES) return;
  const keep = o.keepParts && Number(kept.bytes) + size <= s.config.diia.callback.keepBytes;
  const parts = keep
    ? b64(
        seal(
          s.dataKey,
          { rowId: id, kind: "parts" },
          Buffer.from(JSON.stringify({ fields: input.fields, files: input.files }), "utf8"),
        ),
      )
    : null;
  await s.store.query(
    `INSERT INTO callback_samples (id, received_at, outcome, code, trace_id, digest, size, headers, parts_sealed, kept_bytes)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, decode($9, 'base64'), $10)`,
    [
      id,
      s.clock(),
      o.outcome,
      o.code,
      input.traceId?.slice(0, 100) ?? null,
      o.hash,
      size,
      JSON.stringify(
        Object.fromEntries(
          Object.entries(input.headers ?? {}).map(([k, v]) => [k, v?.slice(0, 200) ?? null]),
        ),
      ),
      parts,
      keep ? size : 0,
    ],
  );
}

async function refuse(s: Services, input: CallbackInput, code: string, status: number) {
  await countRefusal(s, code, sizeOf(input));
  return answer(status, code);
}

/** Bytes that do not verify, or genuine ones not for this request: counted and sampled; the request untouched. */
async function reject(
  s: Services,
  input: CallbackInput,
  hash: string,
  requestId: string,
  code: string,
): Promise<CallbackAnswer> {
  await sample(s, input, { outcome: "rejected", code, hash, keepParts: true });
  s.log.warn({ requestId, code }, "rejected a Diia delivery");
  return answer(RETRYABLE.has(code) ? 503 : 400, code);
}
