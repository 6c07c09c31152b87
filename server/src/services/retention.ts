import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { getRetention } from "./manage-settings.ts";

export interface PurgeCounts {
  documents: number;
  questionnaires: number;
  deliveries: number;
  samples: number;
  sessions: number;
  throttle: number;
}

/**
 * Retention: documents (and their questionnaires, kept delivery parts and callback samples) older than the retention period (the
 * database setting an admin or manager edits, else `retentionDays`) are deleted;
 * expired sessions and stale login-throttle rows too. Audited with counts only. Run at start and on an interval.
 */
export async function purge(s: Services): Promise<PurgeCounts> {
  const now = s.clock();
  const cutoff = new Date(now.getTime() - (await getRetention(s)).days * 86_400_000);
  return s.store.transaction(async (tx) => {
    const documents = (await tx.query("DELETE FROM documents WHERE created_at < $1", [cutoff])).rowCount;
    const questionnaires = (
      await tx.query(
        `DELETE FROM questionnaires q USING requests r
         WHERE q.request_id = r.id AND r.created_at < $1`,
        [cutoff],
      )
    ).rowCount;
    const deliveries = (
      await tx.query(
        "UPDATE deliveries SET parts_sealed = NULL WHERE parts_sealed IS NOT NULL AND received_at < $1",
        [cutoff],
      )
    ).rowCount;
    // Orphan and rejected samples: digests and sizes as much as sealed bytes go with the retention.
    const samples = (await tx.query("DELETE FROM callback_samples WHERE received_at < $1", [cutoff]))
      .rowCount;
    const sessions = (
      await tx.query("DELETE FROM sessions WHERE expires_at <= $1 OR last_seen_at < $2", [
        now,
        new Date(now.getTime() - s.config.sessionIdleMs),
      ])
    ).rowCount;
    const throttle = (
      await tx.query("DELETE FROM login_failures WHERE last_failure_at < $1", [
        new Date(now.getTime() - s.config.loginRateWindowMs),
      ])
    ).rowCount;
    const counts = { documents, questionnaires, deliveries, samples, sessions, throttle };
    if (documents + questionnaires + deliveries + samples > 0) {
      await appendAudit(tx, now, { actorId: null, action: "retention.purge", details: { ...counts } });
    }
    return counts;
  });
}
