/**
 * `pnpm bench` (e2e): the teller's figures on this machine, against the whole stack in-process (sandbox Diia,
 * server on PGlite, the built web app in Debian Chromium).
 *
 * 1. consent approved → questionnaire filled (≥ 30 runs; goal p95 ≤ 300 ms): from the moment the sandbox is told
 *    the client approved until the questionnaire shows the Diia values. Split into Diia's part (approve → the
 *    callback's first attempt starts: PDF render, DSTU signing and encryption in the sandbox) and ours (callback →
 *    unwrap → long-poll → documents → form).
 * 2. barcode in camera → request accepted (≥ 30 runs): from the fake camera's stream playing with the code in view
 *    until `POST /api/requests` has answered 201, both on the page's clock. Then the same for codes where people
 *    hold them (close, far, tilted; 720p and 1080p) with Chromium's CPU unthrottled and throttled 4× (CDP
 *    `Emulation.setCPUThrottlingRate`, a low-end tablet; BENCH_CAMERA_RUNS each, 10 by default). A busy-loop probe
 *    shows the throttling reaches the decode worker too, not only the page's main thread.
 * 3. the /scan route's initial JS gzipped (goal ≤ 170 KB), from the build's index.html; plus the JS, worker and
 *    wasm the route fetches once the camera starts, as measured in the browser.
 *
 *   pnpm --filter @stiika/e2e bench            # BENCH_RUNS=30 by default
 *   BENCH_PART=camera pnpm --filter @stiika/e2e bench   # only the camera placements × CPU throttling table
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import path from "node:path";
import type { CDPSession, Page } from "playwright-core";
import { launchBrowser } from "../lib/browser.ts";
import { IN_THE_BOX, type Shot, writeCodeY4m } from "../lib/camera.ts";
import { gzipSize, initialJs } from "../lib/initial-js.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { startStack } from "../lib/stack.ts";
import { chooseService, signIn, waitForRequestPage } from "../lib/teller.ts";
import { ensureWebBuild, WEB_DIST } from "../lib/web-build.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 30);
const CAMERA_RUNS = Number(process.env.BENCH_CAMERA_RUNS ?? 10);
const PART = process.env.BENCH_PART ?? "all";
const CITIZENS = ["olena-kovalenko", "andrii-shevchenko", "nataliia-tkachenko", "oleh-kravchuk"];

function pct(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}
const fmt = (values: number[]) =>
  `p50 ${pct(values, 50).toFixed(0)} ms, p95 ${pct(values, 95).toFixed(0)} ms, max ${Math.max(...values).toFixed(0)} ms (n=${values.length})`;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

type Delivery = { id: string; attempts: { startedAt: string }[] };

async function deliveryStart(sandboxUrl: string, consentId: string): Promise<number> {
  const consents = (await (await fetch(`${sandboxUrl}/control/api/consents`)).json()) as {
    consents: { id: string; deliveryId: string | null }[];
  };
  const deliveryId = consents.consents.find((c) => c.id === consentId)?.deliveryId;
  const d = (await (await fetch(`${sandboxUrl}/control/api/deliveries/${deliveryId}`)).json()) as {
    delivery?: Delivery;
  } & Partial<Delivery>;
  const attempts = d.delivery?.attempts ?? d.attempts ?? [];
  return Date.parse(attempts[0]?.startedAt ?? "");
}

/**
 * Resolves, on the page's clock (epoch ms), when the questionnaire's last name shows a value. A string, since tsx
 * wraps named functions in a helper the page does not have.
 */
const FILLED_PROBE = `new Promise((resolve) => {
  const check = () => {
    const input = document.querySelector('[data-testid="field-lastName"]');
    if (!input || !input.value) return false;
    observer.disconnect();
    resolve(performance.timeOrigin + performance.now());
    return true;
  };
  const observer = new MutationObserver(check);
  observer.observe(document.body, { childList: true, subtree: true, attributes: true });
  const frame = () => { if (!check()) requestAnimationFrame(frame); };
  frame();
})`;

function armFilledProbe(page: Page): Promise<number> {
  return page.evaluate(FILLED_PROBE) as Promise<number>;
}

