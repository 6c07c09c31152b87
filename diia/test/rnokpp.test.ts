import { describe, expect, it } from "vitest";
import { parseRnokpp, rnokppCheckDigit } from "../src/rnokpp.ts";

// Builds a valid number for a birth date by the published rule, so the expected values are computed, not copied.
function make(birthDate: string, serial: string, genderDigit: number): string {
  const days = (Date.parse(`${birthDate}T00:00:00Z`) - Date.UTC(1899, 11, 31)) / 86_400_000;
  const first9 = `${String(days).padStart(5, "0")}${serial}${genderDigit}`;
  return `${first9}${rnokppCheckDigit(first9)}`;
}

describe("parseRnokpp", () => {
  it("decodes the birth date and sex of a valid number", () => {
    expect(parseRnokpp(make("2000-01-01", "000", 7))).toEqual({
      ok: true,
      birthDate: "2000-01-01",
      gender: "M",
    });
    expect(parseRnokpp(make("1997-01-17", "123", 4))).toEqual({
      ok: true,
      birthDate: "1997-01-17",
      gender: "F",
    });
    expect(parseRnokpp(make("1900-01-01", "555", 1))).toEqual({
      ok: true,
      birthDate: "1900-01-01",
      gender: "M",
    });
  });

  it("knows day 36525 is 2000-01-01 (the rule's anchor, checked by hand)", () => {
    // 36525 days after 31.12.1899: 100 years with 24 leap days (1900 is not one) = 36524 + 1.
    const value = make("2000-01-01", "000", 7);
    expect(value.slice(0, 5)).toBe("36525");
  });

  it("flags every single-digit change as CHECK_DIGIT", () => {
    const good = make("1985-06-30", "246", 3);
    for (let d = 1; d <= 9; d++) {
      const last = (Number(good[9]) + d) % 10;
      expect(parseRnokpp(`${good.slice(0, 9)}${last}`)).toEqual({ ok: false, problem: "CHECK_DIGIT" });
    }
  });

  it("rejects wrong shapes as FORMAT and day zero as DATE", () => {
    for (const bad of ["", "123456789", "12345678901", "12345 6789", "１２３４５６７８９０", "abcdefghij"]) {
      expect(parseRnokpp(bad)).toEqual({ ok: false, problem: "FORMAT" });
    }
    const zero = `00000${"1234"}`;
    expect(parseRnokpp(`${zero}${rnokppCheckDigit(zero)}`)).toEqual({ ok: false, problem: "DATE" });
  });
});
