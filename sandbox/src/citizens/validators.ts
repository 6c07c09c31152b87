/**
 * Checks of the two Ukrainian personal numbers that carry a birth date, so demo data can prove it is coherent.
 *
 * - РНОКПП (taxpayer number, 10 digits): digits 1–5 = days since 31.12.1899, digit 9 = gender (odd male, even
 *   female), digit 10 = (Σ dᵢ·wᵢ mod 11) mod 10 with weights −1,5,7,9,4,6,10,5,7.
 * - УНЗР (registry record number, `yyyymmdd-NNNNC`): the birth date, a 4-digit serial and a check digit computed
 *   like the ICAO 9303 machine-readable zone (weights 7,3,1 repeating, mod 10) over the 12 digits.
 *
 * @example
 * checkRnokpp("3652504575") // { valid: true, birthday: "01.01.2000", gender: "M" }
 * checkUnzr("20000101-00019") // { valid: true, birthday: "01.01.2000" }
 * rnokppAgrees("3652504575", { birthday: "01.01.2000", gender: "M" }) // true
 */

export type Gender = "M" | "F";
export type NumberProblem = "FORMAT" | "CHECK_DIGIT" | "DATE";
export type RnokppCheck =
  | { valid: true; birthday: string; gender: Gender }
  | { valid: false; problem: NumberProblem };
export type UnzrCheck = { valid: true; birthday: string } | { valid: false; problem: NumberProblem };

const RNOKPP_WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
const MRZ_WEIGHTS = [7, 3, 1] as const;
const DAY_MS = 86_400_000;
const RNOKPP_EPOCH = Date.UTC(1899, 11, 31);

function digits(text: string): number[] {
  return [...text].map(Number);
}

function rnokppCheckDigit(first9: string): number {
  const sum = digits(first9).reduce((acc, d, i) => acc + d * (RNOKPP_WEIGHTS[i] ?? 0), 0);
  // The first weight is negative, so the sum can be too, and JS `%` keeps the sign.
  return (((sum % 11) + 11) % 11) % 10;
}

function unzrCheckDigit(first12: string): number {
  return digits(first12).reduce((acc, d, i) => acc + d * (MRZ_WEIGHTS[i % 3] ?? 0), 0) % 10;
}

function formatDate(utcMs: number): string {
  const d = new Date(utcMs);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(d.getUTCDate())}.${pad(d.getUTCMonth() + 1)}.${d.getUTCFullYear()}`;
}

/** Parses Diia's `dd.mm.yyyy` into UTC milliseconds; undefined for anything that is not a real calendar date. */
export function parseDiiaDate(text: string): number | undefined {
  const m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (!m) return undefined;
  const [day, month, year] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(year, month - 1, day);
  return formatDate(ms) === text ? ms : undefined;
}

/** Validates a РНОКПП and decodes the birth date and gender it carries. */
export function checkRnokpp(value: string): RnokppCheck {
  if (!/^\d{10}$/.test(value)) return { valid: false, problem: "FORMAT" };
  if (rnokppCheckDigit(value.slice(0, 9)) !== Number(value[9]))
    return { valid: false, problem: "CHECK_DIGIT" };
  const days = Number(value.slice(0, 5));
  if (days === 0) return { valid: false, problem: "DATE" };
  return {
    valid: true,
    birthday: formatDate(RNOKPP_EPOCH + days * DAY_MS),
    gender: Number(value[8]) % 2 === 1 ? "M" : "F",
  };
}

/** Validates a УНЗР (`yyyymmdd-NNNNC`) and decodes the birth date it carries. */
export function checkUnzr(value: string): UnzrCheck {
  const m = /^(\d{4})(\d{2})(\d{2})-(\d{4})(\d)$/.exec(value);
  if (!m) return { valid: false, problem: "FORMAT" };
  const [, year, month, day, serial, check] = m;
  if (unzrCheckDigit(`${year}${month}${day}${serial}`) !== Number(check)) {
    return { valid: false, problem: "CHECK_DIGIT" };
  }
  const birthday = `${day}.${month}.${year}`;
  if (parseDiiaDate(birthday) === undefined) return { valid: false, problem: "DATE" };
  return { valid: true, birthday };
}

/** Whether a РНОКПП is valid and encodes exactly this birth date (`dd.mm.yyyy`) and gender. */
export function rnokppAgrees(rnokpp: string, person: { birthday: string; gender: Gender }): boolean {
  const check = checkRnokpp(rnokpp);
  return check.valid && check.birthday === person.birthday && check.gender === person.gender;
}

/** Whether a УНЗР is valid and starts with this birth date (`dd.mm.yyyy`). */
export function unzrAgrees(unzr: string, birthday: string): boolean {
  const check = checkUnzr(unzr);
  return check.valid && check.birthday === birthday;
}
