import type { DeleteReason } from "@stiika/api";
import { AppError } from "../errors.ts";
import { open } from "../lib/seal.ts";
import type { Queryable } from "../store/store.ts";
import { branchScope, canManageBranch, refuse } from "./access.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";
import { type ManualCheckView, manualCheckView } from "./documents.ts";
import { lifecycle } from "./lifecycle.ts";
import { searchQuery } from "./manage-search.ts";
import { documentTitle, type RequestStatus } from "./requests.ts";
import { SIGNING_COLUMNS, type SigningRow, type SigningView, signingView } from "./signings.ts";

/**
 * Received copies for managers (their branch) and admins (every branch): a paged list with filters and a blind-index
 * search, the detail (questionnaire, metadata, signature check, audit trail), exports of the PDF and of the signed
 * envelope exactly as Diia sent it, and deletion with a reason. A copy is one sharing request with its documents;
 * copies outside the caller's scope are NOT_FOUND. Lists, views, exports and deletions are all audited (ids only).
 *
 * @example
 * const page = await listCopies(s, session, { q: "3456789012", page: 1, pageSize: 20 });
 * const copy = await getCopy(s, session, page.items[0].id);
 * const pdf = await exportDocument(s, session, copy.id, copy.documents[0].id, "pdf");
 * await deleteCopy(s, session, copy.id, "client-request");
 */
export type CopyStatus = RequestStatus | "deleted";
export const COPY_STATUSES = [
  "waiting",
  "received",
  "declined",
  "expired",
  "failed",
  "cancelled",
  "deleted",
] as const satisfies readonly CopyStatus[];

export interface CopyFilter {
  from?: Date;
  to?: Date;
  employeeId?: string;
  branchId?: string;
  type?: string;
  status?: CopyStatus;
  q?: string;
  page: number;
  pageSize: number;
}

export interface CopySummary {
  id: string;
  createdAt: string;
  receivedAt: string | null;
  status: CopyStatus;
  employee: { id: string; name: string };
  branch: { id: string; name: string };
  service: string;
  documentTypes: string[];
  clientName: string | null;
}

interface CopyRow {
  id: string;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  received_at: Date | null;
  status: RequestStatus;
  kind: string;
  deleted_at: Date | null;
  deleted_reason: string | null;
  document_types: string[];
  doc_types: string[] | null;
  service: string;
  branch_id: string;
  branch_name: string;
  employee_id: string;
  employee_name: string;
  total?: number;
}

const COPY_SELECT = `
  SELECT r.id, r.created_at, r.updated_at, r.expires_at, r.status, r.kind, r.deleted_at, r.deleted_reason,
    r.document_types, r.service, r.branch_id, b.name AS branch_name, r.employee_id, e.display_name AS employee_name,
    (SELECT max(d.received_at) FROM deliveries d WHERE d.request_id = r.id AND d.outcome = 'accepted') AS received_at,
    (SELECT array_agg(x.doc_type ORDER BY x.created_at, x.doc_type) FROM documents x WHERE x.request_id = r.id)
      AS doc_types`;
const COPY_FROM =
  "FROM requests r JOIN employees e ON e.id = r.employee_id JOIN branches b ON b.id = r.branch_id";

const summary = (r: CopyRow, clientName: string | null): CopySummary => ({
  id: r.id,
  createdAt: r.created_at.toISOString(),
  receivedAt: r.received_at ? new Date(r.received_at).toISOString() : null,
  status: r.deleted_at ? "deleted" : r.status,
  employee: { id: r.employee_id, name: r.employee_name },
  branch: { id: r.branch_id, name: r.branch_name },
  service: r.service,
  documentTypes: r.doc_types?.length ? r.doc_types : r.document_types,
  clientName,
});

interface Sealed {
  id: string;
  request_id: string;
  doc_type: string;
  metadata: string;
}

