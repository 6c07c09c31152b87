// Kyiv wall-clock time for printed moments (the application PDF, the sandbox's copies and file names), across
// the spring and autumn clock changes and midnight, whatever zone the machine runs in.
import { expect, it } from "vitest";
import { kyivDateTime, kyivParts } from "../src/dates.ts";

it("prints Kyiv time: UTC+2 in winter, UTC+3 in summer, the day rolling over at Kyiv's midnight", () => {
  expect(kyivDateTime(new Date("2026-01-15T21:59:00Z"))).toBe("15.01.2026 23:59");
  expect(kyivDateTime(new Date("2026-01-15T22:00:00Z"))).toBe("16.01.2026 00:00");
  // 29 March 2026: 03:00 EET becomes 04:00 EEST at 01:00 UTC.
  expect(kyivDateTime(new Date("2026-03-29T00:59:00Z"))).toBe("29.03.2026 02:59");
  expect(kyivDateTime(new Date("2026-03-29T01:00:00Z"))).toBe("29.03.2026 04:00");
  // 25 October 2026: 04:00 EEST becomes 03:00 EET at 01:00 UTC.
  expect(kyivDateTime(new Date("2026-10-25T00:30:00Z"))).toBe("25.10.2026 03:30");
  expect(kyivDateTime(new Date("2026-10-25T01:30:00Z"))).toBe("25.10.2026 03:30");
});

it("gives zero-padded parts with seconds, hours 00–23", () => {
  expect(kyivParts(new Date("2026-07-04T21:05:09Z"))).toEqual({
    day: "05",
    month: "07",
    year: "2026",
    hour: "00",
    minute: "05",
    second: "09",
  });
});
