/**
 * Whole camera frames (1280×720, 1920×1080) of a client holding a phone up to the counter camera: a phone in 3-D
 * (pinhole camera, the phone tilted and turned about all three axes), its bezel and a hand round it, the Diia screen
 * with the code among other screen content, over a room with a desk; then what the camera does to it (defocus,
 * screen moiré from the phone's pixel grid, glare on the glass, sensor noise, MJPEG compression). Code sizes are
 * what a person does: held close (the code up to the full frame width) or at arm's length (a sixth of the width,
 * anywhere in the frame). Deterministic: every random choice comes from the caller's seeded PRNG.
 *
 * @example
 * const rng = seededRandom(1);
 * const frame = await makeCameraFrame(makeCode("ean13", rng), "far-tilted", { width: 1920, height: 1080 }, rng);
 * // or placed on purpose: a barcode 80 % of the width, a little left of centre, turned 10°
 * await makeCameraFrame(code, "close", size, rng, { share: 0.8, at: [0.45, 0.5], rollDeg: 10 });
 */
import bwipjs from "bwip-js/node";
import sharp from "sharp";
import type { CodeSpec, Frame } from "./frames.ts";

export const CAMERA_CLASSES = [
  "close",
  "close-tilted",
  "close-blur",
  "far",
  "far-tilted",
  "far-blur",
  "moire",
  "glare",
  "heavy-blur",
] as const;
export type CameraClass = (typeof CAMERA_CLASSES)[number];

export interface CameraSize {
  width: number;
  height: number;
}
export const CAMERA_SIZES: CameraSize[] = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
];

/** Where the code ended up in the frame, for the report and the e2e camera. */
export interface Placement {
  /** Width of the code's bars (EAN-13 guard to guard, QR symbol) in frame pixels, as a share of the frame width. */
  codeWidthShare: number;
  /** The code's centre in frame pixels. */
  centre: [number, number];
}

const between = (rng: () => number, lo: number, hi: number) => lo + (hi - lo) * rng();
const sign = (rng: () => number) => (rng() < 0.5 ? -1 : 1);
const deg = (d: number) => (d * Math.PI) / 180;

// The phone, in millimetres on its own plane (origin at its centre, v down): a 72×150 mm handset with a 66×142 mm
// screen; on the Diia code screen the code sits in the upper half, 72 % of the screen wide (EAN-13, bars only) or
// 64 % (QR).
const PHONE = { w: 72, h: 150, r: 9 };
const SCREEN = { w: 66, h: 142, r: 6 };
const CODE_CENTRE_V = -22;
const codeWidthMm = (code: CodeSpec) => SCREEN.w * (code.kind === "ean13" ? 0.72 : 0.64);

interface Gray {
  width: number;
  height: number;
  v: Float32Array;
}

/**
 * The Diia screen as a raster, `pxPerMm` pixels per millimetre: a pastel card header, lines of text, the code on
 * white, a button below. SVG through librsvg (sharp), the code as bwip-js's PNG inside it.
 */
