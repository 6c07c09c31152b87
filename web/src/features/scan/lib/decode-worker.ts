// Web Worker: decodes the frames the decode plan cuts out of the video with zxing-wasm (the bench's pick) off the main thread. The .wasm comes from the
// bundle (Vite `?url`), never from zxing-wasm's default CDN.
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import wasmUrl from "zxing-wasm/reader/zxing_reader.wasm?url";
import { READER_OPTIONS } from "./reader-options.ts";
import { sharpenLuminance } from "./sharpen.ts";

export type DecodeRequest = { id: number; frame: ImageBitmap; sharpen: boolean };
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
  const { id, frame, sharpen } = event.data;
  try {
    const size = `${frame.width}x${frame.height}`;
    let canvas = canvases.get(size);
    if (!canvas) {
      canvas = new OffscreenCanvas(frame.width, frame.height);
      canvases.set(size, canvas);
    }
    const ctx = canvas.getContext("2d", { willReadFrequently: true });
    if (!ctx) throw new Error("no 2d context in worker");
    ctx.drawImage(frame, 0, 0);
    const image = ctx.getImageData(0, 0, frame.width, frame.height);
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
