// Web Worker: decodes the frames the decode plan cuts out of the video with zxing-wasm (the bench's pick) off the main thread. The .wasm comes from the
// bundle (Vite `?url`), never from zxing-wasm's default CDN.
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";
import { READER_OPTIONS } from "./reader-options.ts";
import { sharpenLuminance } from "./sharpen.ts";

export type DecodeRequest = { id: number; frame: ImageBitmap; sharpen: boolean; rotate: number };
export type DecodeResponse =
  | { id: number; ok: true; result: { format: string; text: string } | null }
  | { id: number; ok: false };

prepareZXingModule({
  overrides: {
    locateFile: (path: string, prefix: string) => (path.endsWith(".wasm") ? wasmUrl : prefix + path),
  },
});

// One canvas per frame size: the plan's passes alternate sizes, and resizing a canvas reallocates it.
const canvases = new Map<string, OffscreenCanvas>();

self.onmessage = async (event: MessageEvent<DecodeRequest>) => {
  const { id, frame, sharpen, rotate } = event.data;
  try {
    // A turned frame needs its bounding box; the corners it uncovers are mid-gray, neither bar nor space.
    const rad = (rotate * Math.PI) / 180;
    const [cos, sin] = [Math.abs(Math.cos(rad)), Math.abs(Math.sin(rad))];
    const width = Math.round(frame.width * cos + frame.height * sin);
    const height = Math.round(frame.width * sin + frame.height * cos);
    const size = `${width}x${height}`;
    let canvas = canvases.get(size);
    if (!canvas) {
      canvas = new OffscreenCanvas(width, height);
      canvases.set(size, canvas);
    }
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw new Error("no 2d context in worker");
    if (rotate === 0) ctx.drawImage(frame, 0, 0);
    else {
      ctx.fillStyle = "#808080";
      ctx.fillRect(0, 0, width, height);
      ctx.setTransform(1, 0, 0, 1, width / 2, height / 2);
      ctx.rotate(rad);
      ctx.drawImage(frame, -frame.width / 2, -frame.height / 2);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
    }
    const image = ctx.getImageData(0, 0, width, height);
    if (sharpen) sharpenLuminance(image);
    const [first] = await readBarcodes(image, READER_OPTIONS);
    const response: DecodeResponse = {
      id,
      ok: true,
      result: first ? { format: first.format, text: first.text } : null,
    };
    self.postMessage(response);
  } catch {
    self.postMessage({ id, ok: false } satisfies DecodeResponse);
  } finally {
    frame.close();
  }
};
