import { describe, expect, it } from "vitest";
import { parseAppConfig } from "../src/config/app-config.ts";
import { createObjectUrl, revokeAllObjectUrls, revokeObjectUrl } from "../src/lib/object-urls.ts";
import { formatCountdown, formatDate, groupBarcode } from "../src/utils/format.ts";

describe("format", () => {
  it("groups 13 digits like the print under an EAN-13 and leaves other text alone", () => {
    expect(groupBarcode("2858364170864")).toBe("2 858364 170864");
    expect(groupBarcode("12345")).toBe("12345");
  });
  it("writes dates and countdowns the Ukrainian way", () => {
    expect(formatDate("1997-01-17")).toBe("17.01.1997");
    expect(formatDate("колись")).toBe("колись");
    expect(formatCountdown(179_001)).toBe("3:00");
    expect(formatCountdown(61_000)).toBe("1:01");
    expect(formatCountdown(-5)).toBe("0:00");
  });
});

describe("parseAppConfig", () => {
  it("defaults the idle lock to 60 s and reads a configured value", () => {
    expect(parseAppConfig({})).toEqual({ idleLockMs: 60_000 });
    expect(parseAppConfig({ VITE_STIIKA_IDLE_LOCK_SECONDS: "90" })).toEqual({ idleLockMs: 90_000 });
  });
  it("names the variable when it is out of range", () => {
    expect(() => parseAppConfig({ VITE_STIIKA_IDLE_LOCK_SECONDS: "3" })).toThrow(
      /VITE_STIIKA_IDLE_LOCK_SECONDS/,
    );
  });
});

describe("object URLs", () => {
  it("revokes every URL still alive, once", () => {
    const a = createObjectUrl(new Blob(["a"]));
    const b = createObjectUrl(new Blob(["b"]));
    createObjectUrl(new Blob(["c"]));
    revokeObjectUrl(a);
    expect(b.startsWith("blob:")).toBe(true);
    expect(revokeAllObjectUrls()).toBe(2);
    expect(revokeAllObjectUrls()).toBe(0);
  });
});
