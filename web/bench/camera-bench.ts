/**
 * The camera-frame part of `pnpm bench`: whole 1280×720 and 1920×1080 frames of a hand-held phone
 * (camera-frames.ts), decoded the way the app does — every pass of `decodePasses` (cut and scaled here by sharp, in
 * the browser by createImageBitmap; tiles sharpened by the worker's own `sharpenLuminance`) through zxing-wasm with
 * the app's READER_OPTIONS — and, for comparison, the old
 * aim-box crop (the centred box scaled to 640×480).
 *
 * A frame counts as read when some pass of one plan cycle reads it (36 ticks, 4.5 s: the tiles straight, then
 * turned either way), the way a code held still for that long is read; the mean ticks to a read says how soon. Time is per tick: each pass weighted by how often the cycle
 * runs it, median and p95 over all ticks of all frames.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import sharp from "sharp";
import { aimBox } from "../src/features/scan/lib/aim-box.ts";
import { type DecodePass, decodePasses } from "../src/features/scan/lib/decode-plan.ts";
import { sharpenLuminance } from "../src/features/scan/lib/sharpen.ts";
import { CAMERA_CLASSES, CAMERA_SIZES, type CameraClass, makeCameraFrame } from "./camera-frames.ts";
import type { Decoder } from "./decoders.ts";
import { type Frame, frameToPng, makeCode, seededRandom } from "./frames.ts";

const N = Number(process.env.BENCH_CAMERA_N ?? 6);
/** When set, one frame per class, size and code kind is written there as PNG, to look at. */
const SAVE = process.env.BENCH_SAVE;
const MEDIAN_BUDGET_MS = 30;

async function cut(frame: Frame, p: DecodePass): Promise<Frame> {
  const scaled = await cutScaled(frame, p);
  if (p.rotate === 0) return scaled;
  // Turned as the worker's canvas does: about the centre, the uncovered corners mid-gray.
  const { data, info } = await sharp(
    Buffer.from(scaled.rgba.buffer, scaled.rgba.byteOffset, scaled.rgba.byteLength),
    {
      raw: { width: scaled.width, height: scaled.height, channels: 4 },
    },
  )
    .rotate(p.rotate, { background: "#808080" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
  };
}

async function cutScaled(frame: Frame, p: DecodePass): Promise<Frame> {
  const { data, info } = await sharp(
    Buffer.from(frame.rgba.buffer, frame.rgba.byteOffset, frame.rgba.byteLength),
    {
      raw: { width: frame.width, height: frame.height, channels: 4 },
    },
  )
    .extract({ left: p.sx, top: p.sy, width: p.sw, height: p.sh })
    .resize(p.width, p.height, { kernel: "linear", fit: "fill" })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
  };
}

interface Result {
  size: string;
  cls: CameraClass;
  read: boolean;
  before: boolean;
  /** Decode time of each tick of one plan cycle, in ms. */
  ticks: number[];
  /** Index of the first tick that reads, or -1. */
  firstTick: number;
}

const key = (p: DecodePass) =>
  `${p.sx},${p.sy},${p.sw},${p.sh}->${p.width}x${p.height}${p.sharpen ? " sharpened" : ""} ${p.rotate}°`;

/** One pass as the worker runs it: sharpened first when the plan says so, both inside the measured time. */
async function decodeTimed(decoder: Decoder, frame: Frame, sharpen: boolean) {
  const t0 = performance.now();
  if (sharpen) sharpenLuminance({ data: frame.rgba, width: frame.width, height: frame.height } as ImageData);
  const text = await decoder.decode(frame);
  return { text, ms: performance.now() - t0 };
}

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;
}
const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const msf = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));