async function renderScreen(code: CodeSpec, pxPerMm: number): Promise<Gray & { pxPerMm: number }> {
  const bars = await (bwipjs.toBuffer(
    code.kind === "ean13"
      ? { bcid: "ean13", text: code.text, scale: 6, height: 20, includetext: true, textxalign: "center" }
      : { bcid: "qrcode", text: code.text, scale: 6 },
  ) as Promise<Buffer>);
  const meta = await sharp(bars).metadata();
  const cw = codeWidthMm(code);
  // bwip-js EAN-13 is 95 modules of bars plus 7 for the digits left of the guard; QR is the bare symbol.
  const imgW = code.kind === "ean13" ? (cw * ((meta.width ?? 1) / 6)) / 95 : cw;
  const imgH = imgW * ((meta.height ?? 1) / (meta.width ?? 1));
  const cx = SCREEN.w / 2 + (code.kind === "ean13" ? -cw * (3.5 / 95) : 0);
  const cy = SCREEN.h / 2 + CODE_CENTRE_V;
  const text = (x: number, y: number, w: number, h: number, fill: string) =>
    `<rect x="${x}" y="${y}" width="${w}" height="${h}" rx="${h / 2}" fill="${fill}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
    width="${Math.round(SCREEN.w * pxPerMm)}" height="${Math.round(SCREEN.h * pxPerMm)}" viewBox="0 0 ${SCREEN.w} ${SCREEN.h}">
    <defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#d9e8f7"/><stop offset="1" stop-color="#f3dde8"/></linearGradient></defs>
    <rect width="100%" height="100%" fill="url(#g)"/>
    ${text(5, 4, 12, 2.4, "#333")}${text(52, 4, 9, 2.4, "#333")}
    <rect x="3" y="12" width="${SCREEN.w - 6}" height="${SCREEN.h - 34}" rx="4" fill="#ffffff"/>
    ${text(8, 17, 30, 3.2, "#222")}${text(8, 23, 44, 2.2, "#777")}
    <image x="${cx - imgW / 2}" y="${cy - imgH / 2}" width="${imgW}" height="${imgH}" preserveAspectRatio="none"
      xlink:href="data:image/png;base64,${bars.toString("base64")}"/>
    ${text(8, cy + imgH / 2 + 8, 50, 2.4, "#777")}${text(8, cy + imgH / 2 + 13, 36, 2.4, "#777")}
    <rect x="6" y="${SCREEN.h - 18}" width="${SCREEN.w - 12}" height="9" rx="4.5" fill="#000000"/>
  </svg>`;
  const { data, info } = await sharp(Buffer.from(svg))
    .flatten({ background: "#ffffff" })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const v = new Float32Array(info.width * info.height);
  for (let i = 0; i < v.length; i++) v[i] = data[i * info.channels] ?? 255;
  return { width: info.width, height: info.height, v, pxPerMm: info.width / SCREEN.w };
}

type Mat3 = [number, number, number, number, number, number, number, number, number];

function mul3(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0);
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++)
      for (let k = 0; k < 3; k++)
        out[r * 3 + c] = (out[r * 3 + c] ?? 0) + (a[r * 3 + k] ?? 0) * (b[k * 3 + c] ?? 0);
  return out as Mat3;
}

/** Rotation: roll about the camera axis, then pitch and yaw out of the image plane. */
function rotation(roll: number, pitch: number, yaw: number): Mat3 {
  const [cr, sr, cp, sp, cy, sy] = [roll, pitch, yaw].flatMap((a) => [Math.cos(a), Math.sin(a)]) as Mat3;
  const rz: Mat3 = [cr, -sr, 0, sr, cr, 0, 0, 0, 1];
  const rx: Mat3 = [1, 0, 0, 0, cp, -sp, 0, sp, cp];
  const ry: Mat3 = [cy, 0, sy, 0, 1, 0, -sy, 0, cy];
  return mul3(rz, mul3(rx, ry));
}

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  const adj: Mat3 = [
    A,
    -(b * i - c * h),
    b * f - c * e,
    B,
    a * i - c * g,
    -(a * f - c * d),
    C,
    -(a * h - b * g),
    a * e - b * d,
  ];
  return adj.map((x) => x / det) as Mat3;
}

/**
 * Homography from the phone's plane (mm) to the frame (px) for a pinhole camera of focal length `f`: the code's
 * centre lands on `pose.at` at the distance that makes the code `pose.codePx` wide when facing the camera.
 */
function phoneToFrame(pose: Pose, size: CameraSize, f: number, codeMm: number): Mat3 {
  const Z = (f * codeMm) / pose.codePx;
  const R = rotation(pose.roll, pose.pitch, pose.yaw);
  const T = [
    ((pose.at[0] - size.width / 2) * Z) / f - R[1] * CODE_CENTRE_V,
    ((pose.at[1] - size.height / 2) * Z) / f - R[4] * CODE_CENTRE_V,
    Z - R[7] * CODE_CENTRE_V,
  ] as const;
  const K: Mat3 = [f, 0, size.width / 2, 0, f, size.height / 2, 0, 0, 1];
  return mul3(K, [R[0], R[1], T[0], R[3], R[4], T[1], R[6], R[7], T[2]]);
}

function project(h: Mat3, u: number, v: number): [number, number] {
  const d = h[6] * u + h[7] * v + h[8];
  return [(h[0] * u + h[1] * v + h[2]) / d, (h[3] * u + h[4] * v + h[5]) / d];
}

