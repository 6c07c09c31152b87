import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { type AddressInfo, connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { defaultKeyFile } from "../src/lib/data-key.ts";
import { Client, printedPassword, startTestServer } from "./server-helpers.ts";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));

/** Runs `src/main.ts` as `pnpm start` would, collecting its output. */
function runMain(env: Record<string, string>) {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: SERVER_DIR,
    // HOME in the test's own folder: the generated data key goes to ~/.config/stiika, not the user's real one.
    env: { PATH: process.env.PATH ?? "", HOME: env.STIIKA_DATA_DIR ?? tmpdir(), ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (d) => {
    stdout += d;
  });
  child.stderr?.on("data", (d) => {
    stderr += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, exited, out: () => stdout, err: () => stderr };
}

async function until<T>(fn: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("the server process (src/main.ts) on embedded PGlite", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("when first started, then it creates the database, the data key (0600) and the admin, serves, and stops cleanly on SIGTERM", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "stiika-main-"));
    dirs.push(dataDir);
    const p = runMain({ PORT: "0", HOST: "127.0.0.1", STIIKA_DATA_DIR: dataDir, STIIKA_WEB_DIST: dataDir });
    const port = await until(() => p.out().match(/"port":(\d+)/)?.[1]);
    const url = `http://127.0.0.1:${port}`;
    const password = printedPassword([p.out()]);
    // The generated key is the user's (~/.config/stiika), not the data folder's.
    const keyFile = defaultKeyFile(path.join(dataDir, ".config", "stiika"), dataDir);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(p.out()).toContain(`"file":"${keyFile}"`);
    // The password is printed for the person at the terminal, never inside a JSON log line.
    for (const line of p
      .out()
      .split("\n")
      .filter((l) => l.startsWith("{")))
      expect(line).not.toContain(password);

    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const c = new Client(url);
    expect((await c.login("admin", password)).body.employee.mustChangePassword).toBe(true);

    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
    expect(p.err()).toContain("SIGTERM: stopping");
  });

  it("when an unauthenticated POST ends inside a file part (150 bytes), then the process answers 400 and lives on", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "stiika-main-"));
    dirs.push(dataDir);
    const p = runMain({ PORT: "0", HOST: "127.0.0.1", STIIKA_DATA_DIR: dataDir, STIIKA_WEB_DIST: dataDir });
    const port = Number(await until(() => p.out().match(/"port":(\d+)/)?.[1]));
    const body =
      '--b\r\nContent-Disposition: form-data; name="internal-passport"; filename="a.p7e"\r\n\r\nMIIBIjANBgkqhkiG9w0B';
    const status = await new Promise<string>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      let text = "";
      socket.on("data", (d) => {
        text += d;
      });
      socket.on("error", () => {});
      socket.on("close", () => resolve(text.slice(0, 12)));
      socket.end(
        `POST /api/diia/callback HTTP/1.1\r\nHost: x\r\nX-Document-Request-Trace-Id: t\r\n` +
          `Content-Type: multipart/form-data; boundary=b\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      );
    });
    expect(status).toBe("HTTP/1.1 400");
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(p.child.exitCode).toBeNull();
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  });

  it("when the port is taken, then it exits 1 saying so, without starting its background work", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "stiika-main-"));
    dirs.push(dataDir);
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, "127.0.0.1", r));
    try {
      const port = String((taken.address() as AddressInfo).port);
      const p = runMain({
        PORT: port,
        HOST: "127.0.0.1",
        STIIKA_DATA_DIR: dataDir,
        STIIKA_WEB_DIST: dataDir,
      });
      expect(await p.exited).toBe(1);
      expect(p.err()).toContain("EADDRINUSE");
      expect(p.out()).not.toContain("Diia");
    } finally {
      taken.close();
    }
  });

  it("when a second process opens the same embedded database, then it refuses to start and the first keeps it", async () => {
    const dataDir = mkdtempSync(path.join(tmpdir(), "stiika-main-"));
    dirs.push(dataDir);
    const env = { PORT: "0", HOST: "127.0.0.1", STIIKA_DATA_DIR: dataDir, STIIKA_WEB_DIST: dataDir };
    const first = runMain(env);
    const port = await until(() => first.out().match(/"port":(\d+)/)?.[1]);
    const second = runMain(env);
    expect(await second.exited).toBe(1);
    expect(second.err()).toContain(
      `The embedded database in ${path.join(dataDir, "db")} is in use by another Stiika server (pid ${first.child.pid})`,
    );
    expect(second.out()).not.toContain('"msg":"listening"');
    expect((await fetch(`http://127.0.0.1:${port}/readyz`)).status).toBe(200);
    first.child.kill("SIGTERM");
    expect(await first.exited).toBe(0);

    // Once the first stopped, the folder is free again; so is a lock a killed process left behind.
    const third = runMain(env);
    await until(() => third.out().match(/"port":(\d+)/)?.[1]);
    third.child.kill("SIGKILL");
    await third.exited;
    const fourth = runMain(env);
    await until(() => fourth.out().match(/"port":(\d+)/)?.[1]);
    fourth.child.kill("SIGTERM");
    expect(await fourth.exited).toBe(0);
  }, 90_000);

  it("when the configuration is bad, then it exits 1 with every problem listed and no stack trace", async () => {
    const p = runMain({ PORT: "-1", STIIKA_RETENTION_DAYS: "forever", DIIA_BASE_URL: "nope" });
    expect(await p.exited).toBe(1);
    expect(p.err()).toContain("Stiika server did not start: Invalid configuration:");
    expect(p.err()).toContain("PORT: must be a whole number from 0 to 65535");
    expect(p.err()).toContain("STIIKA_RETENTION_DAYS: must be a whole number from 1 to 3650");
    expect(p.err()).toContain("DIIA_BASE_URL: must be an http(s) URL");
    expect(p.err()).not.toContain("    at ");
  });
});

