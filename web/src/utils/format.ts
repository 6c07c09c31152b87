// Display helpers shared by features: dates as Ukrainians write them, countdowns, grouped barcode digits.
import { isIsoDate } from "@stiika/api";

// The calendar checks live with the questionnaire templates in @stiika/api (their date rules use them).
export { addYears, isIsoDate } from "@stiika/api";

/** "2858364170864" → "2 858364 170864" (as printed under an EAN-13); other text is returned unchanged. */
export function groupBarcode(code: string): string {
  return /^[0-9]{13}$/.test(code) ? `${code[0]} ${code.slice(1, 7)} ${code.slice(7)}` : code;
}

/** ISO "1997-01-17" → "17.01.1997"; anything else unchanged. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}

/** "17.01.1997" (or "17.1.1997") → "1997-01-17" when it is a real day; otherwise null. */
export function parseDate(text: string): string | null {
  const m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2]?.padStart(2, "0")}-${m[1]?.padStart(2, "0")}`;
  return isIsoDate(iso) ? iso : null;
}

/**
 * What a date field shows while the teller types: digits become "дд.мм.рррр" (dots added as they go, at most 8
 * digits, so no year 112233); typed dots are kept where the teller put them ("1.2.2026"). Other characters go.
 */
export function maskDate(text: string): string {
  if (/^\d{1,2}\.\d{1,2}(\.\d{0,4})?$/.test(text) || /^\d{1,2}\.$/.test(text)) return text;
  const digits = text.replace(/\D/g, "").slice(0, 8);
  if (digits.length <= 2) return digits;
  if (digits.length <= 4) return `${digits.slice(0, 2)}.${digits.slice(2)}`;
  return `${digits.slice(0, 2)}.${digits.slice(2, 4)}.${digits.slice(4)}`;
}

/** Milliseconds left → "m:ss" (never negative). */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(total / 60)}:${String(total % 60).padStart(2, "0")}`;
}

/**
 * An instant as the wall clock in Kyiv shows it, "01.12.2026, 14:05" — the counter's time whatever the tablet's
 * zone is set to.
 */
export function formatKyivDateTime(iso: string, lang: "uk" | "en"): string {
  return new Date(iso).toLocaleString(lang === "uk" ? "uk-UA" : "en-GB", {
    timeZone: "Europe/Kyiv",
    day: "2-digit",
    month: "2-digit",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  });
}
