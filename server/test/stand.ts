/**
 * An integration stand: a real sandbox (the local Diia) and one or more real servers over HTTP, the sandbox's
 * callback pointed at the first server (or at a test-owned forwarder). Servers use the real-Diia configuration
 * path (DIIA_* variables naming the sandbox's PKI files), so nothing is special-cased for tests.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer as createHttpServer, type IncomingMessage, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSandbox, type Sandbox } from "@stiika/sandbox";
import { inject } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/lib/logger.ts";
import { type RunningServer, start } from "../src/server.ts";
import { createEmployee } from "../src/services/employees.ts";
import { openPg } from "../src/store/pg.ts";
import type { Store } from "../src/store/store.ts";
import { type Driver, openTestStore } from "./helpers.ts";
import { freePort } from "./pg-cluster.ts";
import { Client, fakeClock } from "./server-helpers.ts";

export { freePort };

export const ADMIN_PASSWORD = "stand admin password 1";
export const PASSWORD = "stand employee password";

export interface StandServer {
  server: RunningServer;
  url: string;
  port: number;
  logs: string[];
  stop(): Promise<void>;
}

export interface LiveCode {
  citizenId: string;
  documentId: string;
  type: string;
  barcode: string;
  qr: string;
}

export class Stand {
  readonly servers: StandServer[] = [];
  /** Starts at the real time (the sandbox PKI's certificates are valid from then) and moves the sandbox's too. */
  readonly clock = fakeClock(new Date().toISOString());
  private cleanups: (() => Promise<void> | void)[] = [];
  sandbox!: Sandbox;
  store!: Store;
  dbUrl: string | undefined;
  callbackPort!: number;
  dataDir!: string;

  /** The sandbox PKI: the run's shared one, unless `start` was given a `pkiDir` of the test's own. */
  pkiDir: string = inject("sandboxPkiDir");

  constructor(
    readonly driver: Driver,
    readonly env: Record<string, string> = {},
  ) {}

  get url(): string {
    return (this.servers[0] as StandServer).url;
  }
  get services() {
    return (this.servers[0] as StandServer).server.services;
  }

  /** Sandbox + database + the first server (listening where the sandbox sends callbacks unless `callbackPort`). */
  async start(
    opts: { callbackPort?: number; sandbox?: Record<string, unknown>; pkiDir?: string } = {},
  ): Promise<this> {
    if (opts.pkiDir) this.pkiDir = opts.pkiDir;
    this.dataDir = mkdtempSync(path.join(tmpdir(), "stiika-stand-"));
    this.cleanups.push(() => rmSync(this.dataDir, { recursive: true, force: true }));
    const db = await openTestStore(this.driver);
    this.store = db.store;
    this.dbUrl = db.url;
    this.cleanups.push(db.cleanup);
    // The sandbox must know the callback port before the server listens, and another test file may take a free
    // port in between: on EADDRINUSE start both again on a new port.
    for (let attempt = 1; ; attempt++) {
      const serverPort = await freePort();
      this.callbackPort = opts.callbackPort ?? serverPort;
      const sandbox = await createSandbox(
        {
          port: 0,
          dataDir: path.join(this.dataDir, `sandbox-${attempt}`),
          pkiDir: this.pkiDir,
          callbackUrl: `http://127.0.0.1:${this.callbackPort}/api/diia/callback`,
          retryDelaysMs: [300, 600, 1000, 2000, 3000],
          callbackTimeoutMs: 5000,
          log: () => {},
          ...opts.sandbox,
        },
        { now: this.clock.now },
      );
      this.sandbox = sandbox;
      try {
        await this.addServer({ port: serverPort, store: this.store });
        this.cleanups.push(() => sandbox.stop());
        break;
      } catch (error) {
        await sandbox.stop();
        if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE" || attempt === 3) throw error;
      }
    }
    return this;
  }

  /** Another instance: on the same in-memory store (PGlite), or its own pool on the same PostgreSQL. */
  async addServer(opts: { port?: number; store?: Store } = {}): Promise<StandServer> {
    const pki = this.pkiDir;
    const store = opts.store ?? (this.dbUrl ? await openPg(this.dbUrl) : this.store);
    const ownStore = store !== this.store;
    const config = loadConfig({
      PORT: String(opts.port ?? 0),
      HOST: "127.0.0.1",
      STIIKA_DATA_DIR: this.dataDir,
      STIIKA_WEB_DIST: path.join(this.dataDir, "no-web"),
      STIIKA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DIIA_BASE_URL: this.sandbox.url,
      DIIA_ACQUIRER_TOKEN: this.sandbox.state.store.acquirerToken,
      DIIA_KEY_FILE: path.join(pki, "partner-kep.key"),
      DIIA_KEY_PASSWORD: readFileSync(path.join(pki, "password.txt"), "utf8").trim(),
      DIIA_TRUSTED_CERT_FILES: path.join(pki, "diia-sign.cer"),
      DIIA_KEY_CERT_FILES: path.join(pki, "partner-kep.cer"),
      // The sandbox's citizen CAs (DSTU 4145, P-256), as sandbox mode trusts them: the sandbox's own Дія.Підпис
      // signatures verify. Tests of their own CAs set DIIA_SIGNING_CA_FILES themselves.
      DIIA_SIGNING_CA_FILES: ["citizen-ca.cer", "citizen-ca-ecdsa.cer"]
        .map((f) => path.join(pki, f))
        .join(","),
      DIIA_TIMEOUT_SECONDS: "2",
      STIIKA_STATUS_POLL_SECONDS: "1",
      STIIKA_SWEEP_SECONDS: "1",
      STIIKA_UNWRAP_WORKERS: "1",
      LOG_LEVEL: "info",
      // The shared PKI's certificates name the run's long-lived sandbox (global-setup.ts), which answers OCSP on
      // the real clock; tests move their clock by hours, so there an unanswerable check must not refuse. Tests
      // of revocation itself use a PKI of their own, served by their own sandbox on their clock, and "require".
      ...(this.pkiDir === inject("sandboxPkiDir") ? { STIIKA_REVOCATION: "soft-fail" } : {}),
      ...this.env,
    });
    const logs: string[] = [];
    const server = await start({
      config,
      store,
      clock: this.clock.now,
      logger: createLogger("info", { write: (l: string) => void logs.push(l) }),
      print: () => {},
    });
    await server.diiaReady;
    const entry: StandServer = {
      server,
      url: server.url,
      port: server.port,
      logs,
      stop: async () => {
        await server.stop();
        if (ownStore) await store.close();
      },
    };
    this.servers.push(entry);
    return entry;
  }

  async close(): Promise<void> {
    for (const s of this.servers.splice(0)) await s.stop().catch(() => {});
    for (const c of this.cleanups.reverse()) await c();
  }

  /** An employee of the main branch (or `branchId`), signed in. */
  async employee(role: "teller" | "manager" | "admin", login: string, branchId?: string, base = this.url) {
    const s = this.services;
    const admin = (
      await s.store.query<{ id: string; branch_id: string }>(
        "SELECT id, branch_id FROM employees WHERE login = 'admin'",
      )
    ).rows[0] as { id: string; branch_id: string };
    await createEmployee(s, admin.id, {
      login,
      displayName: `Працівник ${login}`,
      role,
      branchId: branchId ?? admin.branch_id,
      password: PASSWORD,
    });
    const client = new Client(base);
    const r = await client.login(login, PASSWORD);
    if (r.status !== 200) throw new Error(`login failed: ${r.status}`);
    return client;
  }

  async serviceId(client: Client, template = "bank-account"): Promise<string> {
    const r = await client.request("GET", "/api/services");
    const svc = r.body.services.find((x: { template: string }) => x.template === template);
    if (!svc) throw new Error(`no ${template} service`);
    return svc.id;
  }

  async control(method: string, p: string, body?: unknown) {
    const res = await fetch(`${this.sandbox.url}/control/api${p}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: control answers are inspected by shape
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as any };
  }

  /** A live code of a citizen's document, as the citizen's phone shows it. */
  async liveCode(citizenId = "olena-kovalenko", type = "internal-passport"): Promise<LiveCode> {
    const { body } = await this.control("GET", "/citizens");
    const citizen = body.citizens.find((c: { id: string }) => c.id === citizenId);
    const doc = citizen?.documents.find((d: { type: string }) => d.type === type);
    if (!doc) throw new Error(`${citizenId} has no ${type}`);
    return { citizenId, documentId: doc.id, type, barcode: doc.barcode.code, qr: doc.qr.link };
  }

  async pendingConsent(requestId: string) {
    const r = await this.control("GET", "/consents?status=pending");
    return r.body.consents.find((c: { requestId: string }) => c.requestId === requestId);
  }

  async approve(requestId: string, citizenId?: string) {
    const consent = await until(() => this.pendingConsent(requestId));
    const r = await this.control("POST", `/consents/${consent.id}/approve`, citizenId ? { citizenId } : {});
    if (r.status !== 200) throw new Error(`approve failed: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body.consent;
  }

  async delivery(requestId: string) {
    const r = await this.control("GET", "/deliveries");
    const consent = (await this.control("GET", "/consents")).body.consents.find(
      (c: { requestId: string; deliveryId: string | null }) => c.requestId === requestId && c.deliveryId,
    );
    return r.body.deliveries.find((d: { id: string }) => d.id === consent?.deliveryId);
  }
}

