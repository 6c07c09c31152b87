// The production build: the server and its unwrap workers run from compiled JavaScript (`pnpm build`), with the
// compiled output of @stiika/diia and @stiika/api picked by the `stiika-dist` export condition — no tsx, no
// TypeScript at run time (a preloaded hook, support/refuse-ts.mjs, ends the process if any .ts module is
// resolved). A whole barcode share goes through it: the delivery is decrypted and verified in a worker thread of
// the compiled code.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createSandbox } from "@stiika/sandbox";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { Client } from "./server-helpers.ts";
import { ADMIN_PASSWORD, freePort, until } from "./stand.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TSC = path.join(ROOT, "node_modules/typescript/bin/tsc");
const REFUSE_TS = fileURLToPath(new URL("./support/refuse-ts.mjs", import.meta.url));

const newest = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .reduce((m, e) => Math.max(m, statSync(path.join(e.parentPath, e.name)).mtimeMs), 0);

/** `pnpm build`'s server part, unless its output is newer than every source file (the CI run built it already). */
function build(pkg: string): void {
  const dir = path.join(ROOT, pkg);
  const out = path.join(dir, "dist");
  if (existsSync(out) && newest(out) >= newest(path.join(dir, "src"))) return;
  const r = spawnSync(process.execPath, [TSC, "-p", "tsconfig.build.json"], { cwd: dir, encoding: "utf8" });
  expect(r.stdout + r.stderr).toBe("");
  expect(r.status).toBe(0);
}

const dir = mkdtempSync(path.join(tmpdir(), "stiika-compiled-"));
let sandbox: Awaited<ReturnType<typeof createSandbox>>;
afterAll(async () => {
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

beforeAll(() => {
  for (const pkg of ["diia", "api", "server"]) build(pkg);
}, 300_000);

it("refuses TypeScript at run time (the guard works: the source entry point is stopped by it)", () => {
  const r = spawnSync(process.execPath, ["--import", REFUSE_TS, "src/main.ts"], {
    cwd: path.join(ROOT, "server"),
    encoding: "utf8",
    timeout: 60_000,
  });
  expect(r.status).not.toBe(0);
  expect(r.stderr).toContain("TypeScript at run time:");
}, 60_000);

it("the compiled server starts, connects to Diia and takes a barcode share through a compiled unwrap worker", async () => {
  const pki = inject("sandboxPkiDir");
  const port = await freePort();
  sandbox = await createSandbox({
    port: 0,
    dataDir: path.join(dir, "sandbox"),
    pkiDir: pki,
    callbackUrl: `http://127.0.0.1:${port}/api/diia/callback`,
    log: () => {},
  });
  const child = spawn(process.execPath, ["--conditions=stiika-dist", "--import", REFUSE_TS, "dist/main.js"], {
    cwd: path.join(ROOT, "server"),
    env: {
      PATH: process.env.PATH ?? "",
      PORT: String(port),
      HOST: "127.0.0.1",
      STIIKA_DATA_DIR: path.join(dir, "server"),
      STIIKA_KEY_DIR: path.join(dir, "keys"),
      STIIKA_WEB_DIST: dir,
      STIIKA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      DIIA_BASE_URL: sandbox.url,
      DIIA_ACQUIRER_TOKEN: sandbox.state.store.acquirerToken,
      DIIA_KEY_FILE: path.join(pki, "partner-kep.key"),
      DIIA_KEY_PASSWORD: readFileSync(path.join(pki, "password.txt"), "utf8").trim(),
      DIIA_TRUSTED_CERT_FILES: path.join(pki, "diia-sign.cer"),
      DIIA_KEY_CERT_FILES: path.join(pki, "partner-kep.cer"),
      STIIKA_UNWRAP_WORKERS: "1",
      // The run's shared PKI names the run's long-lived sandbox for OCSP (global-setup.ts), not this one.
      STIIKA_REVOCATION: "soft-fail",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise((r) => child.on("exit", r));
  try {
    await until(() => out.includes("Diia connected; branch and offers registered"), 60_000).catch(() => {
      throw new Error(`the compiled server did not connect; its output:\n${out.slice(-3000)}`);
    });
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);

    const admin = new Client(base);
    expect((await admin.login("admin", ADMIN_PASSWORD)).status).toBe(200);
    const services = (await admin.request("GET", "/api/services")).body.services;
    const serviceId = services.find((s: { template: string }) => s.template === "bank-account").id;
    const citizens = (await (await fetch(`${sandbox.url}/control/api/citizens`)).json()) as {
      citizens: { id: string; documents: { type: string; barcode: { code: string } }[] }[];
    };
    const olena = citizens.citizens.find((c) => c.id === "olena-kovalenko");
    const barcode = olena?.documents.find((d) => d.type === "internal-passport")?.barcode.code;
    const created = await admin.request("POST", "/api/requests", { serviceId, kind: "barcode", barcode });
    expect(created.status).toBe(201);
    const id = created.body.request.id as string;

    const consent = await until(async () => {
      const r = await fetch(`${sandbox.url}/control/api/consents?status=pending`);
      const body = (await r.json()) as { consents: { id: string; requestId: string }[] };
      return body.consents.find((c) => c.requestId === id);
    });
    const approved = await fetch(`${sandbox.url}/control/api/consents/${consent.id}/approve`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
    expect(approved.status).toBe(200);

    const received = await until(async () => {
      const r = await admin.request("GET", `/api/requests/${id}?wait=5`);
      return r.body.request.status === "received" ? r.body.request : undefined;
    }, 60_000);
    expect(received.documents.map((d: { type: string }) => d.type)).toEqual(["internal-passport"]);
    const docs = (await admin.request("GET", `/api/requests/${id}/documents`)).body.documents;
    expect(docs[0].provenance.verified).toBe(true);
    expect(docs[0].normalised.person.lastName.uk).toBe("Коваленко");
    expect(out).not.toContain("TypeScript at run time");
  } finally {
    child.kill("SIGTERM");
    await exited;
  }
}, 180_000);
