import { branchScope } from "./access.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";

/**
 * The dashboard's figures, all computed in SQL from requests and deliveries for a date range (managers: their
 * branch; admins: every branch or one): copies per day per branch, how requests ended (consent, decline, expiry,
 * other), time from request to consent (median and p90), and the same by requested document type.
 *
 * @example
 * const d = await dashboard(s, session, { from: new Date("2026-03-01"), to: new Date("2026-04-01") });
 * d.consentSeconds.p90; // 41.2
 */
export interface Dashboard {
  from: string;
  to: string;
  perDay: { day: string; branchId: string; branchName: string; copies: number }[];
  outcomes: {
    total: number;
    received: number;
    declined: number;
    expired: number;
    other: number;
    waiting: number;
  };
  consentSeconds: { median: number | null; p90: number | null; count: number };
  byType: { type: string; requests: number; received: number; medianSeconds: number | null }[];
}

export async function dashboard(
  s: Services,
  session: Session,
  q: { from: Date; to: Date; branchId?: string },
): Promise<Dashboard> {
  const branchId = branchScope(session.employee) ?? q.branchId ?? null;
  const params = [q.from, q.to, branchId];
  const inRange = "r.created_at >= $1 AND r.created_at < $2 AND ($3::uuid IS NULL OR r.branch_id = $3)";
  // First accepted delivery per request: a retried callback must not count twice.
  const consent = `(SELECT r.id, r.branch_id, r.document_types, r.created_at,
      min(d.received_at) AS received_at FROM requests r JOIN deliveries d ON d.request_id = r.id
      WHERE d.outcome = 'accepted' AND ${inRange} GROUP BY r.id)`;
  const [perDay, outcomes, timing, byType] = await Promise.all([
    s.store.query<{ day: string; branch_id: string; branch_name: string; copies: number }>(
      `SELECT to_char(date_trunc('day', c.received_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS day,
         c.branch_id, b.name AS branch_name, count(*)::int AS copies
       FROM ${consent} c JOIN branches b ON b.id = c.branch_id
       GROUP BY 1, 2, 3 ORDER BY 1, 3`,
      params,
    ),
    s.store.query<{ status: string; n: number }>(
      `SELECT r.status, count(*)::int AS n FROM requests r WHERE ${inRange} GROUP BY r.status`,
      params,
    ),
    s.store.query<{ median: number | null; p90: number | null; n: number }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.received_at - c.created_at)) AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM c.received_at - c.created_at)) AS p90,
         count(*)::int AS n FROM ${consent} c`,
      params,
    ),
    s.store.query<{ type: string; requests: number; received: number; median: number | null }>(
      `SELECT t.type, count(*)::int AS requests, count(c.id)::int AS received,
         percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.received_at - c.created_at)) AS median
       FROM requests r CROSS JOIN LATERAL unnest(r.document_types) AS t(type)
       LEFT JOIN ${consent} c ON c.id = r.id
       WHERE ${inRange} GROUP BY t.type ORDER BY 2 DESC, 1`,
      params,
    ),
  ]);
  const by = new Map(outcomes.rows.map((r) => [r.status, Number(r.n)]));
  const total = [...by.values()].reduce((a, b) => a + b, 0);
  const received = by.get("received") ?? 0;
  const declined = by.get("declined") ?? 0;
  const expired = by.get("expired") ?? 0;
  const waiting = by.get("waiting") ?? 0;
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  const t = timing.rows[0];
  return {
    from: q.from.toISOString(),
    to: q.to.toISOString(),
    perDay: perDay.rows.map((r) => ({
      day: r.day,
      branchId: r.branch_id,
      branchName: r.branch_name,
      copies: Number(r.copies),
    })),
    outcomes: {
      total,
      received,
      declined,
      expired,
      waiting,
      other: total - received - declined - expired - waiting,
    },
    consentSeconds: { median: num(t?.median), p90: num(t?.p90), count: Number(t?.n ?? 0) },
    byType: byType.rows.map((r) => ({
      type: r.type,
      requests: Number(r.requests),
      received: Number(r.received),
      medianSeconds: num(r.median),
    })),
  };
}