function openMetadata(s: Services, r: { id: string; metadata: string }) {
  return JSON.parse(
    open([s.dataKey], { rowId: r.id, kind: "metadata" }, Buffer.from(r.metadata, "base64")).toString("utf8"),
  ) as { raw: unknown; normalised: NormalisedLike | null; provenance: Provenance; manualCheck?: unknown };
}

interface NormalisedLike {
  kind?: string;
  person?: Record<string, { uk?: string } | string | undefined>;
}
interface Provenance {
  signer: { subject: string; serial: string; keyId: string | null; issuer: string };
  signingTime: string | null;
  receivedAt: string;
  verified: boolean;
}

/** "Прізвище Ім'я По батькові" from the first document that names the person (identity documents first). */
function personName(docs: NormalisedLike[]): string | null {
  const sorted = [...docs].sort((a, b) => Number(b.kind === "identity") - Number(a.kind === "identity"));
  for (const d of sorted) {
    const p = d.person ?? {};
    const parts = [p.lastName, p.firstName, p.middleName]
      .map((n) => (typeof n === "object" ? n?.uk : undefined))
      .filter((x): x is string => !!x);
    if (parts.length > 0) return parts.join(" ");
  }
  return null;
}

export async function listCopies(
  s: Services,
  session: Session,
  f: CopyFilter,
): Promise<{ items: CopySummary[]; total: number; page: number; pageSize: number }> {
  const scope = branchScope(session.employee);
  const where: string[] = [];
  const params: unknown[] = [];
  const add = (sql: (n: string) => string, value: unknown) => {
    params.push(value);
    where.push(sql(`$${params.length}`));
  };
  const branchId = scope ?? f.branchId;
  if (branchId) add((p) => `r.branch_id = ${p}`, branchId);
  if (f.from) add((p) => `r.created_at >= ${p}`, f.from);
  if (f.to) add((p) => `r.created_at < ${p}`, f.to);
  if (f.employeeId) add((p) => `r.employee_id = ${p}`, f.employeeId);
  if (f.type)
    add(
      (p) =>
        `(${p} = ANY(r.document_types) OR EXISTS (SELECT 1 FROM documents x WHERE x.request_id = r.id AND x.doc_type = ${p}))`,
      f.type,
    );
  if (f.status === "deleted") where.push("r.deleted_at IS NOT NULL");
  else if (f.status) add((p) => `r.status = ${p} AND r.deleted_at IS NULL`, f.status);
  const query = f.q?.trim() ? searchQuery(s.dataKey, f.q) : undefined;
  if (f.q?.trim() && !query)
    throw new AppError("BAD_REQUEST", "Введіть РНОКПП (10 цифр) або ім’я чи прізвище");
  if (query) {
    params.push(query.kind, query.hmacs, query.hmacs.length);
    const n = params.length;
    where.push(`r.id IN (SELECT request_id FROM document_search WHERE kind = $${n - 2}
      AND token_hmac = ANY($${n - 1}::text[]) GROUP BY request_id HAVING count(DISTINCT token_hmac) = $${n})`);
  }
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const rows = (
    await s.store.query<CopyRow>(
      `${COPY_SELECT}, count(*) OVER ()::int AS total ${COPY_FROM}
       ${where.length ? `WHERE ${where.join(" AND ")}` : ""}
       ORDER BY r.created_at DESC, r.id LIMIT $${params.length - 1} OFFSET $${params.length}`,
      params,
    )
  ).rows;
  // Only this page's names are opened: a search never decrypts the whole table.
  const names = await clientNames(
    s,
    rows.map((r) => r.id),
  );
  const items = rows.map((r) => summary(r, names.get(r.id) ?? null));
  const total = rows[0]?.total ?? (f.page > 1 ? await countOnly(s, where, params.slice(0, -2)) : 0);
  await s.store.transaction((tx) =>
    appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "copies.list",
      details: { results: items.length, searched: query?.kind ?? null, page: f.page },
    }),
  );
  return { items, total, page: f.page, pageSize: f.pageSize };
}