/** Signed distance-ish test for a rounded rectangle centred at 0: ≤ 0 inside. */
function roundedRect(u: number, v: number, w: number, h: number, r: number): number {
  const qx = Math.abs(u) - (w / 2 - r);
  const qy = Math.abs(v) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** A room behind the client: wall with a window's light, a desk edge, papers, a monitor, a mug; soft and uneven. */
function background(size: CameraSize, rng: () => number): Float32Array {
  const { width: W, height: H } = size;
  const out = new Float32Array(W * H);
  const wall = between(rng, 110, 170);
  const deskY = between(rng, 0.62, 0.8) * H;
  const desk = between(rng, 60, 110);
  const lightX = between(rng, 0, W);
  const objects = Array.from({ length: 5 }, () => {
    const w = between(rng, 0.08, 0.3) * W;
    const h = between(rng, 0.06, 0.3) * H;
    return {
      x: between(rng, -0.1, 1) * W,
      y: between(rng, 0, 1) * H - h / 2,
      w,
      h,
      g: between(rng, 20, 235),
    };
  });
  // Wood grain along the desk: a sum of slow waves, the same down each column.
  const grain = Array.from({ length: 6 }, () => [between(rng, 0.002, 0.02), between(rng, 0, 6)] as const);
  const deskGrain = Float32Array.from({ length: W }, (_, x) =>
    grain.reduce((g, [f, p]) => g + 4 * Math.sin(x * f + p), 0),
  );
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      let g: number;
      if (y < deskY) g = wall + 40 * Math.exp(-(((x - lightX) / (0.35 * W)) ** 2)) - (20 * y) / H;
      else g = desk + (deskGrain[x] ?? 0) + 0.1 * (y - deskY);
      for (const o of objects) if (x >= o.x && x < o.x + o.w && y >= o.y && y < o.y + o.h) g = o.g;
      // Vignetting of a cheap webcam lens.
      const r2 = ((x - W / 2) / W) ** 2 + ((y - H / 2) / H) ** 2;
      out[y * W + x] = g * (1 - 0.5 * r2);
    }
  }
  return out;
}

/**
 * Gaussian blur of `sigma` px, in place: an exact separable kernel for small sigmas, three passes of a running box
 * filter (the same cost at any radius) for large ones, where the box's 1-px steps no longer matter.
 */
function blur(img: Gray, sigma: number): void {
  if (sigma < 0.3) return;
  const { width: w, height: h, v } = img;
  const line = new Float32Array(Math.max(w, h));
  const out = new Float32Array(Math.max(w, h));
  const clamp = (i: number, n: number) => Math.min(n - 1, Math.max(0, i));
  let passes: ((n: number) => void)[];
  if (sigma < 3) {
    const r = Math.ceil(3 * sigma);
    const k = Array.from({ length: 2 * r + 1 }, (_, i) => Math.exp(-((i - r) ** 2) / (2 * sigma * sigma)));
    const sum = k.reduce((a, b) => a + b, 0);
    passes = [
      (n) => {
        for (let i = 0; i < n; i++) {
          let acc = 0;
          for (let j = -r; j <= r; j++) acc += (line[clamp(i + j, n)] ?? 0) * (k[j + r] ?? 0);
          out[i] = acc / sum;
        }
      },
    ];
  } else {
    const r = Math.round((Math.sqrt(4 * sigma * sigma + 1) - 1) / 2);
    const box = (n: number) => {
      let acc = 0;
      for (let i = -r; i <= r; i++) acc += line[clamp(i, n)] ?? 0;
      for (let i = 0; i < n; i++) {
        out[i] = acc / (2 * r + 1);
        acc += (line[clamp(i + r + 1, n)] ?? 0) - (line[clamp(i - r, n)] ?? 0);
      }
    };
    passes = [
      (n) => {
        box(n);
        line.set(out.subarray(0, n));
        box(n);
        line.set(out.subarray(0, n));
        box(n);
      },
    ];
  }
  for (const pass of passes) {
    for (let y = 0; y < h; y++) {
      line.set(v.subarray(y * w, y * w + w));
      pass(w);
      v.set(out.subarray(0, w), y * w);
    }
    for (let x = 0; x < w; x++) {
      for (let y = 0; y < h; y++) line[y] = v[y * w + x] ?? 0;
      pass(h);
      for (let y = 0; y < h; y++) v[y * w + x] = out[y] ?? 0;
    }
  }
}

