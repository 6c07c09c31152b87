// Main-thread side of the decode worker: one frame in flight at a time, the ImageBitmap transferred (not copied).
import type { DecodeRequest, DecodeResponse } from "./decode-worker.ts";
import { ScanError } from "./scan-error.ts";

export interface FrameDecoder {
  /** How the decode plan's pass treats the frame first (tiles: sharpened, some turned). */
  decode(
    frame: ImageBitmap,
    pass?: { sharpen: boolean; rotate: number },
  ): Promise<{ format: string; text: string } | null>;
  close(): void;
}

export function createFrameDecoder(): FrameDecoder {
  const worker = new Worker(new URL("./decode-worker.ts", import.meta.url), { type: "module" });
  let nextId = 0;
  const pending = new Map<number, { resolve: (r: DecodeResponse) => void; reject: (e: unknown) => void }>();
  worker.onmessage = (event: MessageEvent<DecodeResponse>) => {
    pending.get(event.data.id)?.resolve(event.data);
    pending.delete(event.data.id);
  };
  worker.onerror = (event) => {
    for (const p of pending.values())
      p.reject(new ScanError("DECODER_FAILED", "decode worker failed", { cause: event }));
    pending.clear();
  };
  return {
    async decode(frame, { sharpen, rotate } = { sharpen: false, rotate: 0 }) {
      const id = nextId++;
      const response = await new Promise<DecodeResponse>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        worker.postMessage({ id, frame, sharpen, rotate } satisfies DecodeRequest, [frame]);
      });
      if (!response.ok) throw new ScanError("DECODER_FAILED", "decoder failed on a frame");
      return response.result;
    },
    close() {
      worker.terminate();
      pending.clear();
    },
  };
}
