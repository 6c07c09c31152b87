// Calendar checks the questionnaire's date rules are built on (and the web's date fields use): ISO days only,
// in UTC arithmetic so no time zone moves a day.

/** A real calendar day "yyyy-mm-dd" (no 31.02, no six-digit year). */
export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `iso` moved by whole years (29 Feb → 28 Feb in a common year). */
export function addYears(iso: string, years: number): string {
  const [y, m, d] = iso.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y + years, m - 1, d));
  if (date.getUTCDate() !== d) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

const KYIV = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Kyiv",
  day: "2-digit",
  month: "2-digit",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

/** An instant's wall-clock fields in Kyiv, zero-padded: the counter's time whatever the machine's zone. */
export function kyivParts(
  date: Date,
): Record<"day" | "month" | "year" | "hour" | "minute" | "second", string> {
  const p = Object.fromEntries(KYIV.formatToParts(date).map((x) => [x.type, x.value]));
  return {
    day: p.day,
    month: p.month,
    year: p.year,
    hour: p.hour,
    minute: p.minute,
    second: p.second,
  } as Record<"day" | "month" | "year" | "hour" | "minute" | "second", string>;
}

/** "01.12.2026 23:41" in Kyiv time, as Diia and our documents print a moment. */
export function kyivDateTime(date: Date): string {
  const p = kyivParts(date);
  return `${p.day}.${p.month}.${p.year} ${p.hour}:${p.minute}`;
}
