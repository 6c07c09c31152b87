// Date texts Diia writes (spec §5) turned into ISO yyyy-mm-dd. Internal to the metadata normaliser.

// Vehicle certificates spell the month out in the genitive: "22 Жовтня 2017".
const GENITIVE_MONTHS = [
  "січня",
  "лютого",
  "березня",
  "квітня",
  "травня",
  "червня",
  "липня",
  "серпня",
  "вересня",
  "жовтня",
  "листопада",
  "грудня",
];

// dd.mm.yyyy, optionally followed by a time as in IDP certificates ("05.05.2015 00.00.00.000"), whose time is
// always midnight and carries no meaning for a date of issue or birth.
const DOTTED = /^(\d{1,2})\.(\d{1,2})\.(\d{4})(?:[ T]+\d{1,2}[.:]\d{2}(?:[.:]\d{2}(?:\.\d{1,3})?)?)?$/;
const SPELLED = /^(\d{1,2})\s+(\p{L}+)\s+(\d{4})(?:\s*р\.?)?$/u;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function dateParts(value: string): [year: number, month: number, day: number] | undefined {
  const dotted = DOTTED.exec(value);
  if (dotted) return [Number(dotted[3]), Number(dotted[2]), Number(dotted[1])];
  const spelled = SPELLED.exec(value);
  if (spelled) {
    const month = GENITIVE_MONTHS.indexOf(spelled[2]?.toLowerCase() ?? "") + 1;
    return month > 0 ? [Number(spelled[3]), month, Number(spelled[1])] : undefined;
  }
  const iso = ISO.exec(value);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  return undefined;
}

/** ISO date for a Diia date text, or undefined when it is no real calendar date in a known format. */
export function toIsoDate(text: string): string | undefined {
  const parts = dateParts(text.trim());
  if (!parts) return undefined;
  const [year, month, day] = parts;
  // Round-trip through a UTC date to reject 31.02 and the like.
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return undefined;
  }
  return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}
