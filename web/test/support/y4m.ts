// A y4m file for Chromium's fake camera (--use-file-for-fake-video-capture), written by hand: ffmpeg is not a
// given here and the format is a header plus raw planar YUV 4:2:0 frames.
import { writeFileSync } from "node:fs";
import type { Frame } from "../../bench/frames.ts";

/** RGBA frames (even width and height) → y4m at `fps`, BT.601 full-range (what C420jpeg means). */
export function writeY4m(path: string, frames: Frame[], fps = 10): void {
  const first = frames[0];
  if (!first) throw new Error("no frames");
  const { width: w, height: h } = first;
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const f of frames) {
    const y = Buffer.alloc(w * h);
    const u = Buffer.alloc((w / 2) * (h / 2));
    const v = Buffer.alloc((w / 2) * (h / 2));
    const px = f.rgba;
    for (let i = 0; i < w * h; i++) {
      y[i] = 0.299 * (px[i * 4] ?? 0) + 0.587 * (px[i * 4 + 1] ?? 0) + 0.114 * (px[i * 4 + 2] ?? 0);
    }
    for (let cy = 0; cy < h / 2; cy++) {
      for (let cx = 0; cx < w / 2; cx++) {
        const i = (cy * 2 * w + cx * 2) * 4; // top-left pixel of the 2×2 block stands for it
        const r = px[i] ?? 0;
        const g = px[i + 1] ?? 0;
        const b = px[i + 2] ?? 0;
        u[cy * (w / 2) + cx] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[cy * (w / 2) + cx] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
    parts.push(Buffer.from("FRAME\n"), y, u, v);
  }
  writeFileSync(path, Buffer.concat(parts));
}
