import { describe, expect, it } from "vitest";
import { toIsoDate } from "../../src/metadata/lib/dates.ts";
import { cleanText, displayName, toGender } from "../../src/metadata/lib/text.ts";

describe("toIsoDate", () => {
  it.each([
    ["17.01.1997", "1997-01-17"],
    [" 12.09.2018 ", "2018-09-12"],
    ["05.05.2015 00.00.00.000", "2015-05-05"],
    ["05.05.2015 00:00:00", "2015-05-05"],
    ["1.2.2003", "2003-02-01"],
    ["29.02.2024", "2024-02-29"],
    ["22 Жовтня 2017", "2017-10-22"],
    ["1 січня 2020", "2020-01-01"],
    ["31 ГРУДНЯ 1999", "1999-12-31"],
    ["3 березня 2019 р.", "2019-03-03"],
    ["2017-10-22", "2017-10-22"],
  ])("reads %j as %s", (text, iso) => {
    expect(toIsoDate(text)).toBe(iso);
  });

  it.each([
    "31.02.2020",
    "29.02.2023",
    "00.01.2020",
    "12.13.2020",
    "22 Жовтень 2017",
    "22 October 2017",
    "2017/10/22",
    "17.01.97",
    "",
    "не вказано",
  ])("refuses %j", (text) => {
    expect(toIsoDate(text)).toBeUndefined();
  });
});

describe("text helpers", () => {
  it("cleanText trims, collapses whitespace and turns empty into undefined", () => {
    expect(cleanText("  ДНІПРОПЕТРОВСЬКА  \n ОБЛАСТЬ ")).toBe("ДНІПРОПЕТРОВСЬКА ОБЛАСТЬ");
    expect(cleanText("   ")).toBeUndefined();
    expect(cleanText(null)).toBeUndefined();
  });

  it("displayName title-cases capitals, keeps deliberate mixed case", () => {
    expect(displayName("ДІЯ")).toBe("Дія");
    expect(displayName("ЮР'ЇВКА")).toBe("Юр'ївка");
    expect(displayName("ОЛЕКСІЙ’ЄВ")).toBe("Олексій’єв");
    expect(displayName("nadiia")).toBe("Nadiia");
    expect(displayName("McDonald")).toBe("McDonald");
  });

  it("toGender knows the Ukrainian and Latin spellings", () => {
    expect(["Ж", "ж", "Жінка", "F", "f"].map(toGender)).toEqual(["F", "F", "F", "F", "F"]);
    expect(["Ч", "Чоловік", " M "].map(toGender)).toEqual(["M", "M", "M"]);
    expect([undefined, "", "X"].map(toGender)).toEqual([undefined, undefined, undefined]);
  });
});
