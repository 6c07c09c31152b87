import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import { getDefaultRetention } from "./manage-settings.ts";

export interface PurgeCounts {
  documents: number;
  questionnaires: number;
  signings: number;
  deliveries: number;
  samples: number;
  sessions: number;
  throttle: number;
}

/**
 * Retention: documents (and their questionnaires, signed applications and kept delivery parts) older than their branch's period (its
 * own, else the default — see manage-settings.ts) are deleted; callback samples and deliveries that never matched
 * a request follow the default. Expired sessions and stale login-throttle rows go too. Audited with counts only.
 * Run at start and on an interval.
 */
export async function purge(s: Services): Promise<PurgeCounts> {
  const now = s.clock();
  const defaultDays = (await getDefaultRetention(s)).days;
  const defaultCutoff = new Date(now.getTime() - defaultDays * 86_400_000);
  return s.store.transaction(async (tx) => {
    // Each branch's cutoff, computed once in SQL so the three deletes below agree on it.
    const cutoffs = `WITH cut AS (
        SELECT id AS branch_id, $1::timestamptz - make_interval(days => COALESCE(retention_days, $2::int)) AS at
        FROM branches)`;
    const args = [now, defaultDays];
    const documents = (
      await tx.query(
        `${cutoffs} DELETE FROM documents d USING requests r, cut
         WHERE d.request_id = r.id AND cut.branch_id = r.branch_id AND d.created_at < cut.at`,
        args,
      )
    ).rowCount;
    const questionnaires = (
      await tx.query(
        `${cutoffs} DELETE FROM questionnaires q USING requests r, cut
         WHERE q.request_id = r.id AND cut.branch_id = r.branch_id AND r.created_at < cut.at`,
        args,
      )
    ).rowCount;
    // The application and its signature go with the questionnaire they were made from.
    const signings = (
      await tx.query(
        `${cutoffs} DELETE FROM signings g USING requests r, cut
         WHERE g.request_id = r.id AND cut.branch_id = r.branch_id AND r.created_at < cut.at`,
        args,
      )
    ).rowCount;
    const deliveries = (
      await tx.query(
        `${cutoffs} UPDATE deliveries dl SET parts_sealed = NULL
         WHERE dl.parts_sealed IS NOT NULL AND dl.received_at < COALESCE(
           (SELECT cut.at FROM requests r JOIN cut ON cut.branch_id = r.branch_id WHERE r.id = dl.request_id),
           $3::timestamptz)`,
        [...args, defaultCutoff],
      )
    ).rowCount;
    // Orphan and rejected samples belong to no branch: digests and sizes as much as sealed bytes go with the
    // default period.
    const samples = (await tx.query("DELETE FROM callback_samples WHERE received_at < $1", [defaultCutoff]))
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
    const counts = { documents, questionnaires, signings, deliveries, samples, sessions, throttle };
    if (documents + questionnaires + signings + deliveries + samples > 0) {
      await appendAudit(tx, now, { actorId: null, action: "retention.purge", details: { ...counts } });
    }
    return counts;
  });
}