/** Polls `fn` until it returns something other than undefined/false. */
export async function until<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 15_000,
): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits on the long-poll until the request leaves `waiting` (each poll waits up to `wait` seconds). */
export async function waitForStatus(client: Client, id: string, wait = 10, maxMs = 20_000) {
  const end = Date.now() + maxMs;
  let version: number | undefined;
  for (;;) {
    const q = version === undefined ? "" : `?wait=${wait}&version=${version}`;
    const r = await client.request("GET", `/api/requests/${id}${q}`);
    if (r.status !== 200) throw new Error(`poll failed: ${r.status} ${JSON.stringify(r.body)}`);
    if (r.body.request.status !== "waiting") return r.body.request;
    version = r.body.request.version;
    if (Date.now() > end) throw new Error("request stayed waiting");
  }
}

/**
 * A forwarder in front of several servers (a load balancer of sorts): each callback goes to `route(n)`'s
 * targets (all of them concurrently); the first target's answer is returned to the sandbox.
 */
export async function startForwarder(port: number, route: (n: number) => string[]) {
  let n = 0;
  const server: Server = createHttpServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host") headers[k] = v;
    const targets = route(n++);
    const answers = await Promise.all(
      targets.map((t) =>
        fetch(`${t}${req.url}`, { method: "POST", headers, body }).then(async (r) => ({
          status: r.status,
          text: await r.text(),
        })),
      ),
    );
    const first = answers[0] as { status: number; text: string };
    res.writeHead(first.status, { "content-type": "application/json" }).end(first.text);
  });
  await new Promise<void>((r) => server.listen(port, "127.0.0.1", () => r()));
  return { close: () => new Promise<void>((r) => server.close(() => r())), count: () => n };
}
