/**
 * Diia sharing barcodes: 13 digits in EAN-13 symbology (spec §6), valid for 3 minutes and usable once.
 * A citizen reads the digits off the phone or a scanner types them; `parseBarcode` turns that into the
 * canonical 13-digit string with a Ukrainian message on failure, ready for `document-request`.
 *
 * @example
 * import { parseBarcode, generateDiiaBarcode } from "@stiika/diia";
 * parseBarcode(" 2858 3641 7086-4 "); // "2858364170864"
 * parseBarcode("2858364170865");      // throws CitizenCodeError, code "BARCODE_CHECKSUM"
 * generateDiiaBarcode();              // e.g. "4006381333931": first digit 1–9, valid check digit
 */
import { CitizenCodeError } from "./errors.ts";

/**
 * EAN-13 check digit of a 12-digit body: digits weighted 1,3,1,3… from the left, the check digit brings the sum
 * to a multiple of 10.
 *
 * @throws CitizenCodeError `BARCODE_CHARS` for anything but ASCII digits, `BARCODE_LENGTH` unless exactly 12.
 */
export function ean13CheckDigit(body: string): number {
  if (typeof body !== "string" || !/^[0-9]*$/.test(body)) {
    throw new CitizenCodeError("BARCODE_CHARS", "Основа штрихкоду має складатися лише з цифр");
  }
  if (body.length !== 12) {
    throw new CitizenCodeError("BARCODE_LENGTH", "Основа штрихкоду має містити 12 цифр");
  }
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(body[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10;
}

/** Whether `code` is exactly 13 ASCII digits whose last digit is the EAN-13 check digit. No cleaning is done. */
export function isValidEan13(code: string): boolean {
  if (typeof code !== "string" || !/^[0-9]{13}$/.test(code)) return false;
  return ean13CheckDigit(code.slice(0, 12)) === Number(code[12]);
}

/**
 * Cleans what a person typed or a scanner sent (spaces, tabs, hyphens and dashes are dropped) and checks it is a
 * valid EAN-13. Returns the 13 digits.
 *
 * @throws CitizenCodeError `BARCODE_CHARS` (letters or symbols), `BARCODE_LENGTH` (not 13 digits),
 *   `BARCODE_CHECKSUM` (a digit is wrong); the message is Ukrainian and safe to show the citizen.
 */
export function parseBarcode(input: string): string {
  const digits = typeof input === "string" ? input.replace(/[\s\-‐‑‒–—]/g, "") : "";
  if (typeof input !== "string" || !/^[0-9]*$/.test(digits)) {
    throw new CitizenCodeError("BARCODE_CHARS", "Штрихкод має містити лише цифри");
  }
  if (digits.length !== 13) {
    throw new CitizenCodeError(
      "BARCODE_LENGTH",
      `Штрихкод має містити 13 цифр, а введено ${digits.length}. Перевірте код у Дії`,
    );
  }
  if (!isValidEan13(digits)) {
    throw new CitizenCodeError(
      "BARCODE_CHECKSUM",
      "Штрихкод введено з помилкою: перевірте цифри або оновіть код у Дії",
    );
  }
  return digits;
}

/**
 * A fresh barcode the way Diia makes one (spec §6): a random 12-digit body in [100000000000, 999999999999]
 * (so never a leading zero) plus the EAN-13 check digit.
 *
 * @param random returns an integer in [0, max); defaults to Web Crypto (`secureRandomInt`), because a barcode is a bearer
 *   code and must not be guessable. Tests pass their own to replay a sequence.
 */
export function generateDiiaBarcode(random: (max: number) => number = secureRandomInt): string {
  const digit = (max: number): number => {
    const n = random(max);
    if (!Number.isInteger(n) || n < 0 || n >= max) throw new RangeError(`random(${max}) returned ${n}`);
    return n;
  };
  let body = String(1 + digit(9));
  for (let i = 1; i < 12; i++) body += String(digit(10));
  return body + String(ean13CheckDigit(body));
}

/** Uniform integer in [0, max) from Web Crypto (Node and browsers alike), by rejection sampling. */
function secureRandomInt(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const word = new Uint32Array(1);
  do globalThis.crypto.getRandomValues(word);
  while ((word[0] as number) >= limit);
  return (word[0] as number) % max;
}
