import { createHash, randomUUID } from "node:crypto";
import { MetadataError, type ParsedMetadata, parseMetadata } from "@stiika/diia";
import { AppError } from "../errors.ts";
import { seal } from "../lib/seal.ts";
import type { SignerInfo, UnwrapPart } from "../lib/unwrap-pool.ts";
import type { Queryable } from "../store/store.ts";
import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { indexDocument } from "./manage-search.ts";
import type { RequestStatus } from "./requests.ts";

/**
 * A Diia callback (spec §4): match it to its request by `X-Document-Request-Trace-Id`, open every envelope in the
 * worker pool, store the documents sealed, mark the request received — all committed before we answer success.
 *
 * Answers (Diia retries anything but 200 `{success: true}`):
 * - 200 success: stored; or a duplicate of something already stored; or kept as `orphan` (no such request) or
 *   `late` (the request was already over) — a retry cannot change those, and the parts are kept sealed for
 *   support, so nothing the citizen consented to is lost.
 * - 503 `{success: false}`: the envelope is not for our key or its signer is not pinned (our configuration may be
 *   behind, so a retry after a fix can succeed), or we are busy.
 * - 400 `{success: false}`: the bytes themselves are bad (tampered signature, malformed, metadata that is not
 *   Diia's); a retry of the same bytes cannot help.
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
}

export interface CallbackAnswer {
  status: number;
  body: { success: boolean; error?: string };
}

const ok: CallbackAnswer = { status: 200, body: { success: true } };
const refuse = (status: number, error: string): CallbackAnswer => ({
  status,
  body: { success: false, error },
});

/** Envelope failures a change on our side (keys, pinned certificates) can fix: worth Diia's retry. */
const RETRYABLE = new Set(["NOT_FOR_US", "UNTRUSTED_SIGNER", "CERT_EXPIRED_AT_SIGNING"]);

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function contentHash(input: CallbackInput): string {
  const h = createHash("sha256").update(input.traceId ?? "");
  for (const [k, v] of Object.entries(input.fields).sort(([a], [b]) => (a < b ? -1 : 1))) {
    h.update(`\nfield:${k}=`).update(v);
  }
  for (const f of input.files) h.update(`\nfile:${f.field}/${f.filename}=`).update(f.text);
  return h.digest("hex");
}

const b64 = (buf: Buffer) => buf.toString("base64");

interface DocumentToStore {
  type: string;
  pdf: Uint8Array;
  envelope: string;
  metadata: unknown;
  normalised: unknown;
}

