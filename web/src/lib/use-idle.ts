/**
 * Calls `onIdle` once after `ms` without input (keys, pointer, touch, wheel) while `enabled`; `warnMs` before
 * that, `onWarn` — and `onActive` when input comes after the warning (the lock is called off). A code scanned by a
 * keyboard wedge is keyboard input too, so scanning keeps the screen awake.
 *
 * @example
 * useIdle(120_000, lock, { enabled: signedIn && !locked, warnMs: 15_000, onWarn: showWarning, onActive: hideWarning });
 */
import { useEffect, useRef } from "react";

const EVENTS = ["keydown", "pointerdown", "pointermove", "wheel", "touchstart"] as const;

export function useIdle(
  ms: number,
  onIdle: () => void,
  {
    enabled,
    warnMs = 0,
    onWarn,
    onActive,
  }: { enabled: boolean; warnMs?: number; onWarn?: () => void; onActive?: () => void },
): void {
  const callbacks = useRef({ onIdle, onWarn, onActive });
  callbacks.current = { onIdle, onWarn, onActive };

  useEffect(() => {
    if (!enabled) return;
    const warnAfter = Math.max(0, ms - warnMs);
    let warned = false;
    let idleTimer = 0;
    let warnTimer = 0;
    const start = () => {
      idleTimer = window.setTimeout(() => callbacks.current.onIdle(), ms);
      if (warnMs > 0)
        warnTimer = window.setTimeout(() => {
          warned = true;
          callbacks.current.onWarn?.();
        }, warnAfter);
    };
    const reset = () => {
      window.clearTimeout(idleTimer);
      window.clearTimeout(warnTimer);
      if (warned) {
        warned = false;
        callbacks.current.onActive?.();
      }
      start();
    };
    start();
    for (const event of EVENTS) window.addEventListener(event, reset, { passive: true, capture: true });
    return () => {
      window.clearTimeout(idleTimer);
      window.clearTimeout(warnTimer);
      if (warned) callbacks.current.onActive?.();
      for (const event of EVENTS) window.removeEventListener(event, reset, { capture: true });
    };
  }, [ms, enabled, warnMs]);
}
