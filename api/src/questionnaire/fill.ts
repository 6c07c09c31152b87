/**
 * Maps shared documents onto a template: each field's Diia value (if any), and which fields came from Diia (they
 * carry the "з Дії" badge while the teller leaves them as they are).
 *
 * @example
 * const { values, fromDiia } = fillFromDocuments(bankAccountTemplate, documents);
 * values.lastName;            // "Дія"
 * fromDiia.has("phone");      // false: the teller asks for it
 */
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import type { Answers, QuestionnaireTemplate, TemplateId } from "./template.ts";
import { bankAccountTemplate } from "./templates/bank-account.ts";
import { cnapServiceTemplate } from "./templates/cnap-service.ts";
import { hotelCheckInTemplate } from "./templates/hotel-check-in.ts";

export const TEMPLATES: Record<TemplateId, QuestionnaireTemplate> = {
  "bank-account": bankAccountTemplate,
  "hotel-check-in": hotelCheckInTemplate,
  "cnap-service": cnapServiceTemplate,
};

/** Whether `id` names a template (saved questionnaires carry the id as text). */
export function isTemplateId(id: string): id is TemplateId {
  return Object.hasOwn(TEMPLATES, id);
}

/** `today` (ISO) is what a field's `initial` starts from, e.g. the check-in date. */
export function fillFromDocuments(
  template: QuestionnaireTemplate,
  documents: readonly NormalisedDocument[],
  today?: string,
): { values: Answers; fromDiia: Set<string> } {
  const values: Answers = {};
  const fromDiia = new Set<string>();
  for (const field of template.fields) {
    const value = field.fromDiia?.(documents)?.trim();
    values[field.name] = value || (today && field.initial?.(today)) || "";
    if (value) fromDiia.add(field.name);
  }
  return { values, fromDiia };
}
