/**
 * Synthetic camera frames for the decoder bench and the fake-camera browser test: a Diia code rendered by bwip-js
 * the way a phone shows it (white screen, quiet zone), placed in a 640×480 aim-box crop over a dark desk, then
 * degraded the way a counter camera degrades it. Deterministic: every random choice comes from a seeded PRNG.
 *
 * @example
 * const rng = seededRandom(1);
 * const frame = await makeFrame({ kind: "ean13", text: "2858364170864" }, "glare", rng);
 * frame.rgba; // 640*480*4 bytes
 */
import { ean13CheckDigit, generateDiiaBarcode } from "@stiika/diia/barcode";
import { buildDiiaDocumentQr } from "@stiika/diia/qr";
import bwipjs from "bwip-js/node";
import sharp from "sharp";

export const FRAME_WIDTH = 640;
export const FRAME_HEIGHT = 480;

export type CodeKind = "ean13" | "qr";
export interface CodeSpec {
  kind: CodeKind;
  text: string;
}

export const IMAGE_CLASSES = [
  "clean",
  "blur",
  "small",
  "large",
  "rotation",
  "perspective",
  "glare",
  "moire",
  "noise",
  "low-contrast",
] as const;
export type ImageClass = (typeof IMAGE_CLASSES)[number];

export interface Frame {
  width: number;
  height: number;
  /** RGBA, 4 bytes a pixel, row-major. */
  rgba: Uint8ClampedArray;
}

/** mulberry32: small, fast, good enough to make reproducible test images. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const between = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const sign = (rng: () => number) => (rng() < 0.5 ? -1 : 1);

/** A Diia-style code: a fresh 13-digit barcode or a document verify link, from the seeded PRNG. */
export function makeCode(kind: CodeKind, rng: () => number): CodeSpec {
  const int = (max: number) => Math.floor(rng() * max);
  if (kind === "ean13") return { kind, text: generateDiiaBarcode(int) };
  const hex = (n: number) => Array.from({ length: n }, () => int(16).toString(16)).join("");
  const otp = `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[int(4)]}${hex(3)}-${hex(12)}`;
  const types = ["internal-passport", "foreign-passport", "driver-license", "taxpayer-card"];
  const documentType = types[int(types.length)] ?? "internal-passport";
  return { kind, text: buildDiiaDocumentQr({ documentType, documentId: String(1e8 + int(9e8)), otp }) };
}

interface Gray {
  width: number;
  height: number;
  v: Float32Array;
}

/** The phone screen: the code on white with a quiet zone, as grey levels 0–255. */
async function renderScreen(code: CodeSpec): Promise<Gray> {
  // Sanity: a wrong generator would make every decoder "fail" for the wrong reason.
  if (code.kind === "ean13" && ean13CheckDigit(code.text.slice(0, 12)) !== Number(code.text[12])) {
    throw new Error("bench code has a bad check digit");
  }
  // bwip-js types toBuffer as callback-or-promise; without a callback it is the promise. QR: BWIPP's default level M.
  const png = await (bwipjs.toBuffer(
    code.kind === "ean13"
      ? { bcid: "ean13", text: code.text, scale: 4, height: 22, includetext: true, textxalign: "center" }
      : { bcid: "qrcode", text: code.text, scale: 4 },
  ) as Promise<Buffer>);
  const pad = code.kind === "ean13" ? 48 : 32;
  const { data, info } = await sharp(png)
    .flatten({ background: "#ffffff" })
    .extend({ top: pad, bottom: pad, left: pad, right: pad, background: "#ffffff" })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const v = new Float32Array(info.width * info.height);
  for (let i = 0; i < v.length; i++) v[i] = data[i * info.channels] ?? 255;
  return { width: info.width, height: info.height, v };
}

type Point = [number, number];

/** Homography taking the four `from` corners to the four `to` corners (8×8 linear solve). */
function homography(from: Point[], to: Point[]): number[] {
  const a: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i] as Point;
    const [u, w] = to[i] as Point;
    a.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    a.push([0, 0, 0, x, y, 1, -w * x, -w * y, w]);
  }
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(a[r]?.[c] ?? 0) > Math.abs(a[p]?.[c] ?? 0)) p = r;
    [a[c], a[p]] = [a[p] as number[], a[c] as number[]];
    const pivot = a[c] as number[];
    for (let r = 0; r < 8; r++) {
      const row = a[r] as number[];
      if (r === c) continue;
      const f = (row[c] ?? 0) / (pivot[c] ?? 1);
      for (let k = c; k < 9; k++) row[k] = (row[k] ?? 0) - f * (pivot[k] ?? 0);
    }
  }
  return [...a.map((row, c) => (row[8] ?? 0) / (row[c] ?? 1)), 1];
}

