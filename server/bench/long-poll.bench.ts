/**
 * `pnpm bench`: (1) time from a Diia callback reaching the server to the teller's long-poll answering, through
 * the real path (sandbox → DSTU envelopes → worker-pool unwrap → sealed storage → NOTIFY → poll); (2) 5,000
 * concurrent long-polls parked on one instance: memory, and how fast all of them answer after one change.
 * Embedded PGlite, as the default install runs. Prints the machine it ran on.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import { cpus, freemem, tmpdir, totalmem } from "node:os";
import path from "node:path";
import { createSandbox } from "@stiika/sandbox";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/lib/logger.ts";
import { start } from "../src/server.ts";
import { createEmployee } from "../src/services/employees.ts";

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 30);
const POLLS = Number(process.env.BENCH_POLLS ?? 5000);

const dir = mkdtempSync(path.join(tmpdir(), "stiika-bench-"));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? Number.NaN;
};
const ms = (n: number) => `${n.toFixed(1)} ms`;
const mb = (n: number) => `${(n / 1024 / 1024).toFixed(0)} MB`;

// A pass-through in front of the server that notes when each callback arrives (by trace id).
const arrivals = new Map<string, number>();
const tap = createServer(async (req, res) => {
  const t = performance.now();
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const id = String(req.headers["x-document-request-trace-id"] ?? "");
  arrivals.set(id, t);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (typeof v === "string" && k !== "host") headers[k] = v;
  const r = await fetch(`${serverUrl}${req.url}`, { method: "POST", headers, body: Buffer.concat(chunks) });
  res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
});
await new Promise<void>((r) => tap.listen(0, "127.0.0.1", () => r()));
const tapPort = (tap.address() as { port: number }).port;
let serverUrl = "";

const sandbox = await createSandbox({
  port: 0,
  dataDir: path.join(dir, "sandbox"),
  callbackUrl: `http://127.0.0.1:${tapPort}/api/diia/callback`,
  log: () => {},
});
const pki = path.join(dir, "sandbox", "pki");
const server = await start({
  config: loadConfig({
    PORT: "0",
    HOST: "127.0.0.1",
    STIIKA_DATA_DIR: path.join(dir, "server"),
    STIIKA_WEB_DIST: path.join(dir, "none"),
    STIIKA_ADMIN_PASSWORD: "bench admin password",
    DIIA_BASE_URL: sandbox.url,
    DIIA_ACQUIRER_TOKEN: sandbox.state.store.acquirerToken,
    DIIA_KEY_FILE: path.join(pki, "partner-kep.key"),
    DIIA_KEY_PASSWORD: readFileSync(path.join(pki, "password.txt"), "utf8").trim(),
    DIIA_TRUSTED_CERT_FILES: path.join(pki, "diia-sign.cer"),
    STIIKA_STATUS_POLL_SECONDS: "3600",
  }),
  logger: createLogger("warn"),
  print: () => {},
});
serverUrl = server.url;
await server.diiaReady;
const s = server.services;
const admin = (await s.store.query<{ id: string; branch_id: string }>("SELECT id, branch_id FROM employees"))
  .rows[0];
if (!admin) throw new Error("no admin");
await createEmployee(s, admin.id, {
  login: "bench",
  displayName: "Bench",
  role: "teller",
  branchId: admin.branch_id,
  password: "bench teller password",
});
const login = await fetch(`${serverUrl}/api/auth/login`, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ login: "bench", password: "bench teller password" }),
});
const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
const { csrfToken } = (await login.json()) as { csrfToken: string };
const api = async (method: string, p: string, body?: unknown) => {
  const r = await fetch(`${serverUrl}${p}`, {
    method,
    headers: { cookie, "x-csrf-token": csrfToken, ...(body ? { "content-type": "application/json" } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  return (await r.json()) as { request: { id: string; version: number; status: string } } & Record<
    string,
    unknown
  >;
};
const services = (await api("GET", "/api/services")) as unknown as { services: { id: string }[] };
const serviceId = services.services[0]?.id as string;
const control = async (method: string, p: string, body?: unknown) =>
  (await fetch(`${sandbox.url}/control/api${p}`, {
    method,
    headers: { "content-type": "application/json" },
    ...(body ? { body: JSON.stringify(body) } : {}),
  }).then((r) => r.json())) as Record<string, never>;

console.log("Stiika server bench");
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, ${mb(totalmem())} RAM (${mb(freemem())} free), Node ${process.version}, ${s.store.driver}, ${s.config.unwrapWorkers} unwrap worker(s)`,
);

// 1. Callback received → long-poll answered.
const latencies: number[] = [];
for (let i = 0; i < ROUNDS; i++) {
  const citizens = (await control("GET", "/citizens")) as unknown as {
    citizens: { documents: { barcode: { code: string } }[] }[];
  };
  const barcode = citizens.citizens[i % citizens.citizens.length]?.documents[0]?.barcode.code as string;
  const { request: req } = await api("POST", "/api/requests", { serviceId, kind: "barcode", barcode });
  const polled = api("GET", `/api/requests/${req.id}?wait=30&version=${req.version}`).then(() =>
    performance.now(),
  );
  const consents = (await control("GET", "/consents?status=pending")) as unknown as {
    consents: { id: string; requestId: string }[];
  };
  const consent = consents.consents.find((c) => c.requestId === req.id);
  await control("POST", `/consents/${consent?.id}/approve`, {});
  const answered = await polled;
  latencies.push(answered - (arrivals.get(req.id) ?? Number.NaN));
}
console.log(
  `callback → long-poll answered (${ROUNDS} deliveries, 1 document each): p50 ${ms(pct(latencies, 50))}, p95 ${ms(pct(latencies, 95))}, max ${ms(Math.max(...latencies))}`,
);

// 2. Many parked long-polls, woken by one change.
const { request: parked } = await api("POST", "/api/requests", { serviceId, kind: "deeplink" });
const agent = new Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
const url = new URL(`${serverUrl}/api/requests/${parked.id}?wait=30&version=${parked.version}`);
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const parkStart = performance.now();
let resets = 0;
const statuses = new Map<number, number>();
// Like the web app: poll again when a wait ends unchanged, and retry a refused or reset connection.
const poll = (): Promise<number> =>
  new Promise((resolve) => {
    const r = request(url, { agent, headers: { cookie } }, (res) => {
      statuses.set(res.statusCode ?? 0, (statuses.get(res.statusCode ?? 0) ?? 0) + 1);
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const at = performance.now();
        const changed =
          res.statusCode === 200 && !Buffer.concat(chunks).toString().includes('"status":"waiting"');
        resolve(changed ? at : poll());
      });
    });
    r.on("error", () => {
      resets++;
      setTimeout(() => resolve(poll()), 100);
    });
    r.end();
  });
const answers: Promise<number>[] = [];
let peakRss = 0;
// Opened 250 at a time, as arriving users would: 5,000 SYNs at once overflow the listen backlog and stall in TCP
// retransmits, which measures the kernel rather than the server.
for (let i = 0; i < POLLS; i += 250) {
  for (let j = i; j < Math.min(POLLS, i + 250); j++) answers.push(poll());
  while (s.changes.waiting() < Math.min(POLLS, i + 250)) await new Promise((r) => setTimeout(r, 10));
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}
// Every poll parked, or a clear failure instead of a hang.
for (let last = 0, since = performance.now(); s.changes.waiting() < POLLS; ) {
  await new Promise((r) => setTimeout(r, 50));
  if (s.changes.waiting() !== last) [last, since] = [s.changes.waiting(), performance.now()];
  if (performance.now() - since > 20_000) {
    console.error(
      `stalled: ${last} parked, ${resets} retries, answers by status ${JSON.stringify([...statuses])}`,
    );
    process.exit(1);
  }
}
const parkedMs = performance.now() - parkStart;
globalThis.gc?.();
const heapParked = process.memoryUsage().heapUsed;
const rssParked = Math.max(peakRss, process.memoryUsage().rss);
const wokenAt = performance.now();
await api("POST", `/api/requests/${parked.id}/cancel`);
const done = (await Promise.all(answers)).map((t) => t - wokenAt);
console.log(
  `${POLLS} concurrent long-polls on one instance: parked in ${ms(parkedMs)}; JS heap +${mb(heapParked - heapBefore)} (${((heapParked - heapBefore) / POLLS / 1024).toFixed(1)} KB per poll, server and client sides), process RSS ${mb(rssParked)}; ${resets} connection retries; after one change: p50 ${ms(pct(done, 50))}, p95 ${ms(pct(done, 95))}, all answered in ${ms(Math.max(...done))}`,
);

await server.stop();
await sandbox.stop();
tap.close();
rmSync(dir, { recursive: true, force: true });
process.exit(0);
