import { rnokppCheckDigit } from "@stiika/diia/rnokpp";
import { describe, expect, it } from "vitest";
import {
  ageOn,
  daysBetween,
  expiryFindings,
  localToday,
  minorFindings,
  nameFindings,
  rnokppFindings,
  runChecks,
} from "../src/features/questionnaire/lib/checks.ts";
import { fixturePassport, normalised } from "./support/documents.ts";

// A valid РНОКПП for a birth date, built by the published rule (days since 31.12.1899 + check digit).
function rnokppFor(birthDate: string): string {
  const days = daysBetween("1899-12-31", birthDate);
  const first9 = `${String(days).padStart(5, "0")}0017`;
  return `${first9}${rnokppCheckDigit(first9)}`;
}

describe("date helpers", () => {
  it("counts calendar days and full years", () => {
    expect(daysBetween("2024-02-28", "2024-03-01")).toBe(2); // leap year
    expect(daysBetween("2025-01-10", "2025-01-01")).toBe(-9);
    expect(ageOn("2007-06-15", "2025-06-14")).toBe(17);
    expect(ageOn("2007-06-15", "2025-06-15")).toBe(18);
    expect(ageOn("2008-02-29", "2026-02-28")).toBe(17);
  });
  it("takes today from the device clock, not UTC", () => {
    expect(localToday(new Date(2025, 0, 5, 0, 30))).toBe("2025-01-05");
  });
});

describe("rnokppFindings", () => {
  it("passes a number whose birth date matches", () => {
    expect(rnokppFindings(rnokppFor("1997-01-17"), "1997-01-17")).toEqual([]);
  });
  it("flags a birth date that differs from the number's", () => {
    expect(rnokppFindings(rnokppFor("1997-01-17"), "1997-01-18")).toEqual([
      { code: "RNOKPP_BIRTH_DATE", severity: "error", rnokppDate: "1997-01-17", birthDate: "1997-01-18" },
    ]);
  });
  it("flags a wrong check digit and says nothing for an empty field", () => {
    const good = rnokppFor("1980-05-05");
    const bad = `${good.slice(0, 9)}${(Number(good[9]) + 1) % 10}`;
    expect(rnokppFindings(bad, "1980-05-05").map((f) => f.code)).toEqual(["RNOKPP_INVALID"]);
    expect(rnokppFindings("", "1980-05-05")).toEqual([]);
  });
  it("catches the Diia test citizen's made-up РНОКПП (real fixture)", () => {
    const passport = fixturePassport();
    expect(passport.person.taxpayerNumber).toBe("1234567001");
    const findings = rnokppFindings(passport.person.taxpayerNumber ?? "", passport.person.birthDate);
    expect(findings.map((f) => f.code)).toEqual(["RNOKPP_INVALID"]);
  });
});

describe("expiryFindings", () => {
  const passport = (expirationDate: string) =>
    normalised({ type: "internal-passport", item: { lastNameUA: "Дія", expirationDate } });
  it("marks expired, expiring within 30 days, and leaves valid ones alone", () => {
    const today = "2025-06-01";
    expect(expiryFindings([passport("31.05.2025")], today)).toEqual([
      {
        code: "DOCUMENT_EXPIRED",
        severity: "error",
        documentType: "internal-passport",
        expiryDate: "2025-05-31",
      },
    ]);
    expect(expiryFindings([passport("30.06.2025")], today)).toEqual([
      {
        code: "DOCUMENT_EXPIRING",
        severity: "warning",
        documentType: "internal-passport",
        expiryDate: "2025-06-30",
        daysLeft: 29,
      },
    ]);
    expect(expiryFindings([passport("01.07.2025")], today)).toEqual([]);
  });
  it("reads the real fixture's expiry (12.09.2028)", () => {
    expect(expiryFindings([fixturePassport()], "2028-09-13").map((f) => f.code)).toEqual([
      "DOCUMENT_EXPIRED",
    ]);
    expect(expiryFindings([fixturePassport()], "2028-09-01").map((f) => f.code)).toEqual([
      "DOCUMENT_EXPIRING",
    ]);
  });
});

describe("nameFindings", () => {
  const tax = (last: string, first: string) =>
    normalised({
      type: "taxpayer-card",
      item: { lastNameUA: last, firstNameUA: first, docNumber: "1234567890" },
    });
  it("ignores case and apostrophe variants", () => {
    const passport = normalised({
      type: "internal-passport",
      item: { lastNameUA: "ДЕМ'ЯНЕНКО", firstNameUA: "ОЛЬГА" },
    });
    expect(nameFindings([passport, tax("Демʼяненко", "Ольга")])).toEqual([]);
  });
  it("reports which part differs between which documents", () => {
    expect(nameFindings([fixturePassport(), tax("Дія", "Надежда")])).toEqual([
      {
        code: "NAME_MISMATCH",
        severity: "error",
        part: "firstName",
        documentTypes: ["internal-passport", "taxpayer-card"],
      },
    ]);
  });
});

describe("minorFindings and runChecks", () => {
  it("warns about a client under 18 with the age", () => {
    expect(minorFindings("2010-03-01", "2025-06-01")).toEqual([
      { code: "MINOR", severity: "warning", age: 15 },
    ]);
    expect(minorFindings("1997-01-17", "2025-06-01")).toEqual([]);
  });
  it("uses the form's answers over the documents'", () => {
    const passport = fixturePassport();
    const fixed = runChecks({
      documents: [passport],
      answers: { taxpayerNumber: rnokppFor("1997-01-17"), birthDate: "1997-01-17" },
      today: "2025-06-01",
    });
    expect(fixed).toEqual([]);
    const asSent = runChecks({ documents: [passport], answers: {}, today: "2025-06-01" });
    expect(asSent.map((f) => f.code)).toEqual(["RNOKPP_INVALID"]);
  });
});