/** Places the screen into the frame at quad `corners` (TL, TR, BR, BL), bilinear sampling, desk elsewhere. */
function place(screen: Gray, corners: Point[], desk: number): Gray {
  const w = FRAME_WIDTH;
  const h = FRAME_HEIGHT;
  const src: Point[] = [
    [0, 0],
    [screen.width, 0],
    [screen.width, screen.height],
    [0, screen.height],
  ];
  const m = homography(corners, src); // frame → screen, so every frame pixel samples once
  const out = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const d = (m[6] ?? 0) * x + (m[7] ?? 0) * y + 1;
      const sx = ((m[0] ?? 0) * x + (m[1] ?? 0) * y + (m[2] ?? 0)) / d - 0.5;
      const sy = ((m[3] ?? 0) * x + (m[4] ?? 0) * y + (m[5] ?? 0)) / d - 0.5;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 + 1 >= screen.width || y0 + 1 >= screen.height) {
        out[y * w + x] = desk;
        continue;
      }
      const fx = sx - x0;
      const fy = sy - y0;
      const i = y0 * screen.width + x0;
      const s = screen.v;
      const top = (s[i] ?? 0) * (1 - fx) + (s[i + 1] ?? 0) * fx;
      const bottom = (s[i + screen.width] ?? 0) * (1 - fx) + (s[i + screen.width + 1] ?? 0) * fx;
      out[y * w + x] = top * (1 - fy) + bottom * fy;
    }
  }
  return { width: w, height: h, v: out };
}

function gaussianBlur(img: Gray, sigma: number): void {
  const r = Math.ceil(sigma * 3);
  const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
  const sum = k.reduce((s, x) => s + x, 0);
  const kernel = k.map((x) => x / sum);
  const { width: w, height: h, v } = img;
  const tmp = new Float32Array(v.length);
  const clamp = (n: number, max: number) => Math.max(0, Math.min(n, max));
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += (v[y * w + clamp(x + j, w - 1)] ?? 0) * (kernel[j + r] ?? 0);
      tmp[y * w + x] = acc;
    }
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      let acc = 0;
      for (let j = -r; j <= r; j++) acc += (tmp[clamp(y + j, h - 1) * w + x] ?? 0) * (kernel[j + r] ?? 0);
      v[y * w + x] = acc;
    }
}

/** Box–Muller normal sample. */
function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/**
 * One frame of `code` with the degradation of `imageClass`. A mild camera softening (σ 0.6) and sensor noise
 * (σ 3) are always applied: no real camera delivers the perfect bitmap.
 */