describe("serving the built web app", () => {
  it("serves files from the web build and index.html for any other non-API path", async () => {
    const web = mkdtempSync(path.join(tmpdir(), "stiika-web-"));
    mkdirSync(path.join(web, "assets"));
    writeFileSync(path.join(web, "index.html"), "<!doctype html><title>Стійка</title>");
    writeFileSync(path.join(web, "assets", "app.js"), "console.log('app')");
    const t = await startTestServer("pglite", { STIIKA_WEB_DIST: web });
    try {
      const js = await fetch(`${t.url}/assets/app.js`);
      expect(await js.text()).toBe("console.log('app')");
      for (const p of ["/", "/requests/42", "/settings"]) {
        const r = await fetch(`${t.url}${p}`);
        expect(r.status).toBe(200);
        expect(await r.text()).toContain("<title>Стійка</title>");
      }
      // A missing file is a 404 wherever it is asked for, not the shell (a source map least of all).
      for (const p of ["/sw.js.map", "/assets/app.js.map", "/nothing.png"]) {
        expect((await fetch(`${t.url}${p}`)).status, p).toBe(404);
      }
      const api = await fetch(`${t.url}/api/unknown`);
      expect(api.status).toBe(404);
      expect(await api.json()).toEqual({ error: { code: "NOT_FOUND", message: "Не знайдено" } });
      expect(printedPassword(t.printed)).toHaveLength(16);
    } finally {
      await t.close();
      rmSync(web, { recursive: true, force: true });
    }
  });

  it("when STIIKA_ADMIN_PASSWORD is set, then the admin gets it, nothing is printed, and no change is forced", async () => {
    const t = await startTestServer("pglite", { STIIKA_ADMIN_PASSWORD: "an operator-chosen password" });
    try {
      expect(t.printed).toEqual([]);
      const login = await new Client(t.url).login("admin", "an operator-chosen password");
      expect(login.body.employee).toMatchObject({ role: "admin", mustChangePassword: false });
    } finally {
      await t.close();
    }
  });
});

describe("readiness", () => {
  it("when a migration is missing or the database is gone, then /readyz answers 503 while /healthz stays 200", async () => {
    const t = await startTestServer("pglite");
    try {
      expect((await fetch(`${t.url}/readyz`)).status).toBe(200);
      await t.server.services.store.query("DELETE FROM schema_migrations WHERE version = 1");
      const notMigrated = await fetch(`${t.url}/readyz`);
      expect(notMigrated.status).toBe(503);
      expect(await notMigrated.json()).toEqual({ ok: false, database: "unavailable" });
      await t.server.services.store.query("DROP TABLE schema_migrations");
      expect((await fetch(`${t.url}/readyz`)).status).toBe(503);
      expect((await fetch(`${t.url}/healthz`)).status).toBe(200);
    } finally {
      await t.close();
    }
  });
});
