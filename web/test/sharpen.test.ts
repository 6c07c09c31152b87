// The tile pass's unsharp mask: a blurred bar edge comes back steeper, flat areas stay as they were, colour
// becomes luminance (what zxing reads), and the image's edges are handled without reading outside it.
import { describe, expect, it } from "vitest";
import { sharpenLuminance } from "../src/features/scan/lib/sharpen.ts";

/** A width × 8 image whose columns go dark → light across a soft edge (a blurred bar's side). */
function softEdge(width: number): ImageData {
  const data = new Uint8ClampedArray(width * 8 * 4);
  for (let y = 0; y < 8; y++)
    for (let x = 0; x < width; x++) {
      const v = Math.round(40 + 180 / (1 + Math.exp(-(x - width / 2) / 3)));
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  return { data, width, height: 8, colorSpace: "srgb" } as ImageData;
}
const column = (img: ImageData, x: number) => img.data[(3 * img.width + x) * 4] as number;

describe("sharpenLuminance", () => {
  it("steepens a soft edge and leaves flat areas alone", () => {
    const img = softEdge(40);
    const before = Array.from({ length: 40 }, (_, x) => column(img, x));
    sharpenLuminance(img);
    const after = Array.from({ length: 40 }, (_, x) => column(img, x));
    // The ramp between dark and light (columns between 25 % and 75 % of the way) gets narrower.
    const ramp = (c: number[]) => c.filter((v) => v > 40 + 0.25 * 180 && v < 40 + 0.75 * 180).length;
    expect(ramp(before)).toBeGreaterThanOrEqual(4);
    expect(ramp(after)).toBeLessThan(ramp(before));
    expect(after[2]).toBeCloseTo(before[2] as number, -1);
    expect(after[37]).toBeCloseTo(before[37] as number, -1);
    // Overshoot is clamped to the byte range, not wrapped.
    for (const v of after) expect(v).toBeGreaterThanOrEqual(0);
  });

  it("writes luminance as gray and keeps alpha", () => {
    const data = new Uint8ClampedArray(6 * 6 * 4);
    for (let i = 0; i < 36; i++) data.set([200, 10, 10, 255], i * 4);
    const img = { data, width: 6, height: 6, colorSpace: "srgb" } as ImageData;
    sharpenLuminance(img);
    const lum = Math.round(0.299 * 200 + 0.587 * 10 + 0.114 * 10);
    for (let i = 0; i < 36; i++) {
      expect([data[i * 4], data[i * 4 + 1], data[i * 4 + 2]]).toEqual([lum, lum, lum]);
      expect(data[i * 4 + 3]).toBe(255);
    }
  });

  it("handles images narrower than the kernel", () => {
    const img = softEdge(3);
    sharpenLuminance(img);
    expect(Array.from(img.data).every((v) => Number.isFinite(v))).toBe(true);
  });
});
