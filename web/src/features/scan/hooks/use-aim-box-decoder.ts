/**
 * While `active`, cuts the aim box out of the live video about 8 times a second (one frame in flight at a time,
 * so a slow device drops towards 5/s rather than queueing), sends it as a 640×480 ImageBitmap to the decode worker
 * and reports each code read.
 *
 * @example
 * useAimBoxDecoder(videoRef, { active: camera.status === "live", onRead: (r) => … });
 */
import { useEffect, useRef } from "react";
import { aimBox, CROP_HEIGHT, CROP_WIDTH } from "../lib/aim-box.ts";
import { createFrameDecoder } from "../lib/frame-decoder.ts";
import { ScanError } from "../lib/scan-error.ts";

const FRAME_INTERVAL_MS = 125;

export function useAimBoxDecoder(
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
    const tick = async () => {
      const started = performance.now();
      const video = videoRef.current;
      if (video && video.readyState >= video.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const box = aimBox(video.videoWidth, video.videoHeight);
        try {
          const frame = await createImageBitmap(video, box.x, box.y, box.width, box.height, {
            resizeWidth: CROP_WIDTH,
            resizeHeight: CROP_HEIGHT,
            resizeQuality: "medium",
          });
          const read = await decoder.decode(frame);
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
