import { describe, expect, it } from "vitest";
import { aimBox } from "../src/features/scan/lib/aim-box.ts";
import { decodePasses } from "../src/features/scan/lib/decode-plan.ts";

describe("decodePasses", () => {
  it("at 720p reads the whole frame at 960 and at full size, then a corner tile enlarged to 1152, in turn", () => {
    const passes = decodePasses(1280, 720);
    expect(passes).toHaveLength(36);
    expect(passes.slice(0, 3)).toEqual([
      { sx: 0, sy: 0, sw: 1280, sh: 720, width: 960, height: 540, sharpen: false, rotate: 0 },
      { sx: 0, sy: 0, sw: 1280, sh: 720, width: 1280, height: 720, sharpen: false, rotate: 0 },
      { sx: 0, sy: 0, sw: 768, sh: 432, width: 1152, height: 648, sharpen: true, rotate: 0 },
    ]);
  });

  it("at 1080p: the whole frame at 960 and 1280, and four overlapping corner tiles, one after each pair", () => {
    const passes = decodePasses(1920, 1080);
    expect(passes).toHaveLength(36);
    const whole = (width: number, height: number) => ({
      sx: 0,
      sy: 0,
      sw: 1920,
      sh: 1080,
      width,
      height,
      sharpen: false,
      rotate: 0,
    });
    // Every tick but every third reads the whole view, so a code held close is read at once whatever the tiles do.
    passes.forEach((p, i) => {
      if (i % 3 === 0) expect(p).toEqual(whole(960, 540));
      if (i % 3 === 1) expect(p).toEqual(whole(1280, 720));
    });
    // The tiles go round straight, then turned 20° one way, then the other.
    expect(passes.filter((_, i) => i % 3 === 2).map((t) => t.rotate)).toEqual([
      0, 0, 0, 0, 20, 20, 20, 20, -20, -20, -20, -20,
    ]);
    const tiles = passes.filter((_, i) => i % 3 === 2).slice(0, 4);
    expect(tiles.map((t) => [t.sx, t.sy, t.sw, t.sh, t.width, t.sharpen])).toEqual([
      [0, 0, 1152, 648, 1152, true],
      [768, 0, 1152, 648, 1152, true],
      [0, 432, 1152, 648, 1152, true],
      [768, 432, 1152, 648, 1152, true],
    ]);
    // Any code up to a fifth of the frame (384 × 216 px) lies whole in some tile, wherever it is.
    for (let x = 0; x + 384 <= 1920; x += 32)
      for (let y = 0; y + 216 <= 1080; y += 24)
        expect(
          tiles.some((t) => x >= t.sx && y >= t.sy && x + 384 <= t.sx + t.sw && y + 216 <= t.sy + t.sh),
        ).toBe(true);
  });

  it("every pass covers far more than the aim box, and a small frame is read whole as it is", () => {
    const box = aimBox(1920, 1080);
    for (const p of decodePasses(1920, 1080)) expect(p.sw * p.sh).toBeGreaterThan(box.width * box.height);
    expect(decodePasses(640, 480)).toEqual([
      { sx: 0, sy: 0, sw: 640, sh: 480, width: 640, height: 480, sharpen: false, rotate: 0 },
    ]);
  });
});
