/**
 * Listens for keyboard-wedge (USB/Bluetooth) barcode scanners anywhere on the page: 13 digits in a burst and Enter
 * (timing in `WedgeBuffer`). Only keys into a field the teller types in (a text input, textarea, editable element)
 * are theirs and ignored; a focused select, button or switch does not swallow a burst — focus stays on the service
 * list right after the teller picks a service, and the scan must count there.
 *
 * @example
 * useWedgeScanner((digits) => submit(digits), { enabled: !busy });
 */
import { useEffect, useRef } from "react";
import { WEDGE_MAX_GAP_MS, WedgeBuffer } from "../lib/wedge-buffer.ts";

/** An Enter this soon after digits on a focused control is a scanner's, even from a burst too slow to count. */
const BURST_ENTER_MS = 1_000;

// Input types a person types characters into; the rest (checkbox, radio, button, range, color, file) take no text.
const TEXT_INPUT_TYPES = new Set([
  "text",
  "search",
  "tel",
  "url",
  "email",
  "password",
  "number",
  "date",
  "datetime-local",
  "month",
  "week",
  "time",
]);

function isTextEntry(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable || target instanceof HTMLTextAreaElement) return true;
  return target instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(target.type);
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
      if (isTextEntry(event.target) || event.ctrlKey || event.altKey || event.metaKey) {
        buffer.reset();
        return;
      }
      const now = performance.now();
      // The Enter ending a burst must not also press a focused button or open a focused list (whose popup would
      // then take the next burst's keys), even when the burst was too slow to be a scan.
      const onControl = event.target instanceof HTMLElement && event.target !== document.body;
      const burstEnter = event.key === "Enter" && onControl && buffer.hadDigitWithin(now, BURST_ENTER_MS);
      const digits = buffer.feed(event.key, now);
      if (digits || burstEnter) event.preventDefault();
      if (digits) onScanRef.current(digits);
    };
    document.addEventListener("keydown", onKeyDown, true);
    return () => document.removeEventListener("keydown", onKeyDown, true);
  }, [enabled, maxGapMs]);
}
