import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEmployee } from "../src/services/employees.ts";
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
  beforeAll(async () => {
    t = await startTestServer(driver, { STIIKA_LOGIN_RATE_LIMIT: "8" });
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
    const blocked = await c.request("POST", "/api/employees/00000000-0000-4000-8000-000000000000/unlock", {});
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

  it("when the password is wrong or the login unknown, then both answer BAD_CREDENTIALS in Ukrainian and are audited without the login", async () => {
    const c = new Client(t.url);
    const wrong = await c.login("admin", "not the password");
    expect(wrong).toMatchObject({ status: 401, body: { error: { code: "BAD_CREDENTIALS" } } });
    expect(wrong.body.error.message).toBe("Неправильний логін або пароль");
    const unknown = await c.login("nobody-here", "whatever");
    expect(unknown).toMatchObject({ status: 401, body: { error: { code: "BAD_CREDENTIALS" } } });
    const failures = (await auditActions(t))
      .filter((a) => a.action === "auth.login_failed")
      .map((a) => a.details);
    expect(failures).toContainEqual({ reason: "BAD_PASSWORD", failures: 1 });
    expect(failures).toContainEqual({ reason: "UNKNOWN_LOGIN" });
    const auditText = JSON.stringify(await auditActions(t));
    expect(auditText).not.toContain("nobody-here");
    // A successful login resets the failure count.
    expect((await c.login("admin", NEW_PASSWORD)).status).toBe(200);
  });

  it("when N passwords in a row are wrong, then the account locks (even for the right password) until an admin unlocks it", async () => {
    const teller = await addTeller(t, "teller.lock");
    const c = new Client(t.url);
    for (let i = 1; i <= 5; i++)
      expect((await c.login("teller.lock", `wrong-${i}`)).body.error.code).toBe("BAD_CREDENTIALS");
    const locked = await c.login("teller.lock", teller.password);
    expect(locked).toMatchObject({ status: 423, body: { error: { code: "ACCOUNT_LOCKED" } } });
    expect(locked.body.error.retryAfterSeconds).toBeGreaterThan(0);
    expect((await auditActions(t)).map((a) => a.action)).toContain("auth.locked");

    const admin = new Client(t.url);
    await admin.login("admin", NEW_PASSWORD);
    const unlock = await admin.request("POST", `/api/employees/${teller.id}/unlock`, {});
    expect(unlock.status).toBe(200);
    expect((await c.login("teller.lock", teller.password)).status).toBe(200);
  });

  it("when the lockout time has passed, then the right password works again", async () => {
    const teller = await addTeller(t, "teller.wait");
    const c = new Client(t.url);
    for (let i = 1; i <= 5; i++) await c.login("teller.wait", `wrong-${i}`);
    expect((await c.login("teller.wait", teller.password)).body.error.code).toBe("ACCOUNT_LOCKED");
    t.clock.advance(16 * 60_000);
    expect((await c.login("teller.wait", teller.password)).status).toBe(200);
  });

  it("when one IP tries one login too often, then further attempts are RATE_LIMITED, and another login is not", async () => {
    const c = new Client(t.url);
    const codes: string[] = [];
    for (let i = 0; i < 9; i++) codes.push((await c.login("ghost.user", `guess-${i}`)).body.error.code);
    expect(codes.slice(0, 8)).toEqual(Array(8).fill("BAD_CREDENTIALS"));
    expect(codes[8]).toBe("RATE_LIMITED");
    const limited = await c.login("ghost.user", "again");
    expect(limited.status).toBe(429);
    // It says when to try again: the rest of the 15-minute window, as a header and in the body
    const after = limited.body.error.retryAfterSeconds;
    expect(after).toBeGreaterThan(14 * 60);
    expect(after).toBeLessThanOrEqual(15 * 60);
    expect((await c.login("another.ghost", "x")).body.error.code).toBe("BAD_CREDENTIALS");
    expect((await auditActions(t)).filter((a) => a.action === "auth.rate_limited")).toHaveLength(1);
    t.clock.advance(16 * 60_000);
    expect((await c.login("ghost.user", "after the window")).body.error.code).toBe("BAD_CREDENTIALS");
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
    const noToken = await c.request("POST", `/api/employees/${teller.id}/unlock`, {}, { csrf: false });
    expect(noToken).toMatchObject({ status: 403, body: { error: { code: "CSRF_REJECTED" } } });
    const wrongToken = await c.request(
      "POST",
      `/api/employees/${teller.id}/unlock`,
      {},
      { csrf: false, headers: { "x-csrf-token": "forged" } },
    );
    expect(wrongToken.body.error.code).toBe("CSRF_REJECTED");
    const foreign = await c.request(
      "POST",
      `/api/employees/${teller.id}/unlock`,
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
      `/api/employees/${teller.id}/unlock`,
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
      "SELECT key_hash, attempts FROM login_throttle ORDER BY key_hash",
    );
    const wrong = await c.request("POST", "/api/auth/unlock", { pin: "1111" });
    expect(wrong).toMatchObject({ status: 403, body: { error: { code: "PIN_WRONG", attemptsLeft: 2 } } });
    const ok = await c.request("POST", "/api/auth/unlock", { pin: "4826" });
    expect(ok.status).toBe(200);
    expect(ok.body.employee.login).toBe("teller.pin");
    expect((await c.request("GET", "/api/me")).status).toBe(200);
    // Neither the login throttle nor the account's failure count saw the wrong PIN
    const throttleAfter = await t.server.services.store.query(
      "SELECT key_hash, attempts FROM login_throttle ORDER BY key_hash",
    );
    expect(throttleAfter.rows).toEqual(throttleBefore.rows);
    const failures = await t.server.services.store.query<{ failed_logins: number }>(
      "SELECT failed_logins FROM employees WHERE id = $1",
      [teller.id],
    );
    expect(failures.rows[0]?.failed_logins).toBe(0);
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
