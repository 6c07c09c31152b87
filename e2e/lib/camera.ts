// Chromium's fake camera reads a y4m file: frames made here from a real code (bwip-js PNG → pngjs RGBA), placed
// inside the web's aim box (the centred 384×288 of a 640×480 frame) as a phone screen held up to the camera.
import { writeFileSync } from "node:fs";
import bwipjs from "bwip-js";
import { PNG } from "pngjs";

const W = 640;
const H = 480;

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

async function renderCode(kind: "ean13" | "qrcode", text: string): Promise<Rgba> {
  const options =
    kind === "ean13"
      ? { bcid: "ean13", text, scale: 3, height: 14, includetext: true, textxalign: "center" as const }
      : { bcid: "qrcode", text, scale: 2, eclevel: "M" };
  // bwip-js types toBuffer as callback-or-promise; without a callback it is the promise.
  const png = await (bwipjs.toBuffer(options) as unknown as Promise<Buffer>);
  const img = PNG.sync.read(png);
  return { width: img.width, height: img.height, data: img.data };
}

/** One frame: a light-grey desk, a white phone screen with the code, shifted by (dx, dy). */
function frame(code: Rgba, dx: number, dy: number): Uint8Array {
  const out = new Uint8Array(W * H * 4).fill(200);
  const margin = 24;
  const x0 = Math.round((W - code.width) / 2) + dx;
  const y0 = Math.round((H - code.height) / 2) + dy;
  for (let y = y0 - margin; y < y0 + code.height + margin; y++) {
    for (let x = x0 - margin; x < x0 + code.width + margin; x++) {
      if (x < 0 || y < 0 || x >= W || y >= H) continue;
      const cx = x - x0;
      const cy = y - y0;
      const inside = cx >= 0 && cy >= 0 && cx < code.width && cy < code.height;
      const i = (y * W + x) * 4;
      const j = (cy * code.width + cx) * 4;
      // bwip-js draws on a transparent background: blend onto the white screen by alpha.
      const alpha = inside ? (code.data[j + 3] ?? 0) / 255 : 0;
      for (let c = 0; c < 3; c++) {
        out[i + c] = Math.round(alpha * (code.data[j + c] ?? 0) + (1 - alpha) * 250);
      }
    }
  }
  return out;
}

/** RGBA → y4m, BT.601 full range (what C420jpeg means), 4:2:0 chroma from each 2×2 block's top-left pixel. */
function y4m(frames: Uint8Array[], fps: number): Buffer {
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${W} H${H} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const px of frames) {
    const y = Buffer.alloc(W * H);
    const u = Buffer.alloc((W / 2) * (H / 2));
    const v = Buffer.alloc((W / 2) * (H / 2));
    for (let i = 0; i < W * H; i++) {
      y[i] = 0.299 * (px[i * 4] ?? 0) + 0.587 * (px[i * 4 + 1] ?? 0) + 0.114 * (px[i * 4 + 2] ?? 0);
    }
    for (let cy = 0; cy < H / 2; cy++) {
      for (let cx = 0; cx < W / 2; cx++) {
        const i = (cy * 2 * W + cx * 2) * 4;
        const r = px[i] ?? 0;
        const g = px[i + 1] ?? 0;
        const b = px[i + 2] ?? 0;
        u[cy * (W / 2) + cx] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[cy * (W / 2) + cx] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
    parts.push(Buffer.from("FRAME\n"), y, u, v);
  }
  return Buffer.concat(parts);
}

/** Writes a y4m showing `text` as an EAN-13 barcode or a QR code, with a little hand shake between frames. */
export async function writeCodeY4m(file: string, kind: "ean13" | "qrcode", text: string): Promise<void> {
  const code = await renderCode(kind, text);
  const shake: [number, number][] = [
    [0, 0],
    [2, 1],
    [1, -1],
    [-1, 2],
  ];
  writeFileSync(
    file,
    y4m(
      shake.map(([dx, dy]) => frame(code, dx, dy)),
      10,
    ),
  );
}
