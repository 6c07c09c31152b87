import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors.ts";
import { hashPassword, verifyPassword } from "../lib/passwords.ts";
import { appendAudit, audit } from "./audit.ts";
import { type EmployeeRow, type PublicEmployee, publicEmployee, type Services } from "./context.ts";

/** A signed-in employee, as the routes see it. */
export interface Session {
  tokenHash: string;
  csrfToken: string;
  employee: PublicEmployee;
}

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const randomToken = () => randomBytes(32).toString("base64url");

// Verifying against a real hash when the login is unknown keeps the answer time the same, so response timing
// does not tell which logins exist.
let dummyHash: Promise<string> | undefined;

/** Counts this attempt for (IP, login) in the current window; true when over the limit. */
async function overRateLimit(
  s: Services,
  ip: string,
  login: string,
): Promise<{ over: boolean; first: boolean }> {
  const now = s.clock();
  const windowStart = new Date(now.getTime() - s.config.loginRateWindowMs);
  const r = await s.store.query<{ attempts: number }>(
    `INSERT INTO login_throttle (key_hash, window_started_at, attempts) VALUES ($1, $2, 1)
     ON CONFLICT (key_hash) DO UPDATE SET
       attempts = CASE WHEN login_throttle.window_started_at < $3 THEN 1 ELSE login_throttle.attempts + 1 END,
       window_started_at = CASE WHEN login_throttle.window_started_at < $3 THEN $2 ELSE login_throttle.window_started_at END
     RETURNING attempts`,
    [sha256(`${ip}\n${login.toLowerCase()}`), now, windowStart],
  );
  const attempts = r.rows[0]?.attempts ?? 1;
  return { over: attempts > s.config.loginRateLimit, first: attempts === s.config.loginRateLimit + 1 };
}

export async function login(
  s: Services,
  input: { login: string; password: string; ip: string },
): Promise<{ token: string; session: Session }> {
  const limit = await overRateLimit(s, input.ip, input.login);
  if (limit.over) {
    // Audited once per window, so an attacker cannot grow the audit log at will.
    if (limit.first) await audit(s.store, s.clock(), { actorId: null, action: "auth.rate_limited" });
    throw new AppError("RATE_LIMITED");
  }
  const row = (
    await s.store.query<EmployeeRow>("SELECT * FROM employees WHERE lower(login) = lower($1)", [input.login])
  ).rows[0];
  if (!row) {
    dummyHash ??= hashPassword(randomToken());
    await verifyPassword(await dummyHash, input.password);
    await audit(s.store, s.clock(), {
      actorId: null,
      action: "auth.login_failed",
      details: { reason: "UNKNOWN_LOGIN" },
    });
    throw new AppError("BAD_CREDENTIALS");
  }
  const failed = (reason: string) =>
    audit(s.store, s.clock(), {
      actorId: null,
      action: "auth.login_failed",
      subjectType: "employee",
      subjectId: row.id,
      details: { reason },
    });
  if (row.disabled) {
    await failed("DISABLED");
    throw new AppError("BAD_CREDENTIALS");
  }
  if (row.locked_until && row.locked_until > s.clock()) {
    await failed("LOCKED");
    throw new AppError("ACCOUNT_LOCKED");
  }
  if (!(await verifyPassword(row.password_hash, input.password))) {
    await s.store.transaction(async (tx) => {
      const now = s.clock();
      const n =
        (
          await tx.query<{ failed_logins: number }>(
            "UPDATE employees SET failed_logins = failed_logins + 1 WHERE id = $1 RETURNING failed_logins",
            [row.id],
          )
        ).rows[0]?.failed_logins ?? 0;
      await appendAudit(tx, now, {
        actorId: null,
        action: "auth.login_failed",
        subjectType: "employee",
        subjectId: row.id,
        details: { reason: "BAD_PASSWORD", failures: n },
      });
      if (n >= s.config.loginMaxFailures) {
        // The count restarts, so after the lockout runs out the next N failures lock again.
        await tx.query("UPDATE employees SET locked_until = $2, failed_logins = 0 WHERE id = $1", [
          row.id,
          new Date(now.getTime() + s.config.lockoutMs),
        ]);
        await tx.query("DELETE FROM sessions WHERE employee_id = $1", [row.id]);
        await appendAudit(tx, now, {
          actorId: null,
          action: "auth.locked",
          subjectType: "employee",
          subjectId: row.id,
        });
      }
    });
    throw new AppError("BAD_CREDENTIALS");
  }
  const token = randomToken();
  const csrfToken = randomToken();
  await s.store.transaction(async (tx) => {
    const now = s.clock();
    await tx.query("UPDATE employees SET failed_logins = 0, locked_until = NULL WHERE id = $1", [row.id]);
    await tx.query(
      "INSERT INTO sessions (token_hash, employee_id, csrf_token, created_at, last_seen_at, expires_at) VALUES ($1, $2, $3, $4, $4, $5)",
      [sha256(token), row.id, csrfToken, now, new Date(now.getTime() + s.config.sessionMaxMs)],
    );
    await appendAudit(tx, now, {
      actorId: row.id,
      action: "auth.login",
      subjectType: "employee",
      subjectId: row.id,
    });
  });
  return { token, session: { tokenHash: sha256(token), csrfToken, employee: publicEmployee(row) } };
}

