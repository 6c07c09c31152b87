import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { DestinationStream } from "pino";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/lib/logger.ts";
import { type RunningServer, start } from "../src/server.ts";
import { type Driver, openTestStore } from "./helpers.ts";

/** A controllable clock: starts at a fixed instant, moves only when told. */
export function fakeClock(startIso = "2026-03-01T09:00:00.000Z") {
  let now = new Date(startIso).getTime();
  return {
    now: () => new Date(now),
    advance(ms: number) {
      now += ms;
    },
  };
}

export interface TestServer {
  server: RunningServer;
  url: string;
  /** Everything the server logged, one JSON line each. */
  logs: string[];
  /** Everything printed to the terminal (the one-time password). */
  printed: string[];
  clock: ReturnType<typeof fakeClock>;
  close(): Promise<void>;
}

export async function startTestServer(driver: Driver, env: Record<string, string> = {}): Promise<TestServer> {
  const db = await openTestStore(driver);
  const dataDir = mkdtempSync(path.join(tmpdir(), "stiika-server-"));
  const config = loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STIIKA_DATA_DIR: path.join(dataDir, "data"),
    STIIKA_KEY_DIR: path.join(dataDir, "keys"),
    STIIKA_WEB_DIST: path.join(dataDir, "no-web"),
    LOG_LEVEL: "info",
    ...env,
  });
  const logs: string[] = [];
  const printed: string[] = [];
  const destination: DestinationStream = { write: (line: string) => void logs.push(line) };
  const clock = fakeClock();
  const server = await start({
    config,
    store: db.store,
    clock: clock.now,
    logger: createLogger("info", destination),
    print: (t) => void printed.push(t),
  });
  return {
    server,
    url: server.url,
    logs,
    printed,
    clock,
    async close() {
      await server.stop();
      await db.cleanup();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A browser-like client: keeps the session cookie, and sends the CSRF token once it has one. */
export class Client {
  cookie: string | undefined;
  csrfToken: string | undefined;
  constructor(
    readonly base: string,
    readonly headers: Record<string, string> = {},
  ) {}

  async request(
    method: string,
    p: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
    // biome-ignore lint/suspicious/noExplicitAny: tests read JSON answers by shape and assert on them
  ): Promise<{ status: number; body: any; setCookie: string | null }> {
    const headers: Record<string, string> = { ...this.headers, ...opts.headers };
    if (body !== undefined) headers["content-type"] = "application/json";
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrfToken && opts.csrf !== false) headers["x-csrf-token"] = this.csrfToken;
    const res = await fetch(this.base + p, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const setCookie = res.headers.get("set-cookie");
    const m = setCookie?.match(/((?:__Host-)?stiika_session)=([^;]*)/);
    if (m) this.cookie = m[2] ? `${m[1]}=${m[2]}` : undefined;
    const text = await res.text();
    const parsed = text ? JSON.parse(text) : undefined;
    if (parsed?.csrfToken) this.csrfToken = parsed.csrfToken;
    return { status: res.status, body: parsed, setCookie };
  }

  login(login: string, password: string) {
    return this.request("POST", "/api/auth/login", { login, password });
  }
}

/** The one-time password the server printed at first start. */
export function printedPassword(printed: string[]): string {
  const m = printed.join("").match(/one-time password: (\S+)/);
  if (!m?.[1]) throw new Error("no one-time password was printed");
  return m[1];
}