export async function receiveCallback(s: Services, input: CallbackInput): Promise<CallbackAnswer> {
  const traceId = input.traceId?.trim();
  if (!traceId) return refuse(400, "MISSING_TRACE_ID");
  const encodeData = input.fields.encodeData;
  if (!encodeData) return refuse(400, "MISSING_METADATA");
  const hash = contentHash(input);
  const existing = (
    await s.store.query<{ id: string; outcome: string }>(
      "SELECT id, outcome FROM deliveries WHERE content_hash = $1",
      [hash],
    )
  ).rows[0];
  if (existing && existing.outcome !== "rejected") return ok;
  const deliveryId = existing?.id ?? randomUUID();
  const now = s.clock();

  const request = UUID.test(traceId)
    ? (
        await s.store.query<{ id: string; status: RequestStatus; code: string | null; kind: string }>(
          "SELECT id, status, code, kind FROM requests WHERE id = $1",
          [traceId],
        )
      ).rows[0]
    : undefined;
  if (!request) {
    await keep(s, { deliveryId, hash, traceId, requestId: null, outcome: "orphan", input, now });
    return ok;
  }
  if (!acceptsDelivery(request.status)) {
    await keep(s, { deliveryId, hash, traceId, requestId: request.id, outcome: "late", input, now });
    return ok;
  }

  const pool = s.diia.pool;
  if (!pool) return refuse(503, "NOT_READY");
  let opened: UnwrapPart[];
  try {
    opened = await pool.unwrap([encodeData, ...input.files.map((f) => f.text)]);
  } catch (e) {
    if (e instanceof AppError && e.code === "BUSY") return refuse(503, "BUSY");
    throw e;
  }
  const [meta, ...files] = opened as [UnwrapPart, ...UnwrapPart[]];
  const failed = [meta, ...files].find((p) => !p.ok);
  if (failed && !failed.ok) {
    return reject(s, { deliveryId, hash, traceId, requestId: request.id, input, now }, failed.code);
  }
  if (!meta.ok) throw new Error("unreachable");

  let parsed: ParsedMetadata;
  try {
    parsed = parseMetadata(meta.content);
  } catch (e) {
    if (!(e instanceof MetadataError)) throw e;
    return reject(s, { deliveryId, hash, traceId, requestId: request.id, input, now }, "METADATA_INVALID");
  }
  const mismatch =
    (parsed.flow === "deeplink" && parsed.requestId !== traceId) ||
    (parsed.flow === "barcode" && request.kind === "barcode" && parsed.barcode !== request.code);
  const docs = mismatch
    ? undefined
    : pairDocuments(parsed, input.files, files, meta.signer, meta.signingTime, now);
  if (!docs) {
    return reject(s, { deliveryId, hash, traceId, requestId: request.id, input, now }, "PARTS_MISMATCH");
  }

  const stored = await s.store.transaction(async (tx) => {
    const current = (
      await tx.query<{ status: RequestStatus }>("SELECT status FROM requests WHERE id = $1 FOR UPDATE", [
        request.id,
      ])
    ).rows[0];
    if (!current || !acceptsDelivery(current.status)) return "late" as const;
    // Fields only: the files are kept inside the documents below.
    const parts = { fields: input.fields, files: [] };
    const inserted = await upsertDelivery(tx, s.dataKey, {
      deliveryId,
      hash,
      traceId,
      requestId: request.id,
      outcome: "accepted",
      errorCode: null,
      parts,
      now,
    });
    if (!inserted) return "duplicate" as const;
    for (const d of docs) {
      const id = randomUUID();
      const sealed = (kind: string, data: Uint8Array) =>
        b64(seal(s.dataKey, { rowId: id, kind }, Buffer.from(data)));
      await tx.query(
        `INSERT INTO documents (id, request_id, delivery_id, doc_type, pdf_sealed, envelope_sealed, metadata_sealed, created_at)
         VALUES ($1, $2, $3, $4, decode($5, 'base64'), decode($6, 'base64'), decode($7, 'base64'), $8)`,
        [
          id,
          request.id,
          deliveryId,
          d.type,
          sealed("pdf", d.pdf),
          sealed("envelope", Buffer.from(d.envelope, "utf8")),
          sealed("metadata", Buffer.from(JSON.stringify(d.metadata), "utf8")),
          now,
        ],
      );
      await indexDocument(tx, s.dataKey, { documentId: id, requestId: request.id, normalised: d.normalised });
    }
    await tx.query(
      `UPDATE requests SET status = 'received', reason = NULL, polling = false, version = version + 1, updated_at = $2
       WHERE id = $1`,
      [request.id, now],
    );
    await appendAudit(tx, now, {
      actorId: null,
      action: "delivery.received",
      subjectType: "request",
      subjectId: request.id,
      details: { deliveryId, outcome: "accepted", documents: docs.length },
    });
    return "stored" as const;
  });
  if (stored === "late") {
    await keep(s, { deliveryId, hash, traceId, requestId: request.id, outcome: "late", input, now });
  }
  if (stored === "stored") await s.changes.publish(request.id);
  return ok;
}

/** Waiting, or failed on our side (a timed-out document-request Diia did act on) — not finished otherwise. */
const acceptsDelivery = (status: RequestStatus) => status === "waiting" || status === "failed";

/**
 * Pairs each metadata item with its file part: by the item's `fileName` when it has one, else in order within
 * its type (barcode flow: the one `encryptedFile`). Undefined when a document has no file or a file no document.
 */
