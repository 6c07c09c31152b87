import { documentFields, type MetadataField, type MetadataIssue, manualCheckTargets } from "@stiika/diia";
import { AppError } from "../errors.ts";
import { open, seal } from "../lib/seal.ts";
import { accessClock, canReadDocuments, canWriteRequest, refuse } from "./access.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";
import { documentTitle, getRequestRow } from "./requests.ts";

/**
 * Received documents for the people allowed to see them (services/access.ts, `canReadDocuments`: the teller who
 * asked within the window, or a manager/admin of its branch). Everyone else, and everything purged, is NOT_FOUND,
 * so ids do not leak what exists. Each view is audited (ids only) in the same transaction as the read.
 */
export interface DocumentView extends ManualCheckView {
  id: string;
  type: string;
  title: string;
  /** The questionnaire shape; null for a type without a schema or an item that is not an object. */
  normalised: unknown;
  raw: unknown;
  provenance: unknown;
}

/** What of a document a person must read for themselves (its metadata did not fully fit; issue 16). */
export interface ManualCheckView {
  /** Paths of the item as Diia sent it whose shape did not fit, with why ("" = the whole item). */
  manualCheck: MetadataIssue[];
  /** Questionnaire paths ("person.lastName.uk") those fields would have filled: the form marks them. */
  manualFields: string[];
  /** Every field as Diia sent it, by path: the labelled raw view, and the only view of a schemaless type. */
  fields: MetadataField[];
}

/** From the sealed metadata; rows stored before `manualCheck` was kept read as having none. */
export function manualCheckView(
  type: string,
  meta: { raw: unknown; manualCheck?: unknown },
): ManualCheckView {
  const manualCheck = Array.isArray(meta.manualCheck) ? (meta.manualCheck as MetadataIssue[]) : [];
  return {
    manualCheck,
    manualFields: manualCheckTargets(type, meta.raw, manualCheck),
    fields: documentFields(meta.raw),
  };
}

export async function listDocuments(
  s: Services,
  session: Session,
  requestId: string,
): Promise<DocumentView[]> {
  refuse(
    canReadDocuments(session.employee, await getRequestRow(s, requestId), accessClock(s)),
    "Запит не знайдено",
  );
  return s.store.transaction(async (tx) => {
    const rows = (
      await tx.query<{ id: string; doc_type: string; metadata: string }>(
        `SELECT id, doc_type, encode(metadata_sealed, 'base64') AS metadata FROM documents
         WHERE request_id = $1 AND deleted_at IS NULL ORDER BY created_at, doc_type`,
        [requestId],
      )
    ).rows;
    const now = s.clock();
    const out: DocumentView[] = [];
    for (const r of rows) {
      const meta = JSON.parse(
        open([s.dataKey], { rowId: r.id, kind: "metadata" }, Buffer.from(r.metadata, "base64")).toString(
          "utf8",
        ),
      ) as { raw: unknown; normalised: unknown; provenance: unknown; manualCheck?: unknown };
      out.push({
        id: r.id,
        type: r.doc_type,
        title: documentTitle(r.doc_type),
        normalised: meta.normalised ?? null,
        raw: meta.raw,
        provenance: meta.provenance,
        ...manualCheckView(r.doc_type, meta),
      });
      await appendAudit(tx, now, {
        actorId: session.employee.id,
        action: "document.view",
        subjectType: "document",
        subjectId: r.id,
        details: { requestId },
      });
    }
    return out;
  });
}

export async function documentPdf(s: Services, session: Session, documentId: string): Promise<Buffer> {
  const doc = (
    await s.store.query<{ request_id: string; pdf: string }>(
      "SELECT request_id, encode(pdf_sealed, 'base64') AS pdf FROM documents WHERE id = $1 AND deleted_at IS NULL",
      [documentId],
    )
  ).rows[0];
  if (!doc) throw new AppError("NOT_FOUND", "Документ не знайдено");
  refuse(
    canReadDocuments(session.employee, await getRequestRow(s, doc.request_id), accessClock(s)),
    "Документ не знайдено",
  );
  const pdf = open([s.dataKey], { rowId: documentId, kind: "pdf" }, Buffer.from(doc.pdf, "base64"));
  await s.store.transaction((tx) =>
    appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "document.view_pdf",
      subjectType: "document",
      subjectId: documentId,
      details: { requestId: doc.request_id },
    }),
  );
  return pdf;
}

export async function saveQuestionnaire(
  s: Services,
  session: Session,
  requestId: string,
  input: { template: string; fields: Record<string, string> },
): Promise<void> {
  const sealed = seal(
    s.dataKey,
    { rowId: requestId, kind: "questionnaire" },
    Buffer.from(JSON.stringify(input.fields)),
  );
  await s.store.transaction(async (tx) => {
    // Decided on the locked row: a manager's deletion either happened (COPY_DELETED) or waits for this commit
    // (and then deletes the questionnaire with the copy).
    const row = await getRequestRow(s, requestId, tx, true);
    refuse(canWriteRequest(session.employee, row, accessClock(s)), "Запит не знайдено");
    if (row.status !== "received")
      throw new AppError("CONFLICT", "Анкету можна зберегти лише після отримання документів");
    const now = s.clock();
    await tx.query(
      `INSERT INTO questionnaires (request_id, template, fields_sealed, saved_by, saved_at)
       VALUES ($1, $2, decode($3, 'base64'), $4, $5)
       ON CONFLICT (request_id) DO UPDATE SET template = EXCLUDED.template, fields_sealed = EXCLUDED.fields_sealed,
         saved_by = EXCLUDED.saved_by, saved_at = EXCLUDED.saved_at`,
      [requestId, input.template, sealed.toString("base64"), session.employee.id, now],
    );
    await appendAudit(tx, now, {
      actorId: session.employee.id,
      action: "questionnaire.save",
      subjectType: "request",
      subjectId: requestId,
      details: { template: input.template, fields: Object.keys(input.fields).length },
    });
  });
}
