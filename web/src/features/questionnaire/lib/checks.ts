/**
 * The checks a teller would otherwise do by eye, as pure functions of the shared documents, the form's answers and
 * today's date: РНОКПП check digit and its birth date, expired or expiring documents, names, birth dates and РНОКПП
 * that disagree between documents, a minor client, and — when the service's documents are not all in — that the
 * comparison with the missing ones was not made. Each finding has a stable `code` (the UI words it in i18n).
 *
 * @example
 * runChecks({ documents, answers: { taxpayerNumber: "3652504575", birthDate: "2000-01-02" }, today: "2025-06-01" });
 * // [{ code: "RNOKPP_BIRTH_DATE", severity: "error", rnokppDate: "2000-01-01", birthDate: "2000-01-02" }]
 */

import type { Answers } from "@stiika/api";
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { parseRnokpp } from "@stiika/diia/rnokpp";

export type Finding =
  | { code: "RNOKPP_INVALID"; severity: "error" }
  | { code: "RNOKPP_BIRTH_DATE"; severity: "error"; rnokppDate: string; birthDate: string }
  | { code: "DOCUMENT_EXPIRED"; severity: "error"; documentType: string; expiryDate: string }
  | {
      code: "DOCUMENT_EXPIRING";
      severity: "warning";
      documentType: string;
      expiryDate: string;
      daysLeft: number;
    }
  | { code: "NAME_MISMATCH"; severity: "error"; part: NamePart; documentTypes: [string, string] }
  | { code: "BIRTH_DATE_MISMATCH"; severity: "error"; documentTypes: [string, string] }
  | { code: "RNOKPP_MISMATCH"; severity: "error"; documentTypes: [string, string] }
  | { code: "MINOR"; severity: "warning"; age: number }
  /** The service asks for documents that have not arrived: what compares them was not done. */
  | { code: "NOT_CHECKED"; severity: "warning"; missing: string[] };

type NamePart = "lastName" | "firstName" | "middleName";

/** Days before expiry from which a document counts as expiring. */
export const EXPIRING_DAYS = 30;

const ISO = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Whole days from `from` to `to` (ISO dates, calendar days, no time zone drift). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** Full years of a person born on `birthDate` on `today` (both ISO). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/** Today's date as ISO in the device's own time zone (the counter's day, not UTC's). */
export function localToday(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

// Names are compared as people read them: case, apostrophe variants and spacing do not make a difference.
function sameName(a: string, b: string): boolean {
  const norm = (s: string) =>
    s
      .toLocaleLowerCase("uk")
      .replace(/[’'ʼ`‘]/g, "ʼ")
      .replace(/[\s-]+/g, " ")
      .trim();
  return norm(a) === norm(b);
}

export function rnokppFindings(taxpayerNumber: string, birthDate: string | undefined): Finding[] {
  if (!taxpayerNumber) return [];
  const parsed = parseRnokpp(taxpayerNumber);
  if (!parsed.ok) return [{ code: "RNOKPP_INVALID", severity: "error" }];
  if (birthDate && ISO.test(birthDate) && parsed.birthDate !== birthDate) {
    return [{ code: "RNOKPP_BIRTH_DATE", severity: "error", rnokppDate: parsed.birthDate, birthDate }];
  }
  return [];
}

export function expiryFindings(documents: readonly NormalisedDocument[], today: string): Finding[] {
  const findings: Finding[] = [];
  for (const d of documents) {
    const expiryDate = d.document.expiryDate;
    if (!expiryDate || !ISO.test(expiryDate)) continue;
    const daysLeft = daysBetween(today, expiryDate);
    if (daysLeft < 0)
      findings.push({ code: "DOCUMENT_EXPIRED", severity: "error", documentType: d.type, expiryDate });
    else if (daysLeft < EXPIRING_DAYS) {
      findings.push({
        code: "DOCUMENT_EXPIRING",
        severity: "warning",
        documentType: d.type,
        expiryDate,
        daysLeft,
      });
    }
  }
  return findings;
}

export function nameFindings(documents: readonly NormalisedDocument[]): Finding[] {
  const findings: Finding[] = [];
  for (const part of ["lastName", "firstName", "middleName"] as const) {
    const named = documents.filter((d) => d.person[part]?.uk);
    const first = named[0];
    const other = named.find((d) => !sameName(d.person[part]?.uk ?? "", first?.person[part]?.uk ?? ""));
    if (first && other) {
      findings.push({
        code: "NAME_MISMATCH",
        severity: "error",
        part,
        documentTypes: [first.type, other.type],
      });
    }
  }
  return findings;
}

/** The first two documents that state `value` differently, if any. */
function disagreeing(
  documents: readonly NormalisedDocument[],
  value: (d: NormalisedDocument) => string | undefined,
): [string, string] | null {
  const stated = documents.filter((d) => value(d));
  const first = stated[0];
  const other = stated.find((d) => value(d) !== value(first as NormalisedDocument));
  return first && other ? [first.type, other.type] : null;
}

export function agreementFindings(documents: readonly NormalisedDocument[]): Finding[] {
  const findings: Finding[] = [];
  const birth = disagreeing(documents, (d) => d.person.birthDate);
  if (birth) findings.push({ code: "BIRTH_DATE_MISMATCH", severity: "error", documentTypes: birth });
  const rnokpp = disagreeing(documents, (d) => d.person.taxpayerNumber?.replace(/\s/g, ""));
  if (rnokpp) findings.push({ code: "RNOKPP_MISMATCH", severity: "error", documentTypes: rnokpp });
  return findings;
}

export function minorFindings(birthDate: string | undefined, today: string): Finding[] {
  if (!birthDate || !ISO.test(birthDate)) return [];
  const age = ageOn(birthDate, today);
  return age < 18 ? [{ code: "MINOR", severity: "warning", age }] : [];
}

/** Every finding for the current answers; the form's birth date wins over the documents' (the teller may fix it). */
export function runChecks({
  documents,
  answers,
  today,
  missing = [],
}: {
  documents: readonly NormalisedDocument[];
  answers: Partial<Answers>;
  today: string;
  /** Types the service asks for that have not arrived (nothing to compare them with). */
  missing?: readonly string[];
}): Finding[] {
  const birthDate = answers.birthDate || documents.find((d) => d.person.birthDate)?.person.birthDate;
  const taxpayerNumber =
    answers.taxpayerNumber ?? documents.find((d) => d.person.taxpayerNumber)?.person.taxpayerNumber;
  return [
    ...rnokppFindings(taxpayerNumber ?? "", birthDate),
    ...expiryFindings(documents, today),
    ...nameFindings(documents),
    ...agreementFindings(documents),
    ...minorFindings(birthDate, today),
    ...(missing.length > 0
      ? [{ code: "NOT_CHECKED", severity: "warning", missing: [...missing] } satisfies Finding]
      : []),
  ];
}