async function consentToForm(stack: Awaited<ReturnType<typeof startStack>>) {
  const browser = await launchBrowser();
  const total: number[] = [];
  const diia: number[] = [];
  const ours: number[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signIn(page, stack.serverUrl, stack.teller);
    for (let i = 0; i < RUNS + 1; i++) {
      await page.goto(`${stack.serverUrl}/scan`);
      await chooseService(page);
      const code = await liveCode(stack.sandboxUrl, CITIZENS[i % CITIZENS.length]);
      await page.getByTestId("manual-code-input").fill(code.barcode);
      await page.getByTestId("manual-code-submit").click();
      const id = await waitForRequestPage(page);
      await page.getByTestId("request-status").waitFor();
      const consent = await pendingConsent(stack.sandboxUrl, id);
      const filled = armFilledProbe(page);
      const t0 = Date.now();
      await answerConsent(stack.sandboxUrl, consent.id, "approve");
      const t1 = await filled;
      const sent = await deliveryStart(stack.sandboxUrl, consent.id);
      if (i === 0) continue; // the first run warms the JIT, the unwrap worker and the lazy route
      total.push(t1 - t0);
      diia.push(sent - t0);
      ours.push(t1 - sent);
    }
  } finally {
    await browser.close();
  }
  return { total, diia, ours };
}

/**
 * One browser for every run: Chromium opens the y4m each time a capture starts, so the file is rewritten with the
 * next live code before /scan is loaded again (checked: every request carries the code just written).
 */
async function cameraToRequest(
  stack: Awaited<ReturnType<typeof startStack>>,
  dir: string,
  { shot = IN_THE_BOX, rate = 1, runs = RUNS }: { shot?: Shot; rate?: number; runs?: number } = {},
) {
  const y4m = path.join(dir, "camera.y4m");
  const first = await liveCode(stack.sandboxUrl, CITIZENS[0]);
  await writeCodeY4m(y4m, "ean13", first.barcode, shot);
  const browser = await launchBrowser(y4m);
  const times: number[] = [];
  let fetched: string[] = [];
  try {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    if (rate !== 1) await throttle(page, rate);
    await page.addInitScript(() => {
      const w = window as unknown as { benchPlaying?: number };
      document.addEventListener("playing", () => (w.benchPlaying ??= performance.now()), true);
    });
    await signIn(page, stack.serverUrl, stack.teller);
    for (let i = 0; i < runs + 1; i++) {
      const code = i === 0 ? first : await liveCode(stack.sandboxUrl, CITIZENS[i % CITIZENS.length]);
      if (i > 0) await writeCodeY4m(y4m, "ean13", code.barcode, shot);
      await page.goto(`${stack.serverUrl}/scan`);
      const accepted = page.waitForResponse(
        (r) => r.url().endsWith("/api/requests") && r.request().method() === "POST",
      );
      // After the first run the service is remembered: the camera may read before the picker is touched.
      const response = await Promise.race([
        accepted,
        chooseService(page).then(
          () => accepted,
          () => accepted,
        ),
      ]);
      const body = (await response.json()) as { request: { code: string } };
      if (response.status() !== 201 || body.request.code !== code.barcode) {
        throw new Error(`run ${i}: expected the new code to be accepted, got HTTP ${response.status()}`);
      }
      const t = await page.evaluate(() => {
        const playing = (window as unknown as { benchPlaying?: number }).benchPlaying ?? Number.NaN;
        const entry = performance
          .getEntriesByType("resource")
          .filter((e) => e.name.endsWith("/api/requests"))
          .at(-1) as PerformanceResourceTiming | undefined;
        return (entry?.responseEnd ?? Number.NaN) - playing;
      });
      await waitForRequestPage(page);
      // Nobody will answer this one: cancel it, so it does not add to the server's status polling.
      await page.getByTestId("request-cancel").click();
      await page.locator('[data-testid="request-status"][data-status="cancelled"]').waitFor();
      if (i === 0) {
        fetched = await page.evaluate(() =>
          performance
            .getEntriesByType("resource")
            .map((e) => new URL(e.name).pathname)
            .filter((p) => /\.(m?js|wasm)$/.test(p)),
        );
        continue;
      }
      times.push(t);
    }
  } finally {
    await browser.close();
  }
  return { times, fetched };
}

/** Slows the page's CPU `rate` times (CDP); in this Chromium a dedicated worker of the page is slowed as well. */
async function throttle(page: Page, rate: number): Promise<CDPSession> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Emulation.setCPUThrottlingRate", { rate });
  return cdp;
}

/** A fixed busy loop timed on the page's main thread and in a dedicated worker, at CPU throttling `rate`. */
async function throttleProbe(rate: number): Promise<{ main: number; worker: number }> {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto("about:blank");
    if (rate !== 1) await throttle(page, rate);
    // A string, since tsx wraps named functions in a helper the page does not have.
    return (await page.evaluate(`(async () => {
      const busy = "const t0 = performance.now(); let s = 0; for (let i = 0; i < 3e7; i++) s += i % 7;";
      const main = new Function(busy + "return performance.now() - t0;")();
      const code = busy + "postMessage(performance.now() - t0);";
      const w = new Worker(URL.createObjectURL(new Blob([code], { type: "text/javascript" })));
      const worker = await new Promise((resolve) => (w.onmessage = (e) => resolve(e.data)));
      w.terminate();
      return { main, worker };
    })()`)) as { main: number; worker: number };
  } finally {
    await browser.close();
  }
}

