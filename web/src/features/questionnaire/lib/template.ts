// The shape of a questionnaire template and the zod schema every template's answers are checked with.
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { parseRnokpp } from "@stiika/diia/rnokpp";
import { z } from "zod";

export type TemplateId = "bank-account" | "hotel-check-in" | "cnap-service";
type Text = { uk: string; en: string };

export interface TemplateField {
  name: string;
  label: Text;
  input: "text" | "date" | "email" | "tel" | "rnokpp";
  required: boolean;
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

// Error messages are i18n keys (see i18n.ts `invalid`), turned into text at render time.
const RULES: Record<TemplateField["input"], z.ZodType<string, string>> = {
  text: z.string().trim().max(500, "tooLong"),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date"),
  email: z.email("email"),
  tel: z.string().regex(/^\+?[0-9][0-9 ()-]{8,18}[0-9]$/, "tel"),
  rnokpp: z.string().refine((v) => parseRnokpp(v).ok, "rnokpp"),
};

/** Required fields must be filled; optional ones are checked only when filled. */
export function answersSchema(template: QuestionnaireTemplate): z.ZodType<Answers, Answers> {
  const shape: Record<string, z.ZodType<string, string>> = {};
  for (const field of template.fields) {
    const rule = RULES[field.input];
    shape[field.name] = field.required
      ? z.string().trim().min(1, "required").pipe(rule)
      : z.union([z.literal(""), rule]);
  }
  return z.object(shape);
}