function pairDocuments(
  meta: ParsedMetadata,
  received: ReceivedPart[],
  opened: UnwrapPart[],
  metaSigner: SignerInfo,
  metaSigningTime: string | null,
  now: Date,
): DocumentToStore[] | undefined {
  const unused = received.map((part, i) => ({ part, opened: opened[i] as UnwrapPart, used: false }));
  const out: DocumentToStore[] = [];
  for (const doc of meta.documents) {
    const raw = doc.raw as { fileName?: unknown };
    const fileName = typeof raw?.fileName === "string" ? raw.fileName : undefined;
    const candidates = unused.filter(
      (u) =>
        !u.used && (meta.flow === "barcode" ? u.part.field === "encryptedFile" : u.part.field === doc.type),
    );
    const match =
      candidates.find((u) => fileName !== undefined && u.part.filename === fileName) ?? candidates[0];
    if (!match?.opened.ok) return undefined;
    match.used = true;
    out.push({
      type: doc.type,
      pdf: match.opened.content,
      envelope: match.part.text,
      normalised: doc.normalised ?? null,
      metadata: {
        known: doc.known,
        raw: doc.raw,
        normalised: doc.normalised ?? null,
        provenance: {
          signer: match.opened.signer,
          signingTime: match.opened.signingTime,
          metadataSigner: metaSigner,
          metadataSigningTime: metaSigningTime,
          receivedAt: now.toISOString(),
          verified: true,
        },
      },
    });
  }
  if (out.length === 0 || unused.some((u) => !u.used)) return undefined;
  return out;
}

interface DeliveryRow {
  deliveryId: string;
  hash: string;
  traceId: string;
  requestId: string | null;
  outcome: "accepted" | "rejected" | "orphan" | "late";
  errorCode: string | null;
  parts: unknown;
  now: Date;
}

/** Inserts the delivery, or revives a `rejected` one (a retry); false when it is already stored otherwise. */
async function upsertDelivery(tx: Queryable, key: Buffer, d: DeliveryRow): Promise<boolean> {
  const sealed = b64(
    seal(key, { rowId: d.deliveryId, kind: "parts" }, Buffer.from(JSON.stringify(d.parts), "utf8")),
  );
  const r = await tx.query(
    `INSERT INTO deliveries (id, request_id, received_at, content_hash, outcome, error_code, trace_id, parts_sealed)
     VALUES ($1, $2, $3, $4, $5, $6, $7, decode($8, 'base64'))
     ON CONFLICT (content_hash) DO UPDATE SET outcome = EXCLUDED.outcome, error_code = EXCLUDED.error_code,
       received_at = EXCLUDED.received_at, parts_sealed = EXCLUDED.parts_sealed
     WHERE deliveries.outcome = 'rejected' AND deliveries.id = EXCLUDED.id
     RETURNING id`,
    [d.deliveryId, d.requestId, d.now, d.hash, d.outcome, d.errorCode, d.traceId, sealed],
  );
  return r.rowCount > 0;
}

/** Keeps an orphan or late delivery whole (sealed) for support; the request is not touched. */
async function keep(
  s: Services,
  d: Omit<DeliveryRow, "parts" | "errorCode"> & { input: CallbackInput },
): Promise<void> {
  await s.store.transaction(async (tx) => {
    const inserted = await upsertDelivery(tx, s.dataKey, {
      ...d,
      errorCode: null,
      parts: { fields: d.input.fields, files: d.input.files },
    });
    if (!inserted) return;
    await appendAudit(tx, d.now, {
      actorId: null,
      action: "delivery.received",
      subjectType: "delivery",
      subjectId: d.deliveryId,
      details: { outcome: d.outcome, requestId: d.requestId },
    });
  });
  s.log.warn({ deliveryId: d.deliveryId, outcome: d.outcome }, "kept a delivery that has no open request");
}

/** A bad delivery: kept whole for support, its request failed with a reason; Diia is told whether to retry. */
async function reject(
  s: Services,
  d: Omit<DeliveryRow, "parts" | "errorCode" | "outcome"> & { input: CallbackInput },
  code: string,
): Promise<CallbackAnswer> {
  const failed = await s.store.transaction(async (tx) => {
    await upsertDelivery(tx, s.dataKey, {
      ...d,
      outcome: "rejected",
      errorCode: code,
      parts: { fields: d.input.fields, files: d.input.files },
    });
    const r = await tx.query(
      `UPDATE requests SET status = 'failed', reason = 'DELIVERY_INVALID', polling = false, version = version + 1,
         updated_at = $2 WHERE id = $1 AND status = 'waiting'`,
      [d.requestId, d.now],
    );
    await appendAudit(tx, d.now, {
      actorId: null,
      action: "delivery.rejected",
      subjectType: "delivery",
      subjectId: d.deliveryId,
      details: { requestId: d.requestId, code },
    });
    return r.rowCount > 0;
  });
  if (failed && d.requestId) await s.changes.publish(d.requestId);
  s.log.warn({ deliveryId: d.deliveryId, code }, "rejected a Diia delivery");
  return refuse(RETRYABLE.has(code) ? 503 : 400, code);
}