const PLACED: [string, Shot][] = [
  ["in the old aim box, 720p", IN_THE_BOX],
  ["close, 720p (85 % of the width)", { width: 1280, height: 720, hold: { share: 0.85, at: [0.5, 0.5] } }],
  ["close, 1080p (80 % of the width)", { width: 1920, height: 1080, hold: { share: 0.8, at: [0.5, 0.5] } }],
  ["far, 1080p (a sixth, top right)", { width: 1920, height: 1080, hold: { share: 1 / 6, at: [0.82, 0.2] } }],
  [
    "tilted, 720p (20° turned, 30° tipped)",
    { width: 1280, height: 720, hold: { share: 0.35, at: [0.6, 0.45], rollDeg: 20, pitchDeg: 30 } },
  ],
];

async function placedCamera(stack: Awaited<ReturnType<typeof startStack>>, dir: string) {
  const probe1 = await throttleProbe(1);
  const probe4 = await throttleProbe(4);
  console.log(
    `CPU throttling 4× probe (busy loop): main thread ${probe1.main.toFixed(0)} → ${probe4.main.toFixed(0)} ms, decode-style worker ${probe1.worker.toFixed(0)} → ${probe4.worker.toFixed(0)} ms`,
  );
  console.log(
    `barcode in camera → request accepted, by placement (${CAMERA_RUNS} runs each after one warm-up):`,
  );
  console.log("| placement | CPU 1× p50 / p95 | CPU 4× p50 / p95 |");
  console.log("| --- | --- | --- |");
  for (const [name, shot] of PLACED) {
    const cells: string[] = [];
    for (const rate of [1, 4]) {
      const { times } = await cameraToRequest(stack, dir, { shot, rate, runs: CAMERA_RUNS });
      cells.push(`${pct(times, 50).toFixed(0)} / ${pct(times, 95).toFixed(0)} ms`);
    }
    console.log(`| ${name} | ${cells.join(" | ")} |`);
  }
}

async function main() {
  const built = ensureWebBuild();
  const stack = await startStack();
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-bench-"));
  try {
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    console.log(
      `machine: ${cpus().length}× ${cpu}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, node ${process.version}`,
    );
    console.log(`web build: ${built ? "rebuilt" : "up to date"} (${WEB_DIST})\n`);

    if (PART === "camera") {
      await placedCamera(stack, dir);
      return;
    }
    const initial = initialJs(WEB_DIST);
    const initialGzip = initial.reduce((n, f) => n + f.gzip, 0);
    console.log("/scan initial JS (index.html entry + modulepreloads), gzip -9:");
    for (const f of initial) console.log(`  ${f.file}: ${kb(f.bytes)} → ${kb(f.gzip)}`);
    console.log(
      `  total ${kb(initialGzip)} (goal ≤ 170 KB: ${initialGzip <= 170 * 1024 ? "met" : "NOT met"})\n`,
    );

    const consent = await consentToForm(stack);
    console.log("consent approved → questionnaire filled:");
    console.log(
      `  total          ${fmt(consent.total)} (goal p95 ≤ 300 ms: ${pct(consent.total, 95) <= 300 ? "met" : "NOT met"})`,
    );
    console.log(`  Diia (sandbox) ${fmt(consent.diia)}  approve → callback sent (PDF, DSTU sign + encrypt)`);
    console.log(`  Stiika         ${fmt(consent.ours)}  callback → unwrap → long-poll → form\n`);

    const camera = await cameraToRequest(stack, dir);
    console.log("barcode in camera → request accepted:");
    console.log(`  ${fmt(camera.times)}`);
    const runtime = [...new Set(camera.fetched)].map((p) => gzipSize(WEB_DIST, p.replace(/^\//, "")));
    console.log("  JS/wasm /scan fetched with the camera on (gzip -9):");
    for (const f of runtime) console.log(`    ${f.file}: ${kb(f.gzip)}`);
    console.log(
      `    total ${kb(runtime.reduce((n, f) => n + f.gzip, 0))} (the first scan, incl. the lazy waiting route)`,
    );
    // The decoder worker fetches its wasm itself: not in the page's resource timing.
    const wasm = readdirSync(path.join(WEB_DIST, "assets")).filter((f) => f.endsWith(".wasm"));
    for (const f of wasm)
      console.log(
        `  + decoder wasm (fetched by the worker) ${f}: ${kb(gzipSize(WEB_DIST, `assets/${f}`).gzip)}`,
      );
    console.log("");
    await placedCamera(stack, dir);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
