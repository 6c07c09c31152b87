// Display helpers shared by features: dates as Ukrainians write them, countdowns, grouped barcode digits.

/** "2858364170864" → "2 858364 170864" (as printed under an EAN-13); other text is returned unchanged. */
export function groupBarcode(code: string): string {
  return /^[0-9]{13}$/.test(code) ? `${code[0]} ${code.slice(1, 7)} ${code.slice(7)}` : code;
}

/** ISO "1997-01-17" → "17.01.1997"; anything else unchanged. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** Milliseconds left → "m:ss" (never negative). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}
