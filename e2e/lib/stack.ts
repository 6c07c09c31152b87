/**
 * The whole stack in this process over real HTTP: the sandbox (local Diia, port 0), the server pointed at it
 * (embedded PGlite in a temp dir, the sandbox's token and PKI read from its folder as `pnpm start` does, web/dist
 * served), a second server instance on the same database with a 10 s request lifetime (for expiry), and a teller
 * created through the admin API.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSandbox } from "@stiika/sandbox";
import { loadConfig } from "@stiika/server/config";
import { start } from "@stiika/server/server";
import { WEB_DIST } from "./web-build.ts";

export interface CitizenData {
  id: string;
  fullName: string;
  documents: { id: string; type: string; title: string; metadata: Record<string, unknown> }[];
}

/** What tests need to reach the stack (plain data: handed from the global setup to the test files). */
export interface StackInfo {
  sandboxUrl: string;
  serverUrl: string;
  /** Same database and web app, requests live 10 s. */
  shortTtlUrl: string;
  teller: { login: string; password: string; fullName: string };
  /** A manager of the same branch. */
  manager: { login: string; password: string; fullName: string };
  /** The teller's branch as the database names it. */
  branchName: string;
  citizens: CitizenData[];
}

export interface Stack extends StackInfo {
  stop(): Promise<void>;
}

export const SHORT_TTL_SECONDS = 10;

/** A port free right now: the server's address must be known before it starts, for the sandbox's callback URL. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

async function createEmployee(
  serverUrl: string,
  adminPassword: string,
  role: "teller" | "manager",
  who: { login: string; fullName: string },
): Promise<StackInfo["teller"]> {
  const login = await fetch(`${serverUrl}/api/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ login: "admin", password: adminPassword }),
  });
  if (login.status !== 200) throw new Error(`admin login failed: HTTP ${login.status}`);
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
  const { employee, csrfToken } = (await login.json()) as {
    employee: { branch: { id: string } };
    csrfToken: string;
  };
  const teller = { ...who, password: randomBytes(12).toString("base64url") };
  const created = await fetch(`${serverUrl}/api/employees`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie, "x-csrf-token": csrfToken },
    body: JSON.stringify({
      login: teller.login,
      displayName: teller.fullName,
      role,
      branchId: employee.branch.id,
      password: teller.password,
    }),
  });
  if (created.status !== 201) throw new Error(`creating the ${role} failed: HTTP ${created.status}`);
  return teller;
}

export async function startStack(): Promise<Stack> {
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-e2e-"));
  const cleanups: (() => Promise<unknown> | unknown)[] = [
    () => rmSync(dir, { recursive: true, force: true }),
  ];
  const stop = async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  };
  try {
    const serverPort = await freePort();
    const sandboxDir = path.join(dir, "sandbox");
    const env = {
      HOST: "127.0.0.1",
      LOG_LEVEL: process.env.E2E_LOG_LEVEL ?? "warn",
      STIIKA_DATA_DIR: path.join(dir, "server"),
      STIIKA_KEY_DIR: path.join(dir, "keys"),
      STIIKA_WEB_DIST: WEB_DIST,
      STIIKA_ADMIN_PASSWORD: process.env.STIIKA_ADMIN_PASSWORD ?? randomBytes(18).toString("base64url"),
      SANDBOX_DATA_DIR: sandboxDir,
      STIIKA_STATUS_POLL_SECONDS: "1",
      STIIKA_SWEEP_SECONDS: "1",
      // Every test signs the same teller in from 127.0.0.1: well past the default 10 logins per 15 minutes.
      STIIKA_LOGIN_RATE_LIMIT: "1000",
    };
    const sandbox = await createSandbox({
      port: 0,
      dataDir: sandboxDir,
      callbackUrl: `http://127.0.0.1:${serverPort}/api/diia/callback`,
      retryDelaysMs: [300, 1000, 3000],
      callbackTimeoutMs: 10_000,
    });
    cleanups.push(() => sandbox.stop());
    const base = { ...env, DIIA_BASE_URL: sandbox.url };
    const server = await start({
      config: loadConfig({ ...base, PORT: String(serverPort) }),
      print: () => {},
    });
    cleanups.push(() => server.stop());
    await server.diiaReady;
    const shortTtl = await start({
      config: loadConfig({ ...base, PORT: "0", STIIKA_REQUEST_TTL_SECONDS: String(SHORT_TTL_SECONDS) }),
      store: server.services.store,
      print: () => {},
    });
    cleanups.push(() => shortTtl.stop());
    await shortTtl.diiaReady;
    const teller = await createEmployee(server.url, env.STIIKA_ADMIN_PASSWORD, "teller", {
      login: "teller.e2e",
      fullName: "Марія Теллер",
    });
    const manager = await createEmployee(server.url, env.STIIKA_ADMIN_PASSWORD, "manager", {
      login: "manager.day",
      fullName: "Олег Керівник",
    });
    const branch = await server.services.store.query<{ name: string }>("SELECT name FROM branches LIMIT 1");
    const citizens = sandbox.state.citizens.map((c) => ({
      id: c.id,
      fullName: c.fullName,
      documents: c.documents.map((d) => ({ id: d.id, type: d.type, title: d.title, metadata: d.metadata })),
    }));
    return {
      sandboxUrl: sandbox.url,
      serverUrl: server.url,
      shortTtlUrl: shortTtl.url,
      teller,
      manager,
      branchName: branch.rows[0]?.name ?? "",
      citizens,
      stop,
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
