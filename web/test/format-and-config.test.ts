import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createObjectUrl, revokeAllObjectUrls, revokeObjectUrl } from "../src/lib/object-urls.ts";
import {
  addYears,
  formatCountdown,
  formatDate,
  formatKyivDateTime,
  groupBarcode,
  isIsoDate,
  maskDate,
  parseDate,
} from "../src/utils/format.ts";

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
  it("writes an instant as the Kyiv wall clock shows it, summer and winter, whatever the machine's zone", () => {
    expect(formatKyivDateTime("2026-12-01T12:05:00.000Z", "uk")).toBe("01.12.2026, 14:05");
    expect(formatKyivDateTime("2026-07-01T21:30:00.000Z", "uk")).toBe("02.07.2026, 00:30");
    expect(formatKyivDateTime("2026-12-01T12:05:00.000Z", "en")).toBe("01/12/2026, 14:05");
  });
});

describe("dates typed as дд.мм.рррр", () => {
  it("adds the dots as digits come and stops at a four-digit year", () => {
    expect(maskDate("1")).toBe("1");
    expect(maskDate("170")).toBe("17.0");
    expect(maskDate("17011997")).toBe("17.01.1997");
    expect(maskDate("17.01.1997")).toBe("17.01.1997");
    // year 112233: the native date input took it; here the ninth digit never lands
    expect(maskDate("0101112233")).toBe("01.01.1122");
    expect(maskDate("1.2.2026")).toBe("1.2.2026");
    expect(maskDate("17/01/1997")).toBe("17.01.1997");
  });
  it("reads only real days", () => {
    expect(parseDate("17.01.1997")).toBe("1997-01-17");
    expect(parseDate("1.2.2026")).toBe("2026-02-01");
    expect(parseDate("31.02.2026")).toBeNull();
    expect(parseDate("29.02.2024")).toBe("2024-02-29");
    expect(parseDate("01/17/1997")).toBeNull();
    expect(parseDate("17.01.112233")).toBeNull();
    expect(isIsoDate("112233-01-01")).toBe(false);
    expect(isIsoDate("2026-13-01")).toBe(false);
  });
  it("moves by years, a leap day landing on 28 February", () => {
    expect(addYears("2026-03-01", 2)).toBe("2028-03-01");
    expect(addYears("2024-02-29", 1)).toBe("2025-02-28");
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

describe("the service worker", () => {
  // The signing's deeplink, its application PDF and every other /api answer carry personal data.
  const config = readFileSync(new URL("../../vite.config.ts", import.meta.url), "utf8");
  it("caches no /api answer at run time and never answers an /api navigation with the shell", () => {
    expect(config).toMatch(/runtimeCaching: \[\],/);
    const denylist = /navigateFallbackDenylist: \[\/(.+)\/\]/.exec(config)?.[1];
    expect(denylist).toBeDefined();
    const deny = new RegExp(denylist ?? "^$");
    for (const path of ["/api/signings/5b0c6a2e/pdf", "/api/signings/5b0c6a2e?wait=25", "/api"])
      expect(deny.test(path)).toBe(true);
    expect(deny.test("/requests/r1")).toBe(false);
  });
});
