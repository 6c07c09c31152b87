// What the teller types or pastes into the manual field: separators dropped, shown as EAN-13 prints it (1 + 6 + 6).
// Anything else stays in the field and blocks submitting: dropping a mistyped letter silently shifted the digits
// and once turned a typo into someone else's valid code. The validity check itself is @stiika/diia/barcode's.
import { isValidEan13 } from "@stiika/diia/barcode";
import { z } from "zod";

const SEPARATORS = /[\s\-‐‑‒–—]/g;

/** Room for a stray character to stay visible next to all 13 digits. */
const MAX_WITH_OTHERS = 20;

/**
 * `input` without separators: all digits → at most 13 of them; otherwise kept as typed (up to 20 characters) with
 * the characters that are not digits listed, for the teller to remove.
 */
export function cleanCodeInput(input: string): { code: string; otherChars: string[] } {
  const code = input.replace(SEPARATORS, "");
  const otherChars = [...new Set(code.replace(/\d/g, ""))];
  return { code: code.slice(0, otherChars.length > 0 ? MAX_WITH_OTHERS : 13), otherChars };
}

/** `2858364170864` → `2 858364 170864`; partial input is grouped as far as it goes, a longer one left as is. */
export function groupEan13(code: string): string {
  if (code.length > 13) return code;
  return [code.slice(0, 1), code.slice(1, 7), code.slice(7, 13)].filter(Boolean).join(" ");
}

/** Form schema: exactly 13 digits with a matching EAN-13 check digit. Issue messages are keys, not copy. */
export const manualCodeSchema = z.object({
  code: z
    .string()
    .regex(/^\d{13}$/, "length")
    .refine(isValidEan13, "checksum"),
});
export type ManualCode = z.infer<typeof manualCodeSchema>;