export async function makeFrame(code: CodeSpec, imageClass: ImageClass, rng: () => number): Promise<Frame> {
  const screen = await renderScreen(code);
  const aspect = screen.height / screen.width;
  // Width of the phone screen area in the 640-px crop: the code fills about half the aim box when held normally.
  let width =
    imageClass === "small"
      ? between(rng, 0.42, 0.55) * (code.kind === "ean13" ? 440 : 300)
      : imageClass === "large"
        ? between(rng, 0.95, 1.05) * (code.kind === "ean13" ? 620 : 460)
        : between(rng, 0.85, 1.15) * (code.kind === "ean13" ? 420 : 300);
  if (width * aspect > FRAME_HEIGHT * 0.98) width = (FRAME_HEIGHT * 0.98) / aspect;
  const cx = FRAME_WIDTH / 2 + between(rng, -20, 20);
  const cy = FRAME_HEIGHT / 2 + between(rng, -15, 15);
  const angle =
    imageClass === "rotation" ? (sign(rng) * between(rng, 5, 30) * Math.PI) / 180 : between(rng, -0.02, 0.02);
  const hw = width / 2;
  const hh = (width * aspect) / 2;
  // Keystone: one edge shorter than the other, as when the phone is tilted away from the camera.
  const k = imageClass === "perspective" ? between(rng, 0.15, 0.3) : 0;
  const vertical = rng() < 0.5;
  const local: Point[] = vertical
    ? [
        [-hw * (1 - k), -hh],
        [hw * (1 - k), -hh],
        [hw, hh],
        [-hw, hh],
      ]
    : [
        [-hw, -hh * (1 - k)],
        [hw, -hh],
        [hw, hh],
        [-hw, hh * (1 - k)],
      ];
  const corners = local.map(
    ([x, y]): Point => [
      cx + x * Math.cos(angle) - y * Math.sin(angle),
      cy + x * Math.sin(angle) + y * Math.cos(angle),
    ],
  );
  const img = place(screen, corners, between(rng, 40, 90));
  const { v } = img;

  if (imageClass === "blur") gaussianBlur(img, between(rng, 1.4, 2.4));
  else gaussianBlur(img, 0.6);

  if (imageClass === "glare") {
    // A bright blob (a lamp reflected in the phone glass) that washes the bars out near its centre.
    const gx = cx + between(rng, -hw * 0.5, hw * 0.5);
    const gy = cy + between(rng, -hh * 0.5, hh * 0.5);
    const s = between(rng, 0.2, 0.35) * width;
    const strength = between(rng, 0.55, 0.8);
    for (let y = 0; y < FRAME_HEIGHT; y++)
      for (let x = 0; x < FRAME_WIDTH; x++) {
        const a = strength * Math.exp(-((x - gx) ** 2 + (y - gy) ** 2) / (2 * s * s));
        const i = y * FRAME_WIDTH + x;
        v[i] = (v[i] ?? 0) + (255 - (v[i] ?? 0)) * a;
      }
  }
  if (imageClass === "moire") {
    // Camera filming a screen: a slanted sinusoidal interference band plus the screen's pixel grid.
    const period = between(rng, 5, 11);
    const theta = between(rng, 0, Math.PI);
    const depth = between(rng, 0.18, 0.3);
    const grid = Math.round(between(rng, 3, 5));
    for (let y = 0; y < FRAME_HEIGHT; y++)
      for (let x = 0; x < FRAME_WIDTH; x++) {
        const i = y * FRAME_WIDTH + x;
        const wave =
          1 -
          depth *
            (0.5 + 0.5 * Math.sin((2 * Math.PI * (x * Math.cos(theta) + y * Math.sin(theta))) / period));
        const cell = x % grid === 0 || y % grid === 0 ? 0.88 : 1;
        v[i] = (v[i] ?? 0) * wave * cell;
      }
  }
  if (imageClass === "low-contrast") {
    const lo = between(rng, 90, 120);
    const hi = lo + between(rng, 35, 55);
    for (let i = 0; i < v.length; i++) v[i] = lo + ((v[i] ?? 0) / 255) * (hi - lo);
  }
  const noise = imageClass === "noise" ? between(rng, 18, 30) : 3;
  const rgba = new Uint8ClampedArray(FRAME_WIDTH * FRAME_HEIGHT * 4);
  for (let i = 0; i < v.length; i++) {
    const g = (v[i] ?? 0) + noise * normal(rng);
    // A faint blue cast: phone screens and webcams are not neutral grey.
    rgba[i * 4] = g * 0.97;
    rgba[i * 4 + 1] = g;
    rgba[i * 4 + 2] = g * 1.03 + 2;
    rgba[i * 4 + 3] = 255;
  }
  return { width: FRAME_WIDTH, height: FRAME_HEIGHT, rgba };
}

/** A frame as PNG (for html5-qrcode, which only reads files, and for looking at the bench images). */
export function frameToPng(frame: Frame): Promise<Buffer> {
  return sharp(Buffer.from(frame.rgba.buffer, frame.rgba.byteOffset, frame.rgba.byteLength), {
    raw: { width: frame.width, height: frame.height, channels: 4 },
  })
    .png()
    .toBuffer();
}

/** Fits any image (a blackbox sample) into a 640×480 crop, aspect kept, grey bars where it does not fill. */
export async function fitToFrame(image: Buffer): Promise<Frame> {
  const data = await sharp(image)
    .resize(FRAME_WIDTH, FRAME_HEIGHT, { fit: "contain", background: "#808080" })
    .flatten({ background: "#808080" })
    .ensureAlpha()
    .raw()
    .toBuffer();
  return {
    width: FRAME_WIDTH,
    height: FRAME_HEIGHT,
    rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
  };
}