async function countOnly(s: Services, where: string[], params: unknown[]): Promise<number> {
  const r = await s.store.query<{ n: number }>(
    `SELECT count(*)::int AS n ${COPY_FROM} ${where.length ? `WHERE ${where.join(" AND ")}` : ""}`,
    params,
  );
  return r.rows[0]?.n ?? 0;
}

async function clientNames(s: Services, requestIds: string[]): Promise<Map<string, string>> {
  if (requestIds.length === 0) return new Map();
  const docs = (
    await s.store.query<Sealed>(
      `SELECT id, request_id, doc_type, encode(metadata_sealed, 'base64') AS metadata FROM documents
       WHERE request_id = ANY($1::uuid[]) ORDER BY created_at, doc_type`,
      [requestIds],
    )
  ).rows;
  const byRequest = new Map<string, NormalisedLike[]>();
  for (const d of docs) {
    const list = byRequest.get(d.request_id) ?? [];
    list.push(openMetadata(s, d).normalised ?? {});
    byRequest.set(d.request_id, list);
  }
  const out = new Map<string, string>();
  for (const [id, list] of byRequest) {
    const name = personName(list);
    if (name) out.set(id, name);
  }
  return out;
}

/**
 * The copy when it is in the session's scope (services/access.ts: admins any, managers their branch), deleted
 * ones included (their record and audit trail stay); NOT_FOUND otherwise.
 */
export async function scopedCopy(q: Queryable, session: Session, id: string): Promise<CopyRow> {
  const row = (await q.query<CopyRow>(`${COPY_SELECT} ${COPY_FROM} WHERE r.id = $1`, [id])).rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Копію не знайдено");
  refuse(canManageBranch(session.employee, row.branch_id), "Копію не знайдено");
  return row;
}

export interface SignatureCheck {
  signer: string;
  issuer: string;
  serial: string;
  signingTime: string | null;
  /** The envelope opened and verified again just now against the pinned Diia certificates, and its content is the stored PDF. */
  valid: boolean;
  /** false when Diia is not connected yet: `valid` then repeats the check made on receipt. */
  checkedNow: boolean;
}

export interface CopyDocument extends ManualCheckView {
  id: string;
  type: string;
  title: string;
  normalised: unknown;
  raw: unknown;
  provenance: Provenance;
  signature: SignatureCheck;
}

export interface AuditTrailEntry {
  seq: number;
  at: string;
  action: string;
  actor: { id: string; name: string } | null;
  subjectType: string | null;
  subjectId: string | null;
  details: Record<string, unknown>;
}

export interface CopyDetail extends CopySummary {
  kind: string;
  expiresAt: string;
  updatedAt: string;
  deletedAt: string | null;
  deletedReason: string | null;
  documents: CopyDocument[];
  questionnaire: {
    template: string;
    fields: Record<string, string>;
    savedAt: string;
    savedBy: string;
  } | null;
  /** The application's Дія.Підпис signings, newest first. */
  signings: SigningView[];
  audit: AuditTrailEntry[];
}

