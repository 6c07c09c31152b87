import { createHash } from "node:crypto";
import { canonicalJson } from "../lib/canonical-json.ts";
import type { Queryable, Store } from "../store/store.ts";

/**
 * The append-only audit chain. Details hold ids, codes and counts only — never names, numbers, logins or
 * document contents — because the log is kept longer than the documents it describes.
 */
export type AuditAction =
  | "system.admin_created"
  | "auth.login"
  | "auth.login_failed"
  | "auth.logout"
  | "auth.password_changed"
  | "auth.pin_set"
  | "auth.screen_locked"
  | "auth.unlocked"
  | "auth.unlock_failed"
  | "employee.created"
  | "diia.branch_registered"
  | "check.document"
  | "request.create"
  | "request.cancel"
  | "request.closed"
  | "delivery.received"
  | "delivery.late"
  | "delivery.dropped"
  | "late_delivery.attach"
  | "late_delivery.delete"
  | "document.view"
  | "document.view_pdf"
  | "questionnaire.save"
  | "retention.purge"
  | "copies.list"
  | "copy.view"
  | "copy.view_pdf"
  | "copy.export_pdf"
  | "copy.export_envelope"
  | "copy.delete"
  | "settings.retention"
  | "branch.created"
  | "branch.updated"
  | "branch.deleted"
  | "service.created"
  | "service.updated"
  | "service.deleted"
  | "employee.updated"
  | "employee.password_reset"
  | "audit.verified"
  | "branch.idle_lock"
  | "branch.retention";

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  subjectType?: "employee" | "branch" | "service" | "request" | "document" | "delivery";
  subjectId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export const GENESIS_HASH = "0".repeat(64);

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function rowHash(prevHash: string, row: Omit<AuditRow, "prev_hash" | "hash">): string {
  const canonical = canonicalJson({
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
  });
  return createHash("sha256").update(prevHash).update(canonical).digest("hex");
}

/**
 * Appends inside the caller's transaction, so the entry commits or rolls back with what it describes. Locking the
 * chain head row serialises appends across connections and instances.
 */
export async function appendAudit(tx: Queryable, at: Date, entry: AuditEntry): Promise<number> {
  const head = (
    await tx.query<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_head WHERE id = 1 FOR UPDATE")
  ).rows[0];
  if (!head) throw new Error("audit_head row is missing");
  const row = {
    seq: Number(head.seq) + 1,
    at,
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    details: entry.details ?? {},
  };
  const hash = rowHash(head.hash, row);
  await tx.query(
    "INSERT INTO audit_log (seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    [
      row.seq,
      at,
      row.actor_id,
      row.action,
      row.subject_type,
      row.subject_id,
      JSON.stringify(row.details),
      head.hash,
      hash,
    ],
  );
  await tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", [row.seq, hash]);
  return row.seq;
}

/** Anonymous noise (a wrong login naming nobody): one counter per UTC day and kind, never an audit row each. */
export async function countAnonymous(s: { store: Store; clock: () => Date }, action: string): Promise<void> {
  await s.store.query(
    `INSERT INTO anonymous_counts (day, action, n) VALUES ($1::date, $2, 1)
     ON CONFLICT (day, action) DO UPDATE SET n = anonymous_counts.n + 1`,
    [s.clock().toISOString().slice(0, 10), action],
  );
}

/** Appends one entry in a transaction of its own. */
export function audit(store: Store, at: Date, entry: AuditEntry): Promise<number> {
  return store.transaction((tx) => appendAudit(tx, at, entry));
}

export type ChainCheck =
  | { ok: true; rows: number }
  | {
      ok: false;
      rows: number;
      seq: number;
      reason: "hash mismatch" | "broken link" | "sequence gap" | "head mismatch";
    };

/** Re-computes the whole chain in order and stops at the first row that does not fit. */
export async function verifyAuditChain(store: Queryable): Promise<ChainCheck> {
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  for (;;) {
    const batch = (
      await store.query<AuditRow>(
        "SELECT seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 1000",
        [expectedSeq],
      )
    ).rows;
    for (const row of batch) {
      const seq = Number(row.seq);
      const rows = expectedSeq - 1;
      if (seq !== expectedSeq) return { ok: false, rows, seq: expectedSeq, reason: "sequence gap" };
      if (row.prev_hash !== prevHash) return { ok: false, rows, seq, reason: "broken link" };
      if (rowHash(row.prev_hash, row) !== row.hash) return { ok: false, rows, seq, reason: "hash mismatch" };
      prevHash = row.hash;
      expectedSeq++;
    }
    if (batch.length < 1000) break;
  }
  const head = (
    await store.query<{ seq: number; hash: string }>("SELECT seq, hash FROM audit_head WHERE id = 1")
  ).rows[0];
  const rows = expectedSeq - 1;
  if (!head || Number(head.seq) !== rows || head.hash !== prevHash) {
    return { ok: false, rows, seq: rows + 1, reason: "head mismatch" };
  }
  return { ok: true, rows };
}
