// The shape of a questionnaire template and the zod schema every template's answers are checked with.
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { parseRnokpp } from "@stiika/diia/rnokpp";
import { z } from "zod";
import { addYears, isIsoDate } from "../dates.ts";

/** The questionnaire templates a service can use, in the order an admin is offered them. */
export const TEMPLATE_IDS = ["bank-account", "hotel-check-in", "cnap-service"] as const;
export type TemplateId = (typeof TEMPLATE_IDS)[number];
type Text = { uk: string; en: string };

export interface TemplateField {
  name: string;
  label: Text;
  /** `multiline`: an address, shown whole on several lines. */
  input: "text" | "multiline" | "date" | "email" | "tel" | "rnokpp";
  required: boolean;
  /** For dates, which days are sane (default `any`). */
  dates?: DateBounds;
  /** A value to start with when Diia has none (today's date for a check-in). */
  initial?: (today: string) => string;
  /** Where the value comes from in the shared documents; absent for what only the teller can ask. */
  fromDiia?: (documents: readonly NormalisedDocument[]) => string | undefined;
  autoComplete?: string;
}

export interface QuestionnaireTemplate {
  id: TemplateId;
  title: Text;
  fields: TemplateField[];
}

/** Form answers: every field as a string ("" when empty), dates as ISO yyyy-mm-dd. */
export type Answers = Record<string, string>;

/** `past`: birth, issue (1900 … today); `stay`: a hotel stay (a year back … two years ahead); `any`: 1900 … 2100. */
export type DateBounds = "past" | "stay" | "any";

export function dateRange(bounds: DateBounds = "any", today: string): { min: string; max: string } {
  if (bounds === "past") return { min: "1900-01-01", max: today };
  if (bounds === "stay") return { min: addYears(today, -1), max: addYears(today, 2) };
  return { min: "1900-01-01", max: "2100-12-31" };
}

// Error messages are i18n keys (see i18n.ts `invalid`), turned into text at render time.
const RULES: Record<Exclude<TemplateField["input"], "date">, z.ZodType<string, string>> = {
  text: z.string().trim().max(500, "tooLong"),
  multiline: z.string().trim().max(500, "tooLong"),
  email: z.email("email"),
  tel: z.string().regex(/^\+?[0-9][0-9 ()-]{8,18}[0-9]$/, "tel"),
  rnokpp: z.string().refine((v) => parseRnokpp(v).ok, "rnokpp"),
};

function dateRule(bounds: DateBounds | undefined, today: string): z.ZodType<string, string> {
  const { min, max } = dateRange(bounds, today);
  return z
    .string()
    .refine(isIsoDate, { message: "date", abort: true })
    .refine((v) => v >= min && v <= max, "dateRange");
}

/** Required fields must be filled; optional ones are checked only when filled. `today` bounds the dates. */
export function answersSchema(template: QuestionnaireTemplate, today: string): z.ZodType<Answers, Answers> {
  const shape: Record<string, z.ZodType<string, string>> = {};
  for (const field of template.fields) {
    const rule = field.input === "date" ? dateRule(field.dates, today) : RULES[field.input];
    shape[field.name] = field.required
      ? z.string().trim().min(1, "required").pipe(rule)
      : z.union([z.literal(""), rule]);
  }
  return z.object(shape);
}