export async function cameraBench(decoder: Decoder): Promise<string[]> {
  const results: Result[] = [];
  if (SAVE) mkdirSync(SAVE, { recursive: true });
  const t0 = performance.now();
  for (const size of CAMERA_SIZES) {
    const plan = decodePasses(size.width, size.height);
    const box = aimBox(size.width, size.height);
    const old: DecodePass = {
      sx: box.x,
      sy: box.y,
      sw: box.width,
      sh: box.height,
      width: 640,
      height: 480,
      sharpen: false,
      rotate: 0,
    };
    for (const [c, cls] of CAMERA_CLASSES.entries()) {
      const rng = seededRandom(7000 + 100 * c + size.width);
      for (const kind of ["ean13", "qr"] as const) {
        for (let i = 0; i < N; i++) {
          const code = makeCode(kind, rng);
          const frame = await makeCameraFrame(code, cls, size, rng);
          if (SAVE && i === 0)
            await sharp(await frameToPng(frame)).toFile(join(SAVE, `${size.height}p-${cls}-${kind}.png`));
          // Each distinct pass decoded once; the cycle's ticks reuse its outcome.
          const outcome = new Map<string, { ok: boolean; ms: number }>();
          for (const p of plan) {
            if (outcome.has(key(p))) continue;
            const { text, ms } = await decodeTimed(decoder, await cut(frame, p), p.sharpen);
            outcome.set(key(p), { ok: text === code.text, ms });
          }
          const ticks = plan.map((p) => outcome.get(key(p))?.ms ?? Number.NaN);
          const firstTick = plan.findIndex((p) => outcome.get(key(p))?.ok);
          const before = (await decoder.decode(await cut(frame, old))) === code.text;
          results.push({ size: `${size.height}p`, cls, read: firstTick >= 0, before, ticks, firstTick });
        }
      }
      process.stderr.write(`camera ${size.height}p ${cls} done\n`);
    }
  }
  const built = ((performance.now() - t0) / 1000).toFixed(0);

  const sizes = CAMERA_SIZES.map((s) => `${s.height}p`);
  const cell = (rs: Result[]) => {
    const ms = rs.flatMap((r) => r.ticks).sort((a, b) => a - b);
    const rate = rs.filter((r) => r.read).length / rs.length;
    return `${pct(rate)} · ${msf(quantile(ms, 0.5))} / ${msf(quantile(ms, 0.95))} ms`;
  };
  const beforeCell = (rs: Result[]) => pct(rs.filter((r) => r.before).length / rs.length);
  const lines = [
    `| class (frames per size) | ${sizes.map((s) => `${s} before: aim box | ${s} now: rate · median / p95 ms per tick`).join(" | ")} |`,
    `| --- | ${sizes.map(() => "--- | ---").join(" | ")} |`,
  ];
  for (const cls of [...CAMERA_CLASSES, "all but heavy-blur"] as const) {
    const pick = (size: string) =>
      results.filter(
        (r) => r.size === size && (cls === "all but heavy-blur" ? r.cls !== "heavy-blur" : r.cls === cls),
      );
    const n = pick(sizes[0] ?? "").length;
    lines.push(
      `| ${cls} (${n}) | ${sizes.map((s) => `${beforeCell(pick(s))} | ${cell(pick(s))}`).join(" | ")} |`,
    );
  }
  const all = results.filter((r) => r.cls !== "heavy-blur");
  const allTicks = all.flatMap((r) => r.ticks).sort((a, b) => a - b);
  const median = quantile(allTicks, 0.5);
  const firstTicks = all.filter((r) => r.read).map((r) => r.firstTick + 1);
  const meanTicks = firstTicks.reduce((a, b) => a + b, 0) / firstTicks.length;
  const short = CAMERA_CLASSES.filter((c) => c !== "heavy-blur").flatMap((cls) =>
    sizes.flatMap((size) => {
      const rs = results.filter((r) => r.cls === cls && r.size === size);
      const rate = rs.filter((r) => r.read).length / rs.length;
      return rate < 0.95 ? [`${cls} ${size} ${pct(rate)}`] : [];
    }),
  );
  return [
    `Camera frames (${built} s to build): ${N} EAN-13 + ${N} QR per class and size; rate = read within one plan cycle.`,
    "",
    ...lines,
    "",
    `Median decode time per tick (all but heavy blur): ${msf(median)} ms (goal ≤ ${MEDIAN_BUDGET_MS} ms: ${median <= MEDIAN_BUDGET_MS ? "met" : "NOT met"}); a read frame needed ${meanTicks.toFixed(1)} ticks on average (125 ms each).`,
    short.length === 0
      ? "Every class but heavy blur ≥ 95 % at both sizes: goal met."
      : `Below the 95 % goal: ${short.join(", ")}.`,
  ];
}
