/**
 * Slows down password guessing without ever locking an account. Each wrong password counts under three keys:
 * the source and the login together (one guesser at one account), the source alone (one password sprayed
 * across many logins) and the login alone (many sources at one account). Past a key's free failures every
 * further try waits, the wait doubling up to a cap; a try made while a key waits is refused unchecked and counts
 * nothing. The login-wide cap is short (30 s): a distributed guesser can slow an account but not lock its owner
 * out. A key forgets its failures after a quiet window; a successful sign-in forgets the source-and-login key and
 * consumes nothing. Retention drops keys quiet for longer than the window.
 */
import { createHash } from "node:crypto";
import type { Services } from "./context.ts";

interface Scope {
  name: "source+login" | "source" | "login";
  key(ip: string, login: string): string;
  free: (s: Services) => number;
  capMs: number;
}

const SCOPES: Scope[] = [
  {
    name: "source+login",
    key: (ip, l) => `sl\n${ip}\n${l}`,
    free: (s) => s.config.loginRateLimit,
    capMs: 15 * 60_000,
  },
  { name: "source", key: (ip) => `s\n${ip}`, free: (s) => 4 * s.config.loginRateLimit, capMs: 15 * 60_000 },
  { name: "login", key: (_ip, l) => `l\n${l}`, free: (s) => 4 * s.config.loginRateLimit, capMs: 30_000 },
];

const hashKey = (k: string) => createHash("sha256").update(k).digest("hex");

/** The wait after `failures` wrong passwords: none within the free ones, then 1 s, 2 s, 4 s … up to `capMs`. */
export function waitAfter(failures: number, free: number, capMs: number): number {
  if (failures < free) return 0;
  return Math.min(capMs, 1000 * 2 ** Math.min(30, failures - free));
}

/** Seconds until this source may try this login again; 0 when it may now. */
export async function retryAfterSeconds(s: Services, ip: string, login: string): Promise<number> {
  const now = s.clock().getTime();
  const keys = SCOPES.map((sc) => hashKey(sc.key(ip, login.toLowerCase())));
  const rows = (
    await s.store.query<{ key_hash: string; failures: number; last_failure_at: Date }>(
      "SELECT key_hash, failures, last_failure_at FROM login_failures WHERE key_hash = ANY($1)",
      [keys],
    )
  ).rows;
  let until = now;
  for (const [i, sc] of SCOPES.entries()) {
    const row = rows.find((r) => r.key_hash === keys[i]);
    if (!row || now - row.last_failure_at.getTime() > s.config.loginRateWindowMs) continue;
    until = Math.max(until, row.last_failure_at.getTime() + waitAfter(row.failures, sc.free(s), sc.capMs));
  }
  return Math.ceil((until - now) / 1000);
}

/** Counts a wrong password under every key (a key quiet for the window starts again from one). */
export async function recordFailure(s: Services, ip: string, login: string): Promise<void> {
  const now = s.clock();
  const quietSince = new Date(now.getTime() - s.config.loginRateWindowMs);
  for (const sc of SCOPES) {
    await s.store.query(
      `INSERT INTO login_failures (key_hash, failures, last_failure_at) VALUES ($1, 1, $2)
       ON CONFLICT (key_hash) DO UPDATE SET
         failures = CASE WHEN login_failures.last_failure_at < $3 THEN 1 ELSE login_failures.failures + 1 END,
         last_failure_at = $2`,
      [hashKey(sc.key(ip, login.toLowerCase())), now, quietSince],
    );
  }
}

/** After a successful sign-in: this source's failures at this login are forgotten. */
export async function forgetFailures(s: Services, ip: string, login: string): Promise<void> {
  await s.store.query("DELETE FROM login_failures WHERE key_hash = $1", [
    hashKey(SCOPES[0]?.key(ip, login.toLowerCase()) ?? ""),
  ]);
}
