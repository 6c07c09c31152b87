import { describe, expect, it } from "vitest";
import {
  checkRnokpp,
  checkUnzr,
  parseDiiaDate,
  rnokppAgrees,
  unzrAgrees,
} from "../../src/citizens/validators.ts";

describe("checkRnokpp", () => {
  it("when given published valid numbers, then it accepts them and decodes date and gender", () => {
    // Vectors from independent public libraries (python-stdnum doctest, fre5h/rnokpp README).
    expect(checkRnokpp("3652504575")).toEqual({ valid: true, birthday: "01.01.2000", gender: "M" });
    expect(checkRnokpp("3068208400")).toMatchObject({ valid: true, gender: "F" });
    expect(checkRnokpp("1759013776")).toMatchObject({ valid: true });
    expect(checkRnokpp("3184710691")).toMatchObject({ valid: true });
  });

  it("when the day count is 1, then the birth date is 01.01.1900 (epoch 31.12.1899)", () => {
    // Day count 00001, serial 000, gender digit 1; exactly one of the ten last digits must be valid.
    const valid = [...Array(10).keys()].map((c) => `000010001${c}`).filter((n) => checkRnokpp(n).valid);
    expect(valid).toHaveLength(1);
    expect(checkRnokpp(valid[0] ?? "")).toEqual({ valid: true, birthday: "01.01.1900", gender: "M" });
  });

  it("when the check digit is any other digit, then it reports CHECK_DIGIT", () => {
    for (const c of "0123456789") {
      if (c === "5") continue;
      expect(checkRnokpp(`365250457${c}`)).toEqual({ valid: false, problem: "CHECK_DIGIT" });
    }
    expect(checkRnokpp("1759013770")).toEqual({ valid: false, problem: "CHECK_DIGIT" });
  });

  it("when the shape is wrong, then it reports FORMAT", () => {
    for (const bad of ["", "365250457", "36525045750", "365250457a", " 3652504575", "3652-504575"]) {
      expect(checkRnokpp(bad)).toEqual({ valid: false, problem: "FORMAT" });
    }
  });

  it("when the day count is zero, then it reports DATE", () => {
    expect(checkRnokpp("0000000000")).toEqual({ valid: false, problem: "DATE" });
  });
});

describe("checkUnzr", () => {
  it("when the check digit follows 7-3-1 weights mod 10, then it accepts and decodes the date", () => {
    // Worked by hand: 2·7+0+0+0·7+0+1·1+0+1·3+0+0+0+1·1 = 19 → 9.
    expect(checkUnzr("20000101-00019")).toEqual({ valid: true, birthday: "01.01.2000" });
    // 1·7+9·3+9+1·7+0+6+1·7+4·3+0+3·7+8·3+2 = 122 → 2.
    expect(checkUnzr("19910614-03822")).toEqual({ valid: true, birthday: "14.06.1991" });
  });

  it("when the check digit is wrong, then it reports CHECK_DIGIT", () => {
    for (const c of "013456789") {
      expect(checkUnzr(`19910614-0382${c}`)).toEqual({ valid: false, problem: "CHECK_DIGIT" });
    }
  });

  it("when the shape is wrong, then it reports FORMAT", () => {
    // Diia's own test sample carries a shortened "19970117-7001": not a real УНЗР.
    for (const bad of ["19970117-7001", "1991061403822", "19910614-038222", "1991O614-03822", ""]) {
      expect(checkUnzr(bad)).toEqual({ valid: false, problem: "FORMAT" });
    }
  });

  it("when the date does not exist, then it reports DATE", () => {
    // 1·7+9·3+9+9·7+0+2+3·7+0+0+0+0+1 = 130 → 0.
    expect(checkUnzr("19990230-00010")).toEqual({ valid: false, problem: "DATE" });
  });
});

describe("agreement with the person", () => {
  it("when date and gender match, then both agree; any difference breaks agreement", () => {
    expect(rnokppAgrees("3652504575", { birthday: "01.01.2000", gender: "M" })).toBe(true);
    expect(rnokppAgrees("3652504575", { birthday: "01.01.2000", gender: "F" })).toBe(false);
    expect(rnokppAgrees("3652504575", { birthday: "02.01.2000", gender: "M" })).toBe(false);
    expect(rnokppAgrees("3652504570", { birthday: "01.01.2000", gender: "M" })).toBe(false);
    expect(unzrAgrees("20000101-00019", "01.01.2000")).toBe(true);
    expect(unzrAgrees("20000101-00019", "01.01.2001")).toBe(false);
    expect(unzrAgrees("20000101-00018", "01.01.2000")).toBe(false);
  });
});

describe("parseDiiaDate", () => {
  it("when given real and impossible dates, then only real ones parse", () => {
    expect(parseDiiaDate("29.02.2024")).toBe(Date.UTC(2024, 1, 29));
    expect(parseDiiaDate("29.02.2023")).toBeUndefined();
    expect(parseDiiaDate("2024-02-29")).toBeUndefined();
    expect(parseDiiaDate("1.2.2024")).toBeUndefined();
  });
});
