/**
 * A stack of its own for the managers/admins e2e test, which needs what the shared stack (global setup, another
 * process) cannot give: the database, to move a copy's timestamps back a day, and the sandbox's partner token, to
 * ask Diia what it now knows. Sandbox + one server on PGlite serving the web build, plus employees made through
 * the admin API, and a tiny JSON client that keeps a session (cookie + CSRF token).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSandbox, type Sandbox } from "@stiika/sandbox";
import { loadConfig } from "@stiika/server/config";
import { type RunningServer, start } from "@stiika/server/server";
import { freePort } from "./stack.ts";
import { WEB_DIST } from "./web-build.ts";

export class ApiSession {
  cookie = "";
  csrf = "";
  constructor(readonly base: string) {}

  async call<T>(method: string, p: string, body?: unknown): Promise<{ status: number; body: T }> {
    const res = await fetch(this.base + p, {
      method,
      headers: {
        cookie: this.cookie,
        "x-csrf-token": this.csrf,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0] ?? "";
    const parsed = (await res.json().catch(() => undefined)) as T & { csrfToken?: string };
    if (parsed?.csrfToken) this.csrf = parsed.csrfToken;
    return { status: res.status, body: parsed };
  }

  async bytes(p: string): Promise<Buffer> {
    const res = await fetch(this.base + p, { headers: { cookie: this.cookie } });
    if (res.status !== 200) throw new Error(`GET ${p}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }

  async login(login: string, password: string): Promise<this> {
    const r = await this.call("POST", "/api/auth/login", { login, password });
    if (r.status !== 200) throw new Error(`login ${login} failed: HTTP ${r.status}`);
    return this;
  }
}

export interface Credentials {
  login: string;
  password: string;
  fullName: string;
}

export interface ManageStack {
  server: RunningServer;
  sandbox: Sandbox;
  url: string;
  admin: Credentials;
  /** Creates an employee of the main branch; returns their credentials. */
  employee(role: "teller" | "manager", login: string): Promise<Credentials>;
  stop(): Promise<void>;
}

export async function startManageStack(): Promise<ManageStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-e2e-manage-"));
  const port = await freePort();
  const sandboxDir = path.join(dir, "sandbox");
  const sandbox = await createSandbox({
    port: 0,
    dataDir: sandboxDir,
    callbackUrl: `http://127.0.0.1:${port}/api/diia/callback`,
    retryDelaysMs: [300, 1000, 3000],
    callbackTimeoutMs: 10_000,
    log: () => {},
  });
  const admin = {
    login: "admin",
    password: randomBytes(18).toString("base64url"),
    fullName: "Адміністратор",
  };
  const server = await start({
    config: loadConfig({
      HOST: "127.0.0.1",
      PORT: String(port),
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      STIIKA_DATA_DIR: path.join(dir, "server"),
      STIIKA_KEY_DIR: path.join(dir, "keys"),
      STIIKA_WEB_DIST: WEB_DIST,
      STIIKA_ADMIN_PASSWORD: admin.password,
      SANDBOX_DATA_DIR: sandboxDir,
      DIIA_BASE_URL: sandbox.url,
      STIIKA_LOGIN_RATE_LIMIT: "1000",
    }),
    print: () => {},
  });
  await server.diiaReady;
  const adminApi = await new ApiSession(server.url).login(admin.login, admin.password);
  const me = await adminApi.call<{ employee: { branch: { id: string } } }>("GET", "/api/me");
  return {
    server,
    sandbox,
    url: server.url,
    admin,
    async employee(role, login) {
      const password = randomBytes(12).toString("base64url");
      const fullName = `${role === "manager" ? "Керівник" : "Касир"} ${login}`;
      const r = await adminApi.call("POST", "/api/employees", {
        login,
        displayName: fullName,
        role,
        branchId: me.body.employee.branch.id,
        password,
      });
      if (r.status !== 201) throw new Error(`creating ${login} failed: HTTP ${r.status}`);
      return { login, password, fullName };
    },
    async stop() {
      await server.stop();
      await sandbox.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
