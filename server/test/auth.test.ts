import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmployee } from "../src/services/employees.ts";
import { resetAdminPassword } from "../src/services/manage-employees.ts";
import { DRIVERS } from "./helpers.ts";
import { Client, printedPassword, startTestServer, type TestServer } from "./server-helpers.ts";

const NEW_PASSWORD = "correct horse battery staple";

async function auditActions(
  t: TestServer,
): Promise<Array<{ action: string; details: Record<string, unknown> }>> {
  const r = await t.server.services.store.query<{ action: string; details: Record<string, unknown> }>(
    "SELECT action, details FROM audit_log ORDER BY seq",
  );
  return r.rows;
}

async function addTeller(t: TestServer, login: string): Promise<{ id: string; password: string }> {
  const s = t.server.services;
  const branch = (await s.store.query<{ id: string }>("SELECT id FROM branches LIMIT 1")).rows[0]?.id ?? "";
  const admin =
    (await s.store.query<{ id: string }>("SELECT id FROM employees WHERE login = 'admin'")).rows[0]?.id ?? "";
  const password = `${login}-password-123`;
  const { employee } = await createEmployee(s, admin, {
    login,
    displayName: "Тестова Касирка",
    role: "teller",
    branchId: branch,
    password,
  });
  return { id: employee.id, password };
}