export async function getCopy(s: Services, session: Session, id: string): Promise<CopyDetail> {
  const { row, docs, questionnaire, signings } = await s.store.transaction(async (tx) => {
    const row = await scopedCopy(tx, session, id);
    const docs = (
      await tx.query<Sealed & { pdf: string; envelope: string }>(
        `SELECT id, request_id, doc_type, encode(metadata_sealed, 'base64') AS metadata,
           encode(pdf_sealed, 'base64') AS pdf, encode(envelope_sealed, 'base64') AS envelope
         FROM documents WHERE request_id = $1 ORDER BY created_at, doc_type`,
        [id],
      )
    ).rows;
    const questionnaire = (
      await tx.query<{ template: string; fields: string; saved_at: Date; saved_by_name: string }>(
        `SELECT q.template, encode(q.fields_sealed, 'base64') AS fields, q.saved_at, e.display_name AS saved_by_name
         FROM questionnaires q JOIN employees e ON e.id = q.saved_by WHERE q.request_id = $1`,
        [id],
      )
    ).rows[0];
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "copy.view",
      subjectType: "request",
      subjectId: id,
      details: { documents: docs.length },
    });
    const signings = (
      await tx.query<SigningRow>(
        `SELECT ${SIGNING_COLUMNS} FROM signings WHERE request_id = $1 ORDER BY seq DESC`,
        [id],
      )
    ).rows;
    return { row, docs, questionnaire, signings };
  });
  const documents: CopyDocument[] = [];
  for (const d of docs) {
    const meta = openMetadata(s, d);
    const pdf = open([s.dataKey], { rowId: d.id, kind: "pdf" }, Buffer.from(d.pdf, "base64"));
    const envelope = open([s.dataKey], { rowId: d.id, kind: "envelope" }, Buffer.from(d.envelope, "base64"));
    documents.push({
      id: d.id,
      type: d.doc_type,
      title: documentTitle(d.doc_type),
      normalised: meta.normalised,
      raw: meta.raw,
      provenance: meta.provenance,
      ...manualCheckView(d.doc_type, meta),
      signature: await checkSignature(s, meta.provenance, envelope.toString("utf8"), pdf),
    });
  }
  const names = personName(documents.map((d) => (d.normalised ?? {}) as NormalisedLike));
  return {
    ...summary(row, names),
    kind: row.kind,
    expiresAt: row.expires_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    deletedAt: row.deleted_at?.toISOString() ?? null,
    deletedReason: row.deleted_reason,
    documents,
    questionnaire: questionnaire
      ? {
          template: questionnaire.template,
          fields: JSON.parse(
            open(
              [s.dataKey],
              { rowId: id, kind: "questionnaire" },
              Buffer.from(questionnaire.fields, "base64"),
            ).toString("utf8"),
          ) as Record<string, string>,
          savedAt: questionnaire.saved_at.toISOString(),
          savedBy: questionnaire.saved_by_name,
        }
      : null,
    signings: signings.map((r) => signingView(s, r)),
    audit: await auditTrail(
      s,
      id,
      docs.map((d) => d.id),
    ),
  };
}

/** Opens the stored envelope again (decrypt + verify against the pinned signer) and compares it with the PDF. */
async function checkSignature(
  s: Services,
  provenance: Provenance,
  envelope: string,
  pdf: Buffer,
): Promise<SignatureCheck> {
  const base = {
    signer: provenance.signer.subject,
    issuer: provenance.signer.issuer,
    serial: provenance.signer.serial,
    signingTime: provenance.signingTime,
  };
  const pool = s.diia.pool;
  if (!pool) return { ...base, valid: provenance.verified, checkedNow: false };
  const [part] = await pool.unwrap([envelope]);
  if (!part?.ok) return { ...base, valid: false, checkedNow: true };
  return {
    signer: part.signer.subject,
    issuer: part.signer.issuer,
    serial: part.signer.serial,
    signingTime: part.signingTime,
    valid: Buffer.from(part.content).equals(pdf),
    checkedNow: true,
  };
}

async function auditTrail(s: Services, requestId: string, documentIds: string[]): Promise<AuditTrailEntry[]> {
  const rows = (
    await s.store.query<{
      seq: number;
      at: Date;
      action: string;
      actor_id: string | null;
      actor_name: string | null;
      subject_type: string | null;
      subject_id: string | null;
      details: Record<string, unknown>;
    }>(
      `SELECT a.seq, a.at, a.action, a.actor_id, e.display_name AS actor_name, a.subject_type, a.subject_id, a.details
       FROM audit_log a LEFT JOIN employees e ON e.id = a.actor_id
       WHERE (a.subject_type = 'request' AND a.subject_id = $1)
          OR (a.subject_type = 'document' AND a.subject_id = ANY($2::text[]))
          OR a.details->>'requestId' = $1
       ORDER BY a.seq`,
      [requestId, documentIds],
    )
  ).rows;
  return rows.map((r) => ({
    seq: Number(r.seq),
    at: r.at.toISOString(),
    action: r.action,
    actor: r.actor_id ? { id: r.actor_id, name: r.actor_name ?? "" } : null,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    details: r.details,
  }));
}

