import { AppError } from "../errors.ts";
import type { Queryable } from "../store/store.ts";
import { branchScope, canManageBranch, refuse } from "./access.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";

/**
 * How long received documents are kept. The default lives in the database (`settings.retention_days`, admins
 * only) and falls back to `STIIKA_RETENTION_DAYS`; each branch may choose its own (`branches.retention_days`,
 * its manager or an admin), NULL following the default. The purge job reads both on every round, so a change
 * needs no restart — and one branch's manager can never shorten another branch's period.
 *
 * @example
 * await setDefaultRetention(s, admin, 30);           // audited as settings.retention
 * await setBranchRetention(s, manager, branchId, 7); // audited as branch.retention
 * const r = await getRetention(s, manager);          // { default: {...}, branches: [{ id, days: 7, effectiveDays: 7 }] }
 */
export const RETENTION_KEY = "retention_days";
export const MAX_RETENTION_DAYS = 3650;

export interface DefaultRetention {
  days: number;
  source: "database" | "config";
}
export interface BranchRetention {
  id: string;
  name: string;
  /** The branch's own period; null when it follows the default. */
  days: number | null;
  effectiveDays: number;
}

export async function getDefaultRetention(s: Services, q: Queryable = s.store): Promise<DefaultRetention> {
  const row = (
    await q.query<{ value: unknown }>("SELECT value FROM settings WHERE key = $1", [RETENTION_KEY])
  ).rows[0];
  const days = typeof row?.value === "number" ? row.value : undefined;
  return days === undefined
    ? { days: s.config.retentionDays, source: "config" }
    : { days, source: "database" };
}

/** The default and the branches this session may see (a manager: their own; an admin: all). */
export async function getRetention(
  s: Services,
  session: Session,
): Promise<{ default: DefaultRetention; branches: BranchRetention[] }> {
  const scope = branchScope(session.employee);
  const def = await getDefaultRetention(s);
  const { rows } = await s.store.query<{ id: string; name: string; retention_days: number | null }>(
    `SELECT id, name, retention_days FROM branches ${scope ? "WHERE id = $1" : ""} ORDER BY name, id`,
    scope ? [scope] : [],
  );
  return {
    default: def,
    branches: rows.map((b) => ({
      id: b.id,
      name: b.name,
      days: b.retention_days,
      effectiveDays: b.retention_days ?? def.days,
    })),
  };
}

function checkDays(days: number): void {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
    throw new AppError("BAD_REQUEST", `Строк зберігання — ціле число днів від 1 до ${MAX_RETENTION_DAYS}`);
}

/** The default for every branch without its own period (the route lets only admins here). */
export async function setDefaultRetention(s: Services, session: Session, days: number): Promise<void> {
  checkDays(days);
  await s.store.transaction(async (tx) => {
    const previous = (await getDefaultRetention(s, tx)).days;
    const now = s.clock();
    await tx.query(
      `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [RETENTION_KEY, JSON.stringify(days), session.employee.id, now],
    );
    await appendAudit(tx, now, {
      actorId: session.employee.id,
      action: "settings.retention",
      details: { days, previous },
    });
  });
}

/** A branch's own period (null: follow the default). A manager only for their branch; another is not found. */
export async function setBranchRetention(
  s: Services,
  session: Session,
  branchId: string,
  days: number | null,
): Promise<void> {
  refuse(canManageBranch(session.employee, branchId));
  if (days !== null) checkDays(days);
  await s.store.transaction(async (tx) => {
    const { rows } = await tx.query<{ retention_days: number | null }>(
      "SELECT retention_days FROM branches WHERE id = $1 FOR UPDATE",
      [branchId],
    );
    const row = rows[0];
    if (!row) throw new AppError("NOT_FOUND");
    await tx.query("UPDATE branches SET retention_days = $2 WHERE id = $1", [branchId, days]);
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "branch.retention",
      subjectType: "branch",
      subjectId: branchId,
      details: { days, previous: row.retention_days },
    });
  });
}
