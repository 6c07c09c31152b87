/**
 * Genuine deliveries that came after their request closed (the client consented within its life, Diia was late or
 * the request was cancelled, expired or failed meanwhile). They are kept sealed on the delivery row, never shown to
 * the teller on their own; the branch's managers (admins: every branch) see them with the consent time and the
 * reason, and decide: attach them to the client's visit (the documents join the request, audited) or delete them.
 * Retention clears them like any kept delivery parts.
 */
import { AppError } from "../errors.ts";
import { open } from "../lib/seal.ts";
import { branchScope, canManageBranch, refuse } from "./access.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";
import { storeDocuments } from "./deliveries.ts";
import { lifecycle } from "./lifecycle.ts";
import { documentTitle, type RequestKind, type RequestStatus } from "./requests.ts";

/** Why the delivery could not land on its request: the request's state when it came. */
export type LateReason = "expired" | "cancelled" | "declined" | "received" | "failed";

export interface LateDelivery {
  id: string;
  requestId: string;
  receivedAt: string;
  /** The metadata envelope's signingTime: when the client consented in Diia. */
  consentedAt: string;
  reason: LateReason;
  documentTypes: string[];
  documentTitles: string[];
  request: {
    kind: RequestKind;
    status: RequestStatus;
    service: string;
    createdAt: string;
    expiresAt: string;
    employee: { id: string; name: string };
  };
}

interface LateRow {
  id: string;
  request_id: string;
  branch_id: string;
  received_at: Date;
  consented_at: Date;
  late_reason: LateReason;
  document_types: string[];
  kind: RequestKind;
  status: RequestStatus;
  service: string;
  created_at: Date;
  expires_at: Date;
  employee_id: string;
  employee_name: string;
  review: string | null;
  deleted_at: Date | null;
}

const SELECT = `SELECT d.id, d.request_id, r.branch_id, d.received_at, d.consented_at, d.late_reason, d.document_types,
    r.kind, r.status, r.service, r.created_at, r.expires_at, r.employee_id, e.display_name AS employee_name,
    d.review, r.deleted_at
  FROM deliveries d JOIN requests r ON r.id = d.request_id JOIN employees e ON e.id = r.employee_id`;

function toView(r: LateRow): LateDelivery {
  return {
    id: r.id,
    requestId: r.request_id,
    receivedAt: r.received_at.toISOString(),
    consentedAt: r.consented_at.toISOString(),
    reason: r.late_reason,
    documentTypes: r.document_types,
    documentTitles: r.document_types.map(documentTitle),
    request: {
      kind: r.kind,
      status: r.status,
      service: r.service,
      createdAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      employee: { id: r.employee_id, name: r.employee_name },
    },
  };
}

/** Pending late deliveries of the manager's branch (admins: all), newest first. */
export async function listLateDeliveries(s: Services, session: Session): Promise<LateDelivery[]> {
  const scope = branchScope(session.employee);
  const rows = await s.store.query<LateRow>(
    `${SELECT} WHERE d.review = 'pending' AND d.parts_sealed IS NOT NULL AND r.deleted_at IS NULL
       AND ($1::uuid IS NULL OR r.branch_id = $1)
     ORDER BY d.received_at DESC LIMIT 500`,
    [scope],
  );
  return rows.rows.map(toView);
}

/** Attaches a late delivery's documents to its request (the client's visit); returns the request id. */
export async function attachLateDelivery(s: Services, session: Session, id: string): Promise<string> {
  return lifecycle(s, async (tx, life) => {
    const row = (
      await tx.query<LateRow & { parts: string | null }>(
        `${SELECT.replace("d.review,", "d.review, encode(d.parts_sealed, 'base64') AS parts,")}
         WHERE d.id = $1 AND d.outcome = 'late' FOR UPDATE OF d`,
        [id],
      )
    ).rows[0];
    if (!row) throw new AppError("NOT_FOUND", "Доставку не знайдено");
    refuse(canManageBranch(session.employee, row.branch_id), "Доставку не знайдено");
    const current = await life.lock(row.request_id);
    if (row.review !== "pending" || !row.parts || current?.state === "deleted")
      throw new AppError("CONFLICT", "Цю доставку вже розглянуто");
    const parts = JSON.parse(
      open([s.dataKey], { rowId: id, kind: "parts" }, Buffer.from(row.parts, "base64")).toString("utf8"),
    ) as {
      documents: { type: string; pdf: string; envelope: string; metadata: unknown; normalised: unknown }[];
    };
    const docs = parts.documents.map((d) => ({ ...d, pdf: Buffer.from(d.pdf, "base64") }));
    // Dated by their receipt, so retention counts from when they came.
    await storeDocuments(tx, s.dataKey, row.request_id, id, docs, row.received_at);
    const now = s.clock();
    await tx.query(
      "UPDATE deliveries SET review = 'attached', reviewed_by = $2, reviewed_at = $3, parts_sealed = NULL WHERE id = $1",
      [id, session.employee.id, now],
    );
    // Not a state change (the request stays expired, cancelled, …), but its documents changed: a new version.
    await life.touch(row.request_id, "polling = polling", []);
    await appendAudit(tx, now, {
      actorId: session.employee.id,
      action: "late_delivery.attach",
      subjectType: "delivery",
      subjectId: id,
      details: { requestId: row.request_id, documents: docs.length, reason: row.late_reason },
    });
    return row.request_id;
  });
}

/** Deletes a late delivery unseen: its sealed documents go; the row stays (audit, digests against replays). */
export async function deleteLateDelivery(s: Services, session: Session, id: string): Promise<void> {
  await s.store.transaction(async (tx) => {
    const row = (
      await tx.query<LateRow>(`${SELECT} WHERE d.id = $1 AND d.outcome = 'late' FOR UPDATE OF d`, [id])
    ).rows[0];
    if (!row) throw new AppError("NOT_FOUND", "Доставку не знайдено");
    refuse(canManageBranch(session.employee, row.branch_id), "Доставку не знайдено");
    if (row.review !== "pending") throw new AppError("CONFLICT", "Цю доставку вже розглянуто");
    const now = s.clock();
    await tx.query(
      "UPDATE deliveries SET review = 'deleted', reviewed_by = $2, reviewed_at = $3, parts_sealed = NULL WHERE id = $1",
      [id, session.employee.id, now],
    );
    await appendAudit(tx, now, {
      actorId: session.employee.id,
      action: "late_delivery.delete",
      subjectType: "delivery",
      subjectId: id,
      details: { requestId: row.request_id, reason: row.late_reason },
    });
  });
}
