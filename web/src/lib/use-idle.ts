/**
 * Calls `onIdle` once after `ms` without input (keys, pointer, touch, wheel) while `enabled`. A code scanned by a
 * keyboard wedge is keyboard input too, so scanning keeps the screen awake.
 *
 * @example
 * useIdle(60_000, lock, { enabled: signedIn && !locked });
 */
import { useEffect, useRef } from "react";

const EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export function useIdle(ms: number, onIdle: () => void, { enabled }: { enabled: boolean }): void {
  const callback = useRef(onIdle);
  callback.current = onIdle;

  useEffect(() => {
    if (!enabled) return;
    let timer = window.setTimeout(() => callback.current(), ms);
    const reset = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => callback.current(), ms);
    };
    for (const event of EVENTS) window.addEventListener(event, reset, { passive: true, capture: true });
    return () => {
      window.clearTimeout(timer);
      for (const event of EVENTS) window.removeEventListener(event, reset, { capture: true });
    };
  }, [ms, enabled]);
}
