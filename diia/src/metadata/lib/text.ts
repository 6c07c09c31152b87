// Text clean-up for display. Internal to the metadata normaliser; raw values are never changed in place.

/** Trimmed, inner runs of whitespace collapsed to one space; undefined when nothing is left. */
export function cleanText(value: string | null | undefined): string | undefined {
  const text = value?.replace(/\s+/g, " ").trim();
  return text ? text : undefined;
}

/**
 * A person's name for display. Registers write names in capitals ("ДІЯ НАДІЯ"), so all-upper or all-lower text is
 * title-cased word by word and across hyphens ("ІВАНЕНКО-ПЕТРЕНКО" → "Іваненко-Петренко"); an apostrophe does not
 * start a word ("Д'ЯЧЕНКО" → "Д'яченко"). Mixed case was typed by a person on purpose and is kept.
 */
export function displayName(value: string | null | undefined): string | undefined {
  const text = cleanText(value);
  if (text === undefined || (text !== text.toUpperCase() && text !== text.toLowerCase())) return text;
  return text
    .toLowerCase()
    .replace(/(^|[\s-])(\p{L})/gu, (_, boundary: string, letter: string) => boundary + letter.toUpperCase());
}

const FEMALE = new Set(["ж", "жінка", "жіноча", "f", "female"]);
const MALE = new Set(["ч", "чоловік", "чоловіча", "m", "male"]);

/** "F" or "M" from Diia's gender spellings (Ж/Ч, Жінка/Чоловік, F/M), undefined for anything else. */
export function toGender(value: string | null | undefined): "F" | "M" | undefined {
  const key = cleanText(value)?.toLowerCase();
  if (key === undefined) return undefined;
  if (FEMALE.has(key)) return "F";
  if (MALE.has(key)) return "M";
  return undefined;
}
