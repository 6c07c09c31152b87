import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors.ts";
import { assertStrongPassword, hashPassword, verifyPassword } from "../lib/passwords.ts";
import { appendAudit, audit, countAnonymous } from "./audit.ts";
import { type EmployeeRow, type PublicEmployee, publicEmployee, type Services } from "./context.ts";
import { forgetFailures, recordFailure, retryAfterSeconds } from "./login-throttle.ts";

/** A signed-in employee, as the routes see it. */
export interface Session {
  tokenHash: string;
  csrfToken: string;
  employee: PublicEmployee;
  /** The employee has set an unlock PIN (so a lock keeps the session, locked, instead of ending it). */
  hasPin: boolean;
}

/** Wrong PINs a locked session takes before it ends and a full sign-in is needed. */
export const MAX_PIN_FAILURES = 3;

const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
const randomToken = () => randomBytes(32).toString("base64url");

// Every refused sign-in verifies against a real argon2 hash — the employee's, or this stand-in when the login is
// unknown — so neither the answer nor its time tells an unknown login from a disabled one or a wrong password.
let dummyHash: Promise<string> | undefined;

export async function login(
  s: Services,
  input: { login: string; password: string; ip: string },
): Promise<{ token: string; session: Session }> {
  const wait = await retryAfterSeconds(s, input.ip, input.login);
  if (wait > 0) throw new AppError("RATE_LIMITED", undefined, { retryAfterSeconds: wait });
  const row = (
    await s.store.query<EmployeeRow>("SELECT * FROM employees WHERE lower(login) = lower($1)", [input.login])
  ).rows[0];
  dummyHash ??= hashPassword(randomToken());
  const passwordOk = await verifyPassword(row?.password_hash ?? (await dummyHash), input.password);
  if (!row || row.disabled || !passwordOk) {
    await recordFailure(s, input.ip, input.login);
    // Unknown logins are anyone's noise: counted, not one audit row each. Failures at a real account are audited.
    if (row) {
      await audit(s.store, s.clock(), {
        actorId: null,
        action: "auth.login_failed",
        subjectType: "employee",
        subjectId: row.id,
        details: { reason: row.disabled ? "DISABLED" : "BAD_PASSWORD" },
      });
    } else {
      await countAnonymous(s, "auth.login_failed.unknown_login");
    }
    throw new AppError("BAD_CREDENTIALS");
  }
  await forgetFailures(s, input.ip, input.login);
  const token = randomToken();
  const csrfToken = randomToken();
  await s.store.transaction(async (tx) => {
    const now = s.clock();
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
  return {
    token,
    session: {
      tokenHash: sha256(token),
      csrfToken,
      employee: publicEmployee(row),
      hasPin: row.pin_hash !== null,
    },
  };
}

/**
 * The session behind a cookie token. Idle sessions (no request for `sessionIdleMs`) and sessions past their
 * absolute lifetime are deleted and answer SESSION_EXPIRED; each successful check slides the idle window.
 */
export async function authenticate(
  s: Services,
  token: string | undefined,
  { allowLocked = false }: { allowLocked?: boolean } = {},
): Promise<Session> {
  if (!token) throw new AppError("UNAUTHENTICATED");
  const tokenHash = sha256(token);
  const row = (
    await s.store.query<
      EmployeeRow & { csrf_token: string; last_seen_at: Date; expires_at: Date; locked_at: Date | null }
    >(
      `SELECT e.*, s.csrf_token, s.last_seen_at, s.expires_at, s.locked_at
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
  if (row.disabled) {
    await s.store.query("DELETE FROM sessions WHERE token_hash = $1", [tokenHash]);
    throw new AppError("UNAUTHENTICATED");
  }
  // A locked screen's session answers nothing but unlock and logout; it does not slide its idle window either,
  // so a lock left alone ends like any idle session.
  if (row.locked_at && !allowLocked) throw new AppError("SESSION_LOCKED");
  if (row.locked_at) {
    return {
      tokenHash,
      csrfToken: row.csrf_token,
      employee: publicEmployee(row),
      hasPin: row.pin_hash !== null,
    };
  }
  // Sliding the window to the second is not needed; skipping most writes keeps thousands of long-polls cheap.
  if (now.getTime() - row.last_seen_at.getTime() >= Math.min(15_000, s.config.sessionIdleMs / 20)) {
    await s.store.query("UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", [tokenHash, now]);
  }
  return {
    tokenHash,
    csrfToken: row.csrf_token,
    employee: publicEmployee(row),
    hasPin: row.pin_hash !== null,
  };
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
  if (input.newPassword === input.currentPassword) {
    throw new AppError("WEAK_PASSWORD", "Новий пароль має відрізнятися від старого");
  }
  assertStrongPassword(input.newPassword, { login: row.login, displayName: row.display_name });
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

/** 4–8 digits, not one digit repeated, not a run up or down (1234, 9876): the first guesses anyone tries. */
export function pinAcceptable(pin: string): boolean {
  if (!/^\d{4,8}$/.test(pin)) return false;
  if (/^(\d)\1+$/.test(pin)) return false;
  const steps = new Set([...pin].slice(1).map((d, i) => (Number(d) - Number(pin[i]) + 10) % 10));
  return !(steps.size === 1 && (steps.has(1) || steps.has(9)));
}

/** Sets the signed-in employee's unlock PIN (stored as an argon2id hash); the current password confirms it. */
export async function setPin(
  s: Services,
  session: Session,
  input: { currentPassword: string; pin: string },
): Promise<void> {
  const row = (
    await s.store.query<EmployeeRow>("SELECT * FROM employees WHERE id = $1", [session.employee.id])
  ).rows[0];
  if (!row || !(await verifyPassword(row.password_hash, input.currentPassword))) {
    throw new AppError("BAD_CREDENTIALS", "Поточний пароль неправильний");
  }
  if (!pinAcceptable(input.pin)) throw new AppError("WEAK_PIN");
  const pinHash = await hashPassword(input.pin);
  await s.store.transaction(async (tx) => {
    await tx.query("UPDATE employees SET pin_hash = $2, updated_at = $3 WHERE id = $1", [
      row.id,
      pinHash,
      s.clock(),
    ]);
    await appendAudit(tx, s.clock(), {
      actorId: row.id,
      action: "auth.pin_set",
      subjectType: "employee",
      subjectId: row.id,
    });
  });
}

/**
 * Locks the screen. With a PIN the session stays, locked (nothing but unlock and logout answers); without one
 * there is nothing to reopen it with, so the session ends.
 */
export async function lockSession(s: Services, session: Session): Promise<{ pin: boolean }> {
  if (!session.hasPin) {
    await logout(s, session);
    return { pin: false };
  }
  await s.store.transaction(async (tx) => {
    await tx.query(
      "UPDATE sessions SET locked_at = $2, pin_failures = 0 WHERE token_hash = $1 AND locked_at IS NULL",
      [session.tokenHash, s.clock()],
    );
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "auth.screen_locked",
      subjectType: "employee",
      subjectId: session.employee.id,
    });
  });
  return { pin: true };
}

/**
 * Reopens a locked session with the employee's PIN. Wrong PINs are counted on the session alone — never the
 * sign-in limit or the account's failures — and the third ends the session: a full sign-in is needed then.
 */
export async function unlockSession(s: Services, session: Session, pin: string): Promise<void> {
  const row = (
    await s.store.query<{ pin_hash: string | null; locked_at: Date | null }>(
      `SELECT e.pin_hash, s.locked_at FROM sessions s JOIN employees e ON e.id = s.employee_id
       WHERE s.token_hash = $1`,
      [session.tokenHash],
    )
  ).rows[0];
  if (!row?.locked_at) return; // not locked (a second tab unlocked it): nothing to do
  if (!row.pin_hash) throw new AppError("PIN_NOT_SET");
  if (await verifyPassword(row.pin_hash, pin)) {
    await s.store.transaction(async (tx) => {
      await tx.query(
        "UPDATE sessions SET locked_at = NULL, pin_failures = 0, last_seen_at = $2 WHERE token_hash = $1",
        [session.tokenHash, s.clock()],
      );
      await appendAudit(tx, s.clock(), {
        actorId: session.employee.id,
        action: "auth.unlocked",
        subjectType: "employee",
        subjectId: session.employee.id,
      });
    });
    return;
  }
  const failures = await s.store.transaction(async (tx) => {
    const n =
      (
        await tx.query<{ pin_failures: number }>(
          "UPDATE sessions SET pin_failures = pin_failures + 1 WHERE token_hash = $1 RETURNING pin_failures",
          [session.tokenHash],
        )
      ).rows[0]?.pin_failures ?? MAX_PIN_FAILURES;
    if (n >= MAX_PIN_FAILURES)
      await tx.query("DELETE FROM sessions WHERE token_hash = $1", [session.tokenHash]);
    await appendAudit(tx, s.clock(), {
      actorId: null,
      action: "auth.unlock_failed",
      subjectType: "employee",
      subjectId: session.employee.id,
      details: { failures: n, ended: n >= MAX_PIN_FAILURES },
    });
    return n;
  });
  if (failures >= MAX_PIN_FAILURES)
    throw new AppError("UNAUTHENTICATED", "Тричі неправильний PIN: увійдіть паролем");
  throw new AppError("PIN_WRONG", undefined, { attemptsLeft: MAX_PIN_FAILURES - failures });
}
