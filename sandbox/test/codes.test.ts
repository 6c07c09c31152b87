// The code registry on a controlled clock: lifetime, single use, and forgetting long-expired codes.
import { describe, expect, it } from "vitest";
import { CodeRegistry } from "../src/state/codes.ts";

const REF = { citizenId: "c1", documentId: "d1", documentType: "internal-passport" as const };

describe("CodeRegistry", () => {
  it("a code is live for its lifetime, then expired; a used code is used", () => {
    let now = Date.parse("2026-11-23T10:00:00Z");
    const codes = new CodeRegistry(180_000, () => new Date(now));
    const code = codes.liveCode(REF);
    expect(codes.stateOf(code)).toBe("live");
    now += 179_999;
    expect(codes.stateOf(code)).toBe("live");
    expect(codes.liveCode(REF)).toBe(code);
    now += 1;
    expect(codes.stateOf(code)).toBe("expired");
    const next = codes.liveCode(REF);
    expect(next.barcode).not.toBe(code.barcode);
    codes.use(next);
    expect(codes.stateOf(next)).toBe("used");
    expect(codes.findByOtp(next.otp)).toBe(next);
  });

  it("forgets codes expired for over an hour, keeps recent ones", () => {
    let now = Date.parse("2026-11-23T10:00:00Z");
    const codes = new CodeRegistry(180_000, () => new Date(now));
    const old = codes.liveCode(REF);
    now += 180_000 + 30 * 60_000;
    const recent = codes.liveCode(REF);
    now += 180_000 + 31 * 60_000;
    codes.liveCode(REF);
    expect(codes.findByBarcode(old.barcode)).toBeUndefined();
    expect(codes.findByOtp(old.otp)).toBeUndefined();
    expect(codes.findByBarcode(recent.barcode)).toBe(recent);
  });
});
