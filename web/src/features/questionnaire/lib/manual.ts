/**
 * Which template fields come from document fields Diia sent in a shape that could not be read («перевірте
 * вручну»). The server names the questionnaire paths those fields would have filled (`manualFields`, e.g.
 * "person.lastName.uk"); each is set to a stand-in and the template's own `fromDiia` run again: a field whose
 * value carries the stand-in depends on what a person must check. So priorities between documents hold (a
 * passport's name read fine wins over a certificate's unreadable one) without a second copy of the mapping.
 *
 * @example
 * manualFieldNames(template, [{ normalised, manualFields: ["person.lastName.uk"] }]); // Set { "lastName" }
 */

import type { QuestionnaireTemplate } from "@stiika/api";
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";

// Stand-ins no document holds; the date one passes the ISO-only filter of date fields.
const MARK = "⟦⁇⟧";
const DATE_MARK = "0001-01-01";

export interface ManualCheckDocument {
  normalised: NormalisedDocument;
  manualFields: readonly string[];
}

export function manualFieldNames(
  template: QuestionnaireTemplate,
  documents: readonly ManualCheckDocument[],
): Set<string> {
  const names = new Set<string>();
  if (!documents.some((d) => d.manualFields.length > 0)) return names;
  const marked = documents.map((d) =>
    d.manualFields.reduce<NormalisedDocument>(
      (doc, path) => withValue(doc, path.split("."), /Date$/.test(path) ? DATE_MARK : MARK),
      d.normalised,
    ),
  );
  for (const field of template.fields) {
    const value = field.fromDiia?.(marked);
    if (value?.includes(MARK) || value === DATE_MARK) names.add(field.name);
  }
  return names;
}

function withValue<T>(value: T, path: readonly string[], leaf: string): T {
  if (path.length === 0) return leaf as T;
  const [head, ...rest] = path as [string, ...string[]];
  const record = (typeof value === "object" && value !== null ? value : {}) as Record<string, unknown>;
  return { ...record, [head]: withValue(record[head], rest, leaf) } as T;
}
