/**
 * Listens for keyboard-wedge (USB/Bluetooth) barcode scanners anywhere on the page: 13 digits in a burst
 * (< 50 ms between keys) and Enter. Keys typed into an input, textarea, select or editable element are the
 * teller's own typing and are ignored.
 *
 * @example
 * useWedgeScanner((digits) => submit(digits), { enabled: !busy });
 */
import { useEffect, useRef } from "react";
import { WEDGE_MAX_GAP_MS, WedgeBuffer } from "../lib/wedge-buffer.ts";

function isEditable(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

export function useWedgeScanner(
  onScan: (digits: string) => void,
  options: { enabled?: boolean; maxGapMs?: number } = {},
): void {
  const { enabled = true, maxGapMs = WEDGE_MAX_GAP_MS } = options;
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;

  useEffect(() => {
    if (!enabled) return;
    const buffer = new WedgeBuffer(maxGapMs);
    const onKeyDown = (event: KeyboardEvent) => {
      if (isEditable(event.target) || event.ctrlKey || event.altKey || event.metaKey) {
        buffer.reset();
        return;
      }
      const digits = buffer.feed(event.key, performance.now());
      if (digits) {
        event.preventDefault(); // the Enter must not also press a focused button
        onScanRef.current(digits);
      }
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, [enabled, maxGapMs]);
}
