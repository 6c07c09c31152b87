// What the teller types or pastes into the manual field: separators dropped, digits kept, shown as EAN-13 prints
// them (1 + 6 + 6). The validity check itself is @stiika/diia/barcode's, never a copy.
import { isValidEan13 } from "@stiika/diia/barcode";
import { z } from "zod";

const SEPARATORS = /[\s\-‐‑‒–—]/g;

/** Digits of `input` (at most 13) and whether anything but digits and separators was dropped. */
export function cleanCodeInput(input: string): { digits: string; hadOtherChars: boolean } {
  const noSeparators = input.replace(SEPARATORS, "");
  const digits = noSeparators.replace(/\D/g, "");
  return { digits: digits.slice(0, 13), hadOtherChars: digits.length !== noSeparators.length };
}

/** `2858364170864` → `2 858364 170864`; partial input is grouped as far as it goes. */
export function groupEan13(digits: string): string {
  return [digits.slice(0, 1), digits.slice(1, 7), digits.slice(7, 13)].filter(Boolean).join(" ");
}

/** Form schema: exactly 13 digits with a matching EAN-13 check digit. Issue messages are keys, not copy. */
export const manualCodeSchema = z.object({
  code: z
    .string()
    .regex(/^\d{13}$/, "length")
    .refine(isValidEan13, "checksum"),
});
export type ManualCode = z.infer<typeof manualCodeSchema>;