/**
 * The session behind a cookie token. Idle sessions (no request for `sessionIdleMs`) and sessions past their
 * absolute lifetime are deleted and answer SESSION_EXPIRED; each successful check slides the idle window.
 */
export async function authenticate(s: Services, token: string | undefined): Promise<Session> {
  if (!token) throw new AppError("UNAUTHENTICATED");
  const tokenHash = sha256(token);
  const row = (
    await s.store.query<EmployeeRow & { csrf_token: string; last_seen_at: Date; expires_at: Date }>(
      `SELECT e.*, s.csrf_token, s.last_seen_at, s.expires_at
       FROM sessions s JOIN employees e ON e.id = s.employee_id WHERE s.token_hash = $1`,
      [tokenHash],
    )
  ).rows[0];
  if (!row) throw new AppError("UNAUTHENTICATED");
  const now = s.clock();
  if (now.getTime() - row.last_seen_at.getTime() > s.config.sessionIdleMs || now >= row.expires_at) {
    await s.store.query("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
    throw new AppError("SESSION_EXPIRED");
  }
  if (row.disabled || (row.locked_until && row.locked_until > now)) {
    await s.store.query("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
    throw new AppError("UNAUTHENTICATED");
  }
  // Sliding the window to the second is not needed; skipping most writes keeps thousands of long-polls cheap.
  if (now.getTime() - row.last_seen_at.getTime() >= Math.min(15_000, s.config.sessionIdleMs / 20)) {
    await s.store.query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", [tokenHash, now]);
  }
  return { tokenHash, csrfToken: row.csrf_token, employee: publicEmployee(row) };
}

/** Constant-time comparison of the `X-CSRF-Token` header with the session's token. */
export function csrfMatches(session: Session, header: string | undefined): boolean {
  if (!header) return false;
  const a = Buffer.from(session.csrfToken);
  const b = Buffer.from(header);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function logout(s: Services, session: Session): Promise<void> {
  await s.store.transaction(async (tx) => {
    await tx.query("DELETE FROM sessions WHERE token_hash = $1", [session.tokenHash]);
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "auth.logout",
      subjectType: "employee",
      subjectId: session.employee.id,
    });
  });
}

/** Changes the signed-in employee's password; their other sessions end. */
export async function changePassword(
  s: Services,
  session: Session,
  input: { currentPassword: string; newPassword: string },
): Promise<PublicEmployee> {
  const row = (
    await s.store.query<EmployeeRow>("SELECT * FROM employees WHERE id = $1", [session.employee.id])
  ).rows[0];
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError("BAD_CREDENTIALS", "Поточний пароль неправильний");
  }
  if (input.newPassword.length < 12 || input.newPassword === input.currentPassword) {
    throw new AppError("WEAK_PASSWORD");
  }
  const passwordHash = await hashPassword(input.newPassword);
  const updated = await s.store.transaction(async (tx) => {
    const now = s.clock();
    const r = (
      await tx.query<EmployeeRow>(
        "UPDATE employees SET password_hash = $2, must_change_password = false, updated_at = $3 WHERE id = $1 RETURNING *",
        [row.id, passwordHash, now],
      )
    ).rows[0] as EmployeeRow;
    await tx.query("DELETE FROM sessions WHERE employee_id = $1 AND token_hash <> $2", [
      row.id,
      session.tokenHash,
    ]);
    await appendAudit(tx, now, {
      actorId: row.id,
      action: "auth.password_changed",
      subjectType: "employee",
      subjectId: row.id,
    });
    return r;
  });
  return publicEmployee(updated);
}
