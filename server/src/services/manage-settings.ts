import { AppError } from "../errors.ts";
import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";

/**
 * Settings kept in the database so an admin or manager can change them without a restart. For now: how many days
 * received documents are kept. Unset → `STIIKA_RETENTION_DAYS`. The purge job reads it on every round.
 *
 * @example
 * await setRetentionDays(s, actorId, 14); // audited as settings.retention
 * const { days, source } = await getRetention(s); // 14, "database"
 */
export const RETENTION_KEY = "retention_days";
export const MAX_RETENTION_DAYS = 3650;

export async function getRetention(s: Services): Promise<{ days: number; source: "database" | "config" }> {
  const row = (
    await s.store.query<{ value: unknown }>("SELECT value FROM settings WHERE key = $1", [RETENTION_KEY])
  ).rows[0];
  const days = typeof row?.value === "number" ? row.value : undefined;
  return days === undefined
    ? { days: s.config.retentionDays, source: "config" }
    : { days, source: "database" };
}

export async function setRetentionDays(s: Services, actorId: string, days: number): Promise<void> {
  if (!Number.isInteger(days) || days < 1 || days > MAX_RETENTION_DAYS)
    throw new AppError("BAD_REQUEST", `Строк зберігання — ціле число днів від 1 до ${MAX_RETENTION_DAYS}`);
  const previous = (await getRetention(s)).days;
  await s.store.transaction(async (tx) => {
    const now = s.clock();
    await tx.query(
      `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [RETENTION_KEY, JSON.stringify(days), actorId, now],
    );
    await appendAudit(tx, now, {
      actorId,
      action: "settings.retention",
      details: { days, previous },
    });
  });
}
