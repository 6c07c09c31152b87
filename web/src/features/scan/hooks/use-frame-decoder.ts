/**
 * While `active`, takes a frame of the live video about 8 times a second (one frame in flight at a time, so a slow
 * device drops towards 5/s rather than queueing), cut and scaled as the decode plan's next pass says, sends it as an
 * ImageBitmap to the decode worker and reports each code read. The passes take turns, so the whole view is read
 * (a code held close, up to the full frame) and small codes at arm's length get their pixels too.
 *
 * @example
 * useFrameDecoder(videoRef, { active: camera.status === "live", onRead: (r) => …, onError });
 */
import { useEffect, useRef } from "react";
import { decodePasses } from "../lib/decode-plan.ts";
import { createFrameDecoder } from "../lib/frame-decoder.ts";
import { ScanError } from "../lib/scan-error.ts";

const FRAME_INTERVAL_MS = 125;

export function useFrameDecoder(
  videoRef: React.RefObject<HTMLVideoElement | null>,
  options: {
    active: boolean;
    onRead: (read: { format: string; text: string }) => void;
    onError: (error: ScanError) => void;
  },
): void {
  const callbacks = useRef(options);
  callbacks.current = options;

  useEffect(() => {
    if (!options.active) return;
    const decoder = createFrameDecoder();
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let tickNo = 0;
    const tick = async () => {
      const started = performance.now();
      const video = videoRef.current;
      if (video && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const passes = decodePasses(video.videoWidth, video.videoHeight);
        const pass = passes[tickNo++ % passes.length];
        try {
          if (!pass) throw new Error("empty decode plan");
          const frame = await createImageBitmap(video, pass.sx, pass.sy, pass.sw, pass.sh, {
            resizeWidth: pass.width,
            resizeHeight: pass.height,
            resizeQuality: "medium",
          });
          const read = await decoder.decode(frame, pass);
          if (read && !stopped) callbacks.current.onRead(read);
        } catch (e) {
          if (!stopped) {
            callbacks.current.onError(
              e instanceof ScanError
                ? e
                : new ScanError("DECODER_FAILED", "frame capture failed", { cause: e }),
            );
          }
          return; // a broken worker will not heal by retrying every 125 ms
        }
      }
      if (!stopped) timer = setTimeout(tick, Math.max(0, FRAME_INTERVAL_MS - (performance.now() - started)));
    };
    timer = setTimeout(tick, 0);
    return () => {
      stopped = true;
      clearTimeout(timer);
      decoder.close();
    };
  }, [options.active, videoRef]);
}