describe.each(DRIVERS)("employees and sessions over HTTP on %s", (driver) => {
  let t: TestServer;
  const from = (ip: string) => new Client(t.url, { "x-forwarded-for": ip });
  beforeAll(async () => {
    // Each test signs in from sources of its own (a trusted proxy's X-Forwarded-For), so their failures do not add up.
    t = await startTestServer(driver, { STIIKA_LOGIN_RATE_LIMIT: "8", STIIKA_TRUST_PROXY: "1" });
  });
  afterAll(async () => {
    await t.close();
  });

  it("when started on an empty database, then it creates the admin in «Головне відділення» and prints a one-time password, not to the log", async () => {
    const password = printedPassword(t.printed);
    expect(password).toMatch(/^[A-Za-z2-9]{16}$/);
    const s = t.server.services;
    const row = (
      await s.store.query<{
        role: string;
        must_change_password: boolean;
        password_hash: string;
        name: string;
      }>(
        "SELECT e.role, e.must_change_password, e.password_hash, b.name FROM employees e JOIN branches b ON b.id = e.branch_id",
      )
    ).rows;
    expect(row).toHaveLength(1);
    expect(row[0]).toMatchObject({ role: "admin", must_change_password: true, name: "Головне відділення" });
    expect(row[0]?.password_hash).toMatch(/^\$argon2id\$/);
    expect(t.logs.join("")).not.toContain(password);
    expect((await auditActions(t)).map((a) => a.action)).toContain("system.admin_created");
  });

  it("when the admin signs in with the one-time password, then everything but /me, logout and the password change is refused until it is changed", async () => {
    const c = new Client(t.url);
    const login = await c.login("admin", printedPassword(t.printed));
    expect(login.status).toBe(200);
    expect(login.body.employee).toMatchObject({
      login: "admin",
      role: "admin",
      mustChangePassword: true,
      branch: { name: "Головне відділення" },
    });
    expect(login.body.employee.fullName).toEqual(expect.any(String));
    expect(login.setCookie).toMatch(/stiika_session=[^;]+;.*HttpOnly/i);
    expect(login.setCookie).toMatch(/SameSite=Strict/i);
    expect(login.setCookie).not.toMatch(/Secure/i);

    expect((await c.request("GET", "/api/me")).body.employee.mustChangePassword).toBe(true);
    const blocked = await c.request(
      "POST",
      "/api/admin/employees/00000000-0000-4000-8000-000000000000/reset-password",
      {},
    );
    expect(blocked).toMatchObject({ status: 403, body: { error: { code: "PASSWORD_CHANGE_REQUIRED" } } });

    const weak = await c.request("POST", "/api/auth/password", {
      currentPassword: printedPassword(t.printed),
      newPassword: "short",
    });
    expect(weak.body.error.code).toBe("WEAK_PASSWORD");
    const changed = await c.request("POST", "/api/auth/password", {
      currentPassword: printedPassword(t.printed),
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
    expect(changed.body.employee.mustChangePassword).toBe(false);
    expect((await c.request("GET", "/api/me")).body.employee.mustChangePassword).toBe(false);

    const old = await new Client(t.url).login("admin", printedPassword(t.printed));
    expect(old.body.error.code).toBe("BAD_CREDENTIALS");
  });

  it("when the password is wrong, the login unknown or the account disabled, then all three get the same answer in about the same time", async () => {
    const disabled = await addTeller(t, "teller.off");
    await t.server.services.store.query("UPDATE employees SET disabled = true WHERE id = $1", [disabled.id]);
    const attempts = {
      wrong: () => from("198.51.100.1").login("admin", "not the password"),
      unknown: () => from("198.51.100.2").login("nobody-here", "whatever"),
      disabled: () => from("198.51.100.3").login("teller.off", disabled.password),
    };
    const fastest: Record<string, number> = {};
    for (const [name, attempt] of Object.entries(attempts)) {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const r = await attempt();
        const ms = performance.now() - started;
        fastest[name] = Math.min(fastest[name] ?? Number.POSITIVE_INFINITY, ms);
        expect(r).toMatchObject({ status: 401, body: { error: { code: "BAD_CREDENTIALS" } } });
        expect(r.body.error.message).toBe("Неправильний логін або пароль");
      }
    }
    // Each refusal verifies an argon2 hash; a shortcut for unknown or disabled logins would be several times faster.
    const times = Object.values(fastest);
    expect(Math.max(...times) / Math.min(...times)).toBeLessThan(2.5);
    const failures = (await auditActions(t))
      .filter((a) => a.action === "auth.login_failed")
      .map((a) => a.details);
    expect(failures).toContainEqual({ reason: "BAD_PASSWORD" });
    expect(failures).toContainEqual({ reason: "DISABLED" });
    // A login naming nobody is anyone's noise: counted per day, never an audit row.
    expect(failures).not.toContainEqual(expect.objectContaining({ reason: "UNKNOWN_LOGIN" }));
    const counted = await t.server.services.store.query<{ n: number }>(
      "SELECT n::int AS n FROM anonymous_counts WHERE action = 'auth.login_failed.unknown_login'",
    );
    expect(counted.rows[0]?.n).toBe(3);
    expect(JSON.stringify(await auditActions(t))).not.toContain("nobody-here");
  });

  it("when others keep guessing an employee's password from many places, then the account never locks and their session lives on", async () => {
    const teller = await addTeller(t, "teller.target");
    const own = from("192.0.2.10");
    expect((await own.login("teller.target", teller.password)).status).toBe(200);
    for (let source = 0; source < 10; source++) {
      const attacker = from(`203.0.113.${source + 1}`);
      for (let i = 0; i < 5; i++) await attacker.login("teller.target", `guess-${source}-${i}`);
    }
    // Signed in before: still signed in.
    expect((await own.request("GET", "/api/me")).status).toBe(200);
    // Signing in again: at worst a short wait (the login-wide one is capped at 30 s), never a lockout.
    const again = from("192.0.2.11");
    const first = await again.login("teller.target", teller.password);
    if (first.status !== 200) {
      expect(first.body.error.code).toBe("RATE_LIMITED");
      expect(first.body.error.retryAfterSeconds).toBeLessThanOrEqual(30);
      t.clock.advance(first.body.error.retryAfterSeconds * 1000);
    }
    expect((await again.login("teller.target", teller.password)).status).toBe(200);
    expect((await auditActions(t)).map((a) => a.action)).not.toContain("auth.locked");
  });

  it("when one source guesses one login, then each try past the free ones waits longer, and the wait is told", async () => {
    const teller = await addTeller(t, "teller.slow");
    const c = from("198.51.100.20");
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) codes.push((await c.login("teller.slow", `wrong-${i}`)).body.error.code);
    expect(codes).toEqual(Array(8).fill("BAD_CREDENTIALS"));
    const waits: number[] = [];
    for (let i = 0; i < 3; i++) {
      const limited = await c.login("teller.slow", `wrong-again-${i}`);
      expect(limited).toMatchObject({ status: 429, body: { error: { code: "RATE_LIMITED" } } });
      // Refused while waiting, unchecked: even the right password now waits.
      expect((await c.login("teller.slow", teller.password)).body.error.code).toBe("RATE_LIMITED");
      waits.push(limited.body.error.retryAfterSeconds);
      t.clock.advance(limited.body.error.retryAfterSeconds * 1000);
      expect((await c.login("teller.slow", `wrong-after-${i}`)).body.error.code).toBe("BAD_CREDENTIALS");
    }
    expect(waits).toEqual([1, 2, 4]);
    t.clock.advance(8_000);
    expect((await c.login("teller.slow", teller.password)).status).toBe(200);
    // Another source is not slowed by this one's guesses.
    expect((await from("198.51.100.21").login("teller.slow", teller.password)).status).toBe(200);
  });

  it("when one password is sprayed across many logins from one source, then that source is slowed", async () => {
    const c = from("198.51.100.30");
    const codes: string[] = [];
    for (let i = 0; i < 40; i++) codes.push((await c.login(`someone-${i}`, "Summer2026!!")).body.error.code);
    expect(codes.slice(0, 32)).toEqual(Array(32).fill("BAD_CREDENTIALS"));
    expect(codes.slice(33)).toContain("RATE_LIMITED");
    expect((await from("198.51.100.31").login("someone-x", "Summer2026!!")).body.error.code).toBe(
      "BAD_CREDENTIALS",
    );
  });

  it("when an employee signs in again and again, then nothing is used up", async () => {
    const teller = await addTeller(t, "teller.busy");
    const c = from("198.51.100.40");
    for (let i = 0; i < 30; i++) expect((await c.login("teller.busy", teller.password)).status).toBe(200);
  });

  it("when a new password is short, common, or the login or name, then it is refused saying why", async () => {
    const teller = await addTeller(t, "teller.pw");
    const c = from("198.51.100.50");
    await c.login("teller.pw", teller.password);
    const change = (newPassword: string) =>
      c.request("POST", "/api/auth/password", { currentPassword: teller.password, newPassword });
    for (const [pw, message] of [
      ["short-1", "Пароль має містити щонайменше 12 символів"],
      ["qwertyuiop123", "Цей пароль надто поширений: оберіть інший"],
      ["Teller.PW", "Пароль має містити щонайменше 12 символів"],
      ["Тестова Касирка", "Пароль не може бути логіном чи ім'ям"],
      ["тестова касирка", "Пароль не може бути логіном чи ім'ям"],
    ] as const) {
      const r = await change(pw);
      expect(r.status, pw).toBe(400);
      expect(r.body.error.code, pw).toBe("WEAK_PASSWORD");
      expect(r.body.error.message, pw).toBe(message);
    }
    expect((await change("a long unusual phrase 7")).status).toBe(200);
  });

  it("when no administrator can sign in, then the recovery command gives one a one-time password and ends their sessions", async () => {
    const admin = from("198.51.100.60");
    expect((await admin.login("admin", NEW_PASSWORD)).status).toBe(200);
    const result = await resetAdminPassword(t.server.services, "ADMIN");
    expect(result?.oneTimePassword).toHaveLength(16);
    expect((await admin.request("GET", "/api/me")).status).toBe(401);
    const back = from("198.51.100.61");
    const signedIn = await back.login("admin", result?.oneTimePassword ?? "");
    expect(signedIn.body.employee).toMatchObject({ role: "admin", mustChangePassword: true });
    expect((await auditActions(t)).map((a) => a.action)).toContain("employee.password_reset");
    // Only administrators: a teller's login is not recovered this way.
    await addTeller(t, "teller.norecover");
    expect(await resetAdminPassword(t.server.services, "teller.norecover")).toBeUndefined();
    // Back to the password the other tests sign in with.
    const changed = await back.request("POST", "/api/auth/password", {
      currentPassword: result?.oneTimePassword,
      newPassword: NEW_PASSWORD,
    });
    expect(changed.status).toBe(200);
  });

  it("when a session is idle longer than the limit, then it answers SESSION_EXPIRED; activity keeps it alive", async () => {
    const teller = await addTeller(t, "teller.idle");
    const c = new Client(t.url);
    await c.login("teller.idle", teller.password);
    t.clock.advance(9 * 60_000);
    expect((await c.request("GET", "/api/me")).status).toBe(200);
    t.clock.advance(9 * 60_000);
    expect((await c.request("GET", "/api/me")).status).toBe(200);
    t.clock.advance(10 * 60_000 + 1);
    const expired = await c.request("GET", "/api/me");
    expect(expired).toMatchObject({ status: 401, body: { error: { code: "SESSION_EXPIRED" } } });
    expect((await c.request("GET", "/api/me")).body.error.code).toBe("UNAUTHENTICATED");
  });

  it("when a session passes its absolute lifetime, then it ends even while active", async () => {
    const teller = await addTeller(t, "teller.long");
    const c = new Client(t.url);
    await c.login("teller.long", teller.password);
    // 9 min 59 s steps: never idle too long; the 73rd step (12 h 8 min in total) passes the 12 h lifetime.
    for (let h = 0; h < 80; h++) {
      t.clock.advance(9 * 60_000 + 59_000);
      const r = await c.request("GET", "/api/me");
      if (r.status !== 200) {
        expect(r.body.error.code).toBe("SESSION_EXPIRED");
        expect(h).toBe(72);
        return;
      }
    }
    throw new Error("the session outlived its absolute lifetime");
  });

  it("when a state-changing request lacks the CSRF token or comes from another origin, then it is refused", async () => {
    const c = new Client(t.url);
    await c.login("admin", NEW_PASSWORD);
    const teller = await addTeller(t, "teller.csrf");
    const noToken = await c.request(
      "POST",
      `/api/admin/employees/${teller.id}/reset-password`,
      {},
      { csrf: false },
    );
    expect(noToken).toMatchObject({ status: 403, body: { error: { code: "CSRF_REJECTED" } } });
    const wrongToken = await c.request(
      "POST",
      `/api/admin/employees/${teller.id}/reset-password`,
      {},
      { csrf: false, headers: { "x-csrf-token": "forged" } },
    );
    expect(wrongToken.body.error.code).toBe("CSRF_REJECTED");
    const foreign = await c.request(
      "POST",
      `/api/admin/employees/${teller.id}/reset-password`,
      {},
      { headers: { origin: "https://evil.example" } },
    );
    expect(foreign.body.error.code).toBe("CSRF_REJECTED");
    const foreignLogin = await new Client(t.url).request(
      "POST",
      "/api/auth/login",
      { login: "admin", password: NEW_PASSWORD },
      { headers: { origin: "https://evil.example" } },
    );
    expect(foreignLogin.body.error.code).toBe("CSRF_REJECTED");
    const ok = await c.request(
      "POST",
      `/api/admin/employees/${teller.id}/reset-password`,
      {},
      { headers: { origin: t.url } },
    );
    expect(ok.status).toBe(200);
  });

  it("when a teller calls an admin route, then it is FORBIDDEN", async () => {
    const teller = await addTeller(t, "teller.role");
    const c = new Client(t.url);
    await c.login("teller.role", teller.password);
    const r = await c.request("POST", "/api/employees", {
      login: "x.y.z",
      displayName: "X",
      role: "admin",
      branchId: "00000000-0000-4000-8000-000000000000",
    });
    expect(r).toMatchObject({ status: 403, body: { error: { code: "FORBIDDEN" } } });
  });

  it("when an admin creates an employee without a password, then a one-time password is returned that must be changed", async () => {
    const admin = new Client(t.url);
    await admin.login("admin", NEW_PASSWORD);
    const me = await admin.request("GET", "/api/me");
    const created = await admin.request("POST", "/api/employees", {
      login: "manager.one",
      displayName: "Менеджерка",
      role: "manager",
      branchId: me.body.employee.branch.id,
    });
    expect(created.status).toBe(201);
    expect(created.body.employee).toMatchObject({
      login: "manager.one",
      role: "manager",
      mustChangePassword: true,
    });
    const c = new Client(t.url);
    const login = await c.login("manager.one", created.body.oneTimePassword);
    expect(login.body.employee.mustChangePassword).toBe(true);
    const dup = await admin.request("POST", "/api/employees", {
      login: "MANAGER.one",
      displayName: "Ще одна",
      role: "teller",
      branchId: me.body.employee.branch.id,
    });
    expect(dup.body.error.code).toBe("CONFLICT");
    const bad = await admin.request("POST", "/api/employees", { login: "a", role: "boss" });
    expect(bad.body.error).toMatchObject({ code: "BAD_REQUEST" });
    expect(bad.body.error.message).toContain("role");
  });

  it("when an employee logs out, then the cookie is cleared, the session no longer works, and the logout is audited", async () => {
    const teller = await addTeller(t, "teller.out");
    const c = new Client(t.url);
    await c.login("teller.out", teller.password);
    const kept = c.cookie;
    const out = await c.request("POST", "/api/auth/logout", {});
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/stiika_session=;/);
    c.cookie = kept;
    expect((await c.request("GET", "/api/me")).body.error.code).toBe("UNAUTHENTICATED");
    const actions = (await auditActions(t)).map((a) => a.action);
    expect(actions).toContain("auth.logout");
    expect(actions).toContain("auth.login");
  });

  it("when a teller with a PIN locks, then the session answers only unlock; the PIN reopens it without touching the sign-in limits", async () => {
    const teller = await addTeller(t, "teller.pin");
    const c = new Client(t.url);
    await c.login("teller.pin", teller.password);
    const weak = await c.request("PUT", "/api/auth/pin", { currentPassword: teller.password, pin: "1234" });
    expect(weak).toMatchObject({ status: 400, body: { error: { code: "WEAK_PIN" } } });
    for (const pin of ["0000", "9876", "12a4", "123"])
      expect(
        (await c.request("PUT", "/api/auth/pin", { currentPassword: teller.password, pin })).status,
      ).toBe(400);
    const wrongPassword = await c.request("PUT", "/api/auth/pin", { currentPassword: "nope", pin: "4826" });
    expect(wrongPassword.body.error.code).toBe("BAD_CREDENTIALS");
    expect(
      (await c.request("PUT", "/api/auth/pin", { currentPassword: teller.password, pin: "4826" })).status,
    ).toBe(200);
    const stored = await t.server.services.store.query<{ pin_hash: string }>(
      "SELECT pin_hash FROM employees WHERE id = $1",
      [teller.id],
    );
    expect(stored.rows[0]?.pin_hash).toMatch(/^\$argon2id\$/);
    expect((await c.request("GET", "/api/me")).body.employee.hasPin).toBe(true);

    expect((await c.request("POST", "/api/auth/lock", {})).body).toEqual({ pin: true });
    expect(await c.request("GET", "/api/me")).toMatchObject({
      status: 401,
      body: { error: { code: "SESSION_LOCKED" } },
    });
    expect((await c.request("GET", "/api/services")).body.error.code).toBe("SESSION_LOCKED");
    const throttleBefore = await t.server.services.store.query(
      "SELECT key_hash, failures, last_failure_at FROM login_failures ORDER BY key_hash",
    );
    const wrong = await c.request("POST", "/api/auth/unlock", { pin: "1111" });
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: "PIN_WRONG", attemptsLeft: 2 } } });
    const ok = await c.request("POST", "/api/auth/unlock", { pin: "4826" });
    expect(ok.status).toBe(200);
    expect(ok.body.employee.login).toBe("teller.pin");
    expect((await c.request("GET", "/api/me")).status).toBe(200);
    // The sign-in throttle did not see the wrong PIN
    const throttleAfter = await t.server.services.store.query(
      "SELECT key_hash, failures, last_failure_at FROM login_failures ORDER BY key_hash",
    );
    expect(throttleAfter.rows).toEqual(throttleBefore.rows);
    const actions = (await auditActions(t)).map((a) => a.action);
    expect(actions).toEqual(
      expect.arrayContaining(["auth.pin_set", "auth.screen_locked", "auth.unlock_failed", "auth.unlocked"]),
    );
  });

  it("when a locked session takes three wrong PINs, then it ends and only a full sign-in is left", async () => {
    const teller = await addTeller(t, "teller.pin3");
    const c = new Client(t.url);
    await c.login("teller.pin3", teller.password);
    await c.request("PUT", "/api/auth/pin", { currentPassword: teller.password, pin: "5830" });
    await c.request("POST", "/api/auth/lock", {});
    expect((await c.request("POST", "/api/auth/unlock", { pin: "1111" })).body.error.attemptsLeft).toBe(2);
    expect((await c.request("POST", "/api/auth/unlock", { pin: "2222" })).body.error.attemptsLeft).toBe(1);
    const third = await c.request("POST", "/api/auth/unlock", { pin: "3333" });
    expect(third).toMatchObject({ status: 401, body: { error: { code: "UNAUTHENTICATED" } } });
    // the right PIN no longer helps: the session is gone
    expect((await c.request("POST", "/api/auth/unlock", { pin: "5830" })).body.error.code).toBe(
      "UNAUTHENTICATED",
    );
    expect((await c.login("teller.pin3", teller.password)).status).toBe(200);
  });

  it("when an employee without a PIN locks, then the session ends (nothing could reopen it)", async () => {
    const teller = await addTeller(t, "teller.nopin");
    const c = new Client(t.url);
    await c.login("teller.nopin", teller.password);
    const kept = c.cookie;
    const lock = await c.request("POST", "/api/auth/lock", {});
    expect(lock.body).toEqual({ pin: false });
    c.cookie = kept;
    expect((await c.request("GET", "/api/me")).body.error.code).toBe("UNAUTHENTICATED");
  });

  it("never writes passwords, cookies, tokens or logins to the log", async () => {
    const all = t.logs.join("");
    expect(all).not.toContain(NEW_PASSWORD);
    expect(all).not.toContain("teller.out-password-123");
    expect(all).not.toContain("stiika_session=");
    expect(all).not.toContain("ghost.user");
    expect(all).toContain('"path":"/api/auth/login"');
  });

  it("answers health, readiness, and a typed 404 for unknown API paths", async () => {
    expect(await (await fetch(`${t.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${t.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ ok: true, database: "ready" });
    const missing = await new Client(t.url).request("GET", "/api/nothing-here");
    expect(missing).toMatchObject({ status: 404, body: { error: { code: "NOT_FOUND" } } });
    const badJson = await fetch(`${t.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(((await badJson.json()) as { error: { code: string } }).error.code).toBe("BAD_REQUEST");
  });
});