function normal(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** A pose chosen by the caller instead of the class's random one (the e2e camera places codes on purpose). */
export interface Hold {
  /** Code width as a share of the frame width. */
  share?: number;
  /** The code's centre as shares of the frame's width and height. */
  at?: [number, number];
  rollDeg?: number;
  pitchDeg?: number;
  yawDeg?: number;
}

interface Pose {
  /** Target width of the code in frame pixels. */
  codePx: number;
  roll: number;
  pitch: number;
  yaw: number;
  /** Where the code's centre goes, in frame pixels. */
  at: [number, number];
}

function pose(cls: CameraClass, kind: CodeSpec["kind"], size: CameraSize, rng: () => number): Pose {
  const W = size.width;
  const H = size.height;
  const close = cls.startsWith("close");
  const far = cls.startsWith("far");
  // A QR is as tall as it is wide: held close it can fill the frame's height, not its width.
  const widest = kind === "qr" ? (0.85 * H) / W : 0.92;
  const share = close
    ? between(rng, 0.6, 1) * widest
    : far
      ? between(rng, 1 / 6.5, 1 / 5.5)
      : between(rng, 0.25, 0.45) * (kind === "qr" ? 0.8 : 1);
  const tilted = cls.endsWith("tilted");
  const roll = deg(sign(rng) * (tilted ? between(rng, 10, 30) : between(rng, 0, 8)));
  // Out-of-plane tilt: close up there is no room for much of it (the near edge would leave the frame).
  const outOfPlane = tilted ? (close ? between(rng, 15, 25) : between(rng, 20, 40)) : between(rng, 0, 10);
  const mix = rng();
  const pitch = deg(sign(rng) * outOfPlane * mix);
  const yaw = deg(sign(rng) * outOfPlane * (1 - mix));
  const codePx = share * W;
  // Anywhere the code fits whole: far codes roam the frame, close ones are as centred as their size forces.
  const halfW = (codePx / 2) * 1.15;
  const halfH = kind === "qr" ? codePx * 0.55 : codePx * 0.2;
  const at: [number, number] = [
    W / 2 + between(rng, -1, 1) * Math.max(0, W / 2 - halfW),
    H / 2 + between(rng, -1, 1) * Math.max(0, H / 2 - halfH - 0.05 * H),
  ];
  return { codePx, roll, pitch, yaw, at };
}

/**
 * One camera frame of `code` held as `cls` says, RGBA, plus where the code went.
 * Blur is given in module widths (defocus scales with the code, which is what decides readability): "blur" classes
 * 0.3–0.45 of a module, "heavy-blur" 0.7–0.9.
 */
export async function makeCameraFrame(
  code: CodeSpec,
  cls: CameraClass,
  size: CameraSize,
  rng: () => number,
  hold: Hold = {},
): Promise<Frame & { placement: Placement }> {
  const W = size.width;
  const H = size.height;
  const p = pose(cls, code.kind, size, rng);
  if (hold.share !== undefined) p.codePx = hold.share * W;
  if (hold.at) p.at = [hold.at[0] * W, hold.at[1] * H];
  if (hold.rollDeg !== undefined) p.roll = deg(hold.rollDeg);
  if (hold.pitchDeg !== undefined) p.pitch = deg(hold.pitchDeg);
  if (hold.yawDeg !== undefined) p.yaw = deg(hold.yawDeg);
  const f = 0.8 * W; // focal length in pixels: a ~64° horizontal field of view, as desk webcams have
  const cwMm = codeWidthMm(code);
  // The code with its quiet zone must be whole in the frame (a person sees it on the preview and moves until it
  // is): a pose that tilts a corner out is brought closer to the centre and a little smaller until it fits.
  const quiet = code.kind === "ean13" ? cwMm * (6 / 95) : cwMm * (2 / 41);
  const halfU = cwMm / 2 + quiet;
  const halfV = code.kind === "ean13" ? cwMm * 0.3 : cwMm / 2 + quiet;
  let Hm = phoneToFrame(p, size, f, cwMm);
  for (let tries = 0; tries < 40; tries++) {
    const corners = [
      [-halfU, -halfV],
      [halfU, -halfV],
      [halfU, halfV],
      [-halfU, halfV],
    ].map(([u = 0, v = 0]) => project(Hm, u, v + CODE_CENTRE_V));
    if (corners.every(([x, y]) => x >= 0 && y >= 0 && x < W && y < H)) break;
    p.codePx *= 0.97;
    p.at = [p.at[0] + (W / 2 - p.at[0]) * 0.15, p.at[1] + (H / 2 - p.at[1]) * 0.15];
    Hm = phoneToFrame(p, size, f, cwMm);
  }
  const inv = invert3(Hm);
  const Z = (f * cwMm) / p.codePx;

  // Screen raster at three times the camera's sampling of it (so resampling adds no blur of its own), capped at a
  // real phone's ~16 px/mm: close up the camera sees the phone's own pixels, bilinear-smoothed.
  const mmPerPx = Z / f;
  const screen = await renderScreen(code, Math.min(16, 3 / mmPerPx));
  const bg = background(size, rng);

  const exposure = between(rng, 0.88, 1);
  const skin = between(rng, 120, 190);
  const bezel = between(rng, 18, 40);
  // The hand: fingers round the phone's lower left and right edges and the palm under it.
  const thumbV = between(rng, 25, 55);
  const moire =
    cls === "moire"
      ? {
          pitch: between(rng, 0.055, 0.085),
          depth: between(rng, 0.25, 0.4),
          angle: between(rng, 0, Math.PI / 2),
        }
      : null;
  const glare =
    cls === "glare"
      ? // A lamp or window reflected in the glass over part of the code, and a veil over the whole screen. On a
        // barcode the patch covers the upper or lower part of the bars (a reflection across all of them leaves
        // nothing to read: that is the «tilt the phone» hint's case, not this class).
        code.kind === "ean13"
        ? {
            u: between(rng, -0.3, 0.3) * cwMm,
            v: CODE_CENTRE_V + sign(rng) * between(rng, 4, 7),
            su: between(rng, 5, 10),
            sv: between(rng, 2.5, 4),
            strength: between(rng, 0.6, 0.85),
            veil: between(rng, 0.1, 0.25),
          }
        : {
            u: between(rng, -0.25, 0.25) * cwMm,
            v: CODE_CENTRE_V + between(rng, -0.25, 0.25) * cwMm,
            su: between(rng, 0.06, 0.12) * cwMm,
            sv: between(rng, 0.06, 0.12) * cwMm,
            strength: between(rng, 0.6, 0.85),
            veil: between(rng, 0.1, 0.25),
          }
      : null;

  // Only the phone and hand's bounding box needs the plane lookup; the rest of the frame is the room.
  const reach = [
    [-PHONE.w / 2 - 14, -PHONE.h / 2],
    [PHONE.w / 2 + 14, -PHONE.h / 2],
    [PHONE.w / 2 + 14, PHONE.h / 2 + 60],
    [-PHONE.w / 2 - 14, PHONE.h / 2 + 60],
  ].map(([u = 0, v = 0]) => project(Hm, u, v));
  const finite = reach.every(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const bx0 = finite ? Math.max(0, Math.floor(Math.min(...reach.map((c) => c[0])))) : 0;
  const bx1 = finite ? Math.min(W, Math.ceil(Math.max(...reach.map((c) => c[0])))) : W;
  const by0 = finite ? Math.max(0, Math.floor(Math.min(...reach.map((c) => c[1])))) : 0;
  const by1 = finite ? Math.min(H, Math.ceil(Math.max(...reach.map((c) => c[1])))) : H;
  const img = Float32Array.from(bg);
  for (let y = by0; y < by1; y++) {
    for (let x = bx0; x < bx1; x++) {
      const d = inv[6] * x + inv[7] * y + inv[8];
      const u = (inv[0] * x + inv[1] * y + inv[2]) / d;
      const v = (inv[3] * x + inv[4] * y + inv[5]) / d;
      const i = y * W + x;
      let g = bg[i] ?? 0;
      if (d > 0) {
        const inPhone = roundedRect(u, v, PHONE.w, PHONE.h, PHONE.r) <= 0;
        const palm = v > PHONE.h / 2 - 20 && Math.abs(u) < PHONE.w / 2 + 12 && v < PHONE.h / 2 + 60;
        const finger =
          (((u + PHONE.w / 2) / 7) ** 2 + ((v - thumbV) / 22) ** 2 <= 1 ||
            ((u - PHONE.w / 2) / 6) ** 2 + ((v - thumbV - 10) / 30) ** 2 <= 1) &&
          Math.abs(u) > SCREEN.w / 2 - 2;
        if (inPhone && !finger) {
          if (roundedRect(u, v, SCREEN.w, SCREEN.h, SCREEN.r) <= 0) {
            // Bilinear sample of the screen raster.
            const sx = (u + SCREEN.w / 2) * screen.pxPerMm - 0.5;
            const sy = (v + SCREEN.h / 2) * screen.pxPerMm - 0.5;
            const x0 = Math.max(0, Math.min(screen.width - 2, Math.floor(sx)));
            const y0 = Math.max(0, Math.min(screen.height - 2, Math.floor(sy)));
            const fx = Math.min(1, Math.max(0, sx - x0));
            const fy = Math.min(1, Math.max(0, sy - y0));
            const s = screen.v;
            const j = y0 * screen.width + x0;
            const top = (s[j] ?? 0) * (1 - fx) + (s[j + 1] ?? 0) * fx;
            const bottom = (s[j + screen.width] ?? 0) * (1 - fx) + (s[j + screen.width + 1] ?? 0) * fx;
            g = 10 + (top * (1 - fy) + bottom * fy) * 0.96 * exposure;
            if (moire) {
              // The phone's pixel grid sampled by the camera's coarser one: the beat pattern is real aliasing.
              const a = u * Math.cos(moire.angle) + v * Math.sin(moire.angle);
              const b = -u * Math.sin(moire.angle) + v * Math.cos(moire.angle);
              const cell =
                Math.cos((2 * Math.PI * a) / moire.pitch) * Math.cos((2 * Math.PI * b) / moire.pitch);
              g *= 1 - moire.depth * (0.5 + 0.5 * cell);
            }
            if (glare) {
              const k = Math.exp(-(((u - glare.u) / glare.su) ** 2 + ((v - glare.v) / glare.sv) ** 2) / 2);
              const a = Math.min(1, glare.strength * k + glare.veil);
              g += (255 - g) * a;
            }
          } else g = bezel + 25 * Math.max(0, Math.sin(u * 0.2 + v * 0.05));
        } else if (finger || palm) g = skin * (0.85 + 0.15 * Math.cos(u * 0.08)) * exposure;
      }
      img[i] = g;
    }
  }

  const frame: Gray = { width: W, height: H, v: img };
  const modulePx = p.codePx / (code.kind === "ean13" ? 95 : 41);
  const sigma =
    cls === "heavy-blur"
      ? between(rng, 0.7, 0.9) * modulePx
      : cls.endsWith("blur")
        ? between(rng, 0.3, 0.45) * modulePx
        : 0.6 * (W / 1280);
  blur(frame, sigma);

  const noise = between(rng, 2, 5);
  const rgb = Buffer.alloc(W * H * 3);
  for (let i = 0; i < W * H; i++) {
    const g = (img[i] ?? 0) + noise * normal(rng);
    rgb[i * 3] = Math.max(0, Math.min(255, g * 1.02));
    rgb[i * 3 + 1] = Math.max(0, Math.min(255, g));
    rgb[i * 3 + 2] = Math.max(0, Math.min(255, g * 0.95));
  }
  // Webcams deliver MJPEG at these sizes: one JPEG round trip at a webcam's quality.
  const { data } = await sharp(
    await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
      .jpeg({ quality: Math.round(between(rng, 70, 85)) })
      .toBuffer(),
  )
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return {
    width: W,
    height: H,
    rgba: new Uint8ClampedArray(data.buffer, data.byteOffset, data.length),
    placement: { codeWidthShare: p.codePx / W, centre: p.at },
  };
}
