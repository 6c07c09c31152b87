/**
 * РНОКПП (the 10-digit taxpayer number) read without a network call: its check digit, and the birth date and sex it
 * encodes (digits 1–5 are days since 31.12.1899, digit 9 is odd for men). Pure and browser-safe, so the teller's
 * questionnaire can check a number against the document it came with.
 *
 * @example
 * import { parseRnokpp } from "@stiika/diia/rnokpp";
 * parseRnokpp("3652504575"); // { ok: true, birthDate: "2000-01-01", gender: "M" }
 * parseRnokpp("3652504576"); // { ok: false, problem: "CHECK_DIGIT" }
 */

/** Why a text is not a usable РНОКПП. */
export type RnokppProblem = "FORMAT" | "CHECK_DIGIT" | "DATE";

export type RnokppResult =
  | { ok: true /** ISO yyyy-mm-dd */; birthDate: string; gender: "F" | "M" }
  | { ok: false; problem: RnokppProblem };

const WEIGHTS = [-1, 5, 7, 9, 4, 6, 10, 5, 7] as const;
const DAY_MS = 86_400_000;
const EPOCH = Date.UTC(1899, 11, 31);

/** The check digit of the first nine digits. */
export function rnokppCheckDigit(first9: string): number {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (WEIGHTS[i] ?? 0);
  // The first weight is negative, so the sum can be too, and JS `%` keeps the sign.
  return (((sum % 11) + 11) % 11) % 10;
}

/** Checks a РНОКПП (exactly 10 ASCII digits) and decodes its birth date and sex. */
export function parseRnokpp(value: string): RnokppResult {
  if (typeof value !== "string" || !/^[0-9]{10}$/.test(value)) return { ok: false, problem: "FORMAT" };
  if (rnokppCheckDigit(value.slice(0, 9)) !== Number(value[9])) return { ok: false, problem: "CHECK_DIGIT" };
  const days = Number(value.slice(0, 5));
  if (days === 0) return { ok: false, problem: "DATE" };
  return {
    ok: true,
    birthDate: new Date(EPOCH + days * DAY_MS).toISOString().slice(0, 10),
    gender: Number(value[8]) % 2 === 1 ? "M" : "F",
  };
}
