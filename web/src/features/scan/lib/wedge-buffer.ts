// Keyboard-wedge scanners "type" the 13 digits in a burst and press Enter: a few ms per key, though a busy browser
// may deliver single keys late. So a scan is exactly 13 digits then Enter with no gap over WEDGE_MAX_GAP_MS and
// the whole burst within WEDGE_MAX_BURST_MS; even a fast typist needs well over a second for 13 digits.

export const WEDGE_MAX_GAP_MS = 100;
export const WEDGE_MAX_BURST_MS = 600;

export class WedgeBuffer {
  private digits = "";
  private first = Number.NEGATIVE_INFINITY;
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly maxGapMs = WEDGE_MAX_GAP_MS,
    private readonly maxBurstMs = WEDGE_MAX_BURST_MS,
  ) {}

  /** Feeds one key (`KeyboardEvent.key`) pressed at `now` ms; returns the 13 digits when this key completes a scan. */
  feed(key: string, now: number): string | null {
    const inBurst = now - this.last < this.maxGapMs;
    if (/^[0-9]$/.test(key)) {
      if (!inBurst) {
        this.digits = "";
        this.first = now;
      }
      this.digits += key;
      this.last = now;
      return null;
    }
    const quick = inBurst && now - this.first <= this.maxBurstMs;
    const scanned = key === "Enter" && quick && this.digits.length === 13 ? this.digits : null;
    this.reset();
    return scanned;
  }

  /** Whether a digit came within `withinMs` before `now`: an Enter then ends a (maybe too slow) scanner burst. */
  hadDigitWithin(now: number, withinMs: number): boolean {
    return this.digits.length > 0 && now - this.last < withinMs;
  }

  reset(): void {
    this.digits = "";
    this.first = Number.NEGATIVE_INFINITY;
    this.last = Number.NEGATIVE_INFINITY;
  }
}
