import { describe, expect, it } from "vitest";
import { WedgeBuffer } from "../src/features/scan/lib/wedge-buffer.ts";

function typeKeys(buffer: WedgeBuffer, keys: string[], start: number, gap: number): (string | null)[] {
  return keys.map((k, i) => buffer.feed(k, start + i * gap));
}

describe("WedgeBuffer", () => {
  const burst = [..."2858364170864", "Enter"];

  it("when 13 digits and Enter arrive 10 ms apart, then the last key yields the code", () => {
    const out = typeKeys(new WedgeBuffer(), burst, 1000, 10);
    expect(out.slice(0, 13).every((r) => r === null)).toBe(true);
    expect(out[13]).toBe("2858364170864");
  });

  it("when a person types the same keys 120 ms apart, then nothing is scanned", () => {
    expect(typeKeys(new WedgeBuffer(), burst, 1000, 120)).toEqual(Array(14).fill(null));
  });

  it("when a busy browser delivers one key 70 ms late, then the burst still counts", () => {
    const b = new WedgeBuffer();
    const out = burst.map((k, i) => b.feed(k, 1000 + i * 10 + (i >= 5 ? 70 : 0)));
    expect(out[13]).toBe("2858364170864");
  });

  it("when one gap in the burst is 150 ms, then the burst restarts and 13 digits are not reached", () => {
    const b = new WedgeBuffer();
    const out = burst.map((k, i) => b.feed(k, 1000 + i * 10 + (i >= 5 ? 150 : 0)));
    expect(out[13]).toBeNull();
  });

  it("when a fast typist keeps every gap at 70 ms, then the burst is too long to be a scanner", () => {
    expect(typeKeys(new WedgeBuffer(), burst, 1000, 70).at(-1)).toBeNull();
  });

  it("when 12 or 14 digits precede Enter, then nothing is scanned", () => {
    expect(typeKeys(new WedgeBuffer(), [..."285836417086", "Enter"], 0, 5).at(-1)).toBeNull();
    expect(typeKeys(new WedgeBuffer(), [..."28583641708641", "Enter"], 0, 5).at(-1)).toBeNull();
  });

  it("when slow typing is followed by a real burst, then the burst alone is the code", () => {
    const b = new WedgeBuffer();
    typeKeys(b, [..."123"], 0, 300);
    expect(typeKeys(b, burst, 2000, 8).at(-1)).toBe("2858364170864");
  });

  it("when a letter interrupts the burst, then it is not a scan", () => {
    expect(typeKeys(new WedgeBuffer(), [..."285836", "a", ..."4170864", "Enter"], 0, 5).at(-1)).toBeNull();
  });

  it("when Enter comes 200 ms after the 13th digit, then it is not a scan", () => {
    const b = new WedgeBuffer();
    typeKeys(b, [..."2858364170864"], 0, 5);
    expect(b.feed("Enter", 60 + 200)).toBeNull();
  });

  it("honours custom gap and burst limits", () => {
    expect(typeKeys(new WedgeBuffer(100, 2000), burst, 0, 80).at(-1)).toBe("2858364170864");
    expect(typeKeys(new WedgeBuffer(100, 600), burst, 0, 80).at(-1)).toBeNull();
  });
});
