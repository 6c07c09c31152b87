import { describe, expect, it } from "vitest";
import { aimBox } from "../src/features/scan/lib/aim-box.ts";

describe("aimBox", () => {
  it("is a centred 4:3 box of 60 % height on a 1080p landscape frame", () => {
    expect(aimBox(1920, 1080)).toEqual({ x: 528, y: 216, width: 864, height: 648 });
  });
  it("narrows to 90 % of the width on a portrait frame and stays 4:3", () => {
    const box = aimBox(720, 1280);
    expect(box).toEqual({ x: 36, y: 397, width: 648, height: 486 });
  });
  it("on a 640×480 frame is a centred 384×288 box", () => {
    expect(aimBox(640, 480)).toEqual({ x: 128, y: 96, width: 384, height: 288 });
  });
});