export interface ExportFile {
  bytes: Buffer;
  contentType: string;
  filename: string;
}

/**
 * The PDF as decrypted, or the signed envelope byte for byte as Diia sent it (the base64 text of the DER CMS) —
 * the proof that the copy came from Diia. Audited as copy.export_pdf / copy.export_envelope, or copy.view_pdf when
 * the PDF is only shown inline.
 */
export async function exportDocument(
  s: Services,
  session: Session,
  copyId: string,
  documentId: string,
  what: "pdf" | "envelope",
  purpose: "view" | "export" = "export",
): Promise<ExportFile> {
  return s.store.transaction(async (tx) => {
    await scopedCopy(tx, session, copyId);
    const column = what === "pdf" ? "pdf_sealed" : "envelope_sealed";
    const doc = (
      await tx.query<{ doc_type: string; data: string }>(
        `SELECT doc_type, encode(${column}, 'base64') AS data FROM documents WHERE id = $1 AND request_id = $2`,
        [documentId, copyId],
      )
    ).rows[0];
    if (!doc) throw new AppError("NOT_FOUND", "Документ не знайдено");
    const bytes = open([s.dataKey], { rowId: documentId, kind: what }, Buffer.from(doc.data, "base64"));
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action:
        purpose === "view" ? "copy.view_pdf" : what === "pdf" ? "copy.export_pdf" : "copy.export_envelope",
      subjectType: "document",
      subjectId: documentId,
      details: { requestId: copyId },
    });
    return what === "pdf"
      ? { bytes, contentType: "application/pdf", filename: `${doc.doc_type}-${documentId.slice(0, 8)}.pdf` }
      : {
          bytes,
          contentType: "application/octet-stream",
          filename: `${doc.doc_type}-${documentId.slice(0, 8)}.p7s.b64`,
        };
  });
}

/** Deletes a copy's documents, questionnaire, index rows and kept delivery fields; the request row stays, marked. */
export async function deleteCopy(
  s: Services,
  session: Session,
  id: string,
  reason: DeleteReason,
): Promise<void> {
  await lifecycle(s, async (tx, life) => {
    await scopedCopy(tx, session, id);
    const current = await life.lock(id);
    if (current?.state === "deleted") throw new AppError("CONFLICT", "Копію вже видалено");
    if (current?.state === "waiting")
      throw new AppError("CONFLICT", "Запит ще очікує на клієнта: спершу скасуйте його");
    const documents = (await tx.query("DELETE FROM documents WHERE request_id = $1", [id])).rowCount;
    await tx.query("DELETE FROM questionnaires WHERE request_id = $1", [id]);
    // The application and its signatures go with the copy; a signature Diia posts for one later names no
    // signing and is refused (404).
    const signings = (await tx.query("DELETE FROM signings WHERE request_id = $1", [id])).rowCount;
    // Late deliveries waiting for a manager go with the copy; the envelope digests stay, so a Diia retry of any
    // of them is recognised and nothing comes back.
    await tx.query(
      `UPDATE deliveries SET parts_sealed = NULL,
         review = CASE WHEN review = 'pending' THEN 'deleted' ELSE review END
       WHERE request_id = $1`,
      [id],
    );
    await life.move(id, "deleted", {
      deletedReason: reason,
      actorId: session.employee.id,
      action: "copy.delete",
      details: { reason, documents, signings },
    });
  });
}
