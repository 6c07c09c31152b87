// Chromium's fake camera reads a y4m file. Its frames are whole camera views of a client holding a phone with the
// Diia code up to the counter camera, drawn by the web decoder bench's generator (web/bench/camera-frames.ts: the
// phone in 3-D with bezel and hand, over a room, camera blur, noise, MJPEG), so the e2e camera and the bench show
// the same kind of picture. A shot says where the code is: how wide, where in the view, how tilted.
import { writeFileSync } from "node:fs";
import { type CameraClass, type Hold, makeCameraFrame } from "../../web/bench/camera-frames.ts";
import { seededRandom } from "../../web/bench/frames.ts";

export interface Shot {
  width: 1280 | 1920;
  height: 720 | 1080;
  /** How the phone is held; unset fields are the class's usual (random, seeded). */
  hold: Hold;
  /** The kind of picture: blur, moiré and glare as in the bench. */
  look?: CameraClass;
}

/** Held in the middle at a normal distance: what the old aim-box-only decoder could read too. */
export const IN_THE_BOX: Shot = {
  width: 1280,
  height: 720,
  hold: { share: 0.3, at: [0.5, 0.5], rollDeg: 3 },
};

/** RGBA → y4m, BT.601 full range (what C420jpeg means), 4:2:0 chroma from each 2×2 block's top-left pixel. */
function y4m(frames: Uint8ClampedArray[], w: number, h: number, fps: number): Buffer {
  const parts: Buffer[] = [Buffer.from(`YUV4MPEG2 W${w} H${h} F${fps}:1 Ip A1:1 C420jpeg\n`)];
  for (const px of frames) {
    const y = Buffer.alloc(w * h);
    const u = Buffer.alloc((w / 2) * (h / 2));
    const v = Buffer.alloc((w / 2) * (h / 2));
    for (let i = 0; i < w * h; i++) {
      y[i] = 0.299 * (px[i * 4] ?? 0) + 0.587 * (px[i * 4 + 1] ?? 0) + 0.114 * (px[i * 4 + 2] ?? 0);
    }
    for (let cy = 0; cy < h / 2; cy++) {
      for (let cx = 0; cx < w / 2; cx++) {
        const i = (cy * 2 * w + cx * 2) * 4;
        const r = px[i] ?? 0;
        const g = px[i + 1] ?? 0;
        const b = px[i + 2] ?? 0;
        u[cy * (w / 2) + cx] = Math.round(128 - 0.168736 * r - 0.331264 * g + 0.5 * b);
        v[cy * (w / 2) + cx] = Math.round(128 + 0.5 * r - 0.418688 * g - 0.081312 * b);
      }
    }
    parts.push(Buffer.from("FRAME\n"), y, u, v);
  }
  return Buffer.concat(parts);
}

/**
 * Writes a y4m showing `text` as an EAN-13 barcode or a QR code as `shot` says, with a little hand shake between
 * its two frames (the phone moves a few pixels; more frames only cost time to draw). Returns where the code ended up (a pose that would put part of
 * it out of view is brought in, as a person would).
 */
export async function writeCodeY4m(
  file: string,
  kind: "ean13" | "qrcode",
  text: string,
  shot: Shot = IN_THE_BOX,
): Promise<{ codeWidthShare: number; centre: [number, number] }> {
  const code = { kind: kind === "ean13" ? ("ean13" as const) : ("qr" as const), text };
  const shake: [number, number][] = [
    [0, 0],
    [0.002, 0.001],
  ];
  const at = shot.hold.at ?? [0.5, 0.5];
  const frames = [];
  for (const [dx, dy] of shake) {
    // The same seed for every frame: the same phone, hand and room, only moved.
    frames.push(
      await makeCameraFrame(code, shot.look ?? "close", shot, seededRandom(1), {
        ...shot.hold,
        at: [at[0] + dx, at[1] + dy],
      }),
    );
  }
  writeFileSync(
    file,
    y4m(
      frames.map((f) => f.rgba),
      shot.width,
      shot.height,
      10,
    ),
  );
  const first = frames[0];
  if (!first) throw new Error("no frames");
  return first.placement;
}
