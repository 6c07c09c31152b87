// Keyboard-wedge scanners "type" the 13 digits in a burst and press Enter. A person is far slower than the gap
// limit, so a burst of exactly 13 digits then Enter is a scan; anything slower or different is typing.

export const WEDGE_MAX_GAP_MS = 50;

export class WedgeBuffer {
  private digits = "";
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly maxGapMs = WEDGE_MAX_GAP_MS) {}

  /** Feeds one key (`KeyboardEvent.key`) pressed at `now` ms; returns the 13 digits when this key completes a scan. */
  feed(key: string, now: number): string | null {
    const inBurst = now - this.last < this.maxGapMs;
    if (/^[0-9]$/.test(key)) {
      this.digits = (inBurst ? this.digits : "") + key;
      this.last = now;
      return null;
    }
    const scanned = key === "Enter" && inBurst && this.digits.length === 13 ? this.digits : null;
    this.reset();
    return scanned;
  }

  reset(): void {
    this.digits = "";
    this.last = Number.NEGATIVE_INFINITY;
  }
}
