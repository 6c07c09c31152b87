/**
 * The questionnaire for a received request: the template's fields, those filled from the shared documents marked
 * "з Дії" (while unchanged), those whose document field Diia sent in a shape that could not be read marked
 * «перевірте вручну» (the teller reads them off the PDF), the rest for the teller; live checks beside it; save
 * sends the answers and hands back to the caller for the next client. Unmounting drops everything typed (the idle
 * lock relies on that).
 *
 * @example
 * <QuestionnaireForm lang="uk" requestIds={[id]} templateId="bank-account" documents={docs} onSaved={() => navigate("/scan")} />
 */
import { zodResolver } from "@hookform/resolvers/zod";
import {
  type Answers,
  answersSchema,
  dateRange,
  fillFromDocuments,
  TEMPLATES,
  type TemplateField,
  type TemplateId,
} from "@stiika/api";
import { documentTypeTitle } from "@stiika/diia/document-types";
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { useEffect, useMemo, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { DateField } from "../../../components/date-field.tsx";
import { TextAreaField, TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { formatDate } from "../../../utils/format.ts";
import { useSaveQuestionnaire } from "../api/save-questionnaire.ts";
import { questionnaireText } from "../i18n.ts";
import { localToday, runChecks } from "../lib/checks.ts";
import { keepDraft, takeDraft } from "../lib/draft.ts";
import { manualFieldNames } from "../lib/manual.ts";
import { CheckList } from "./check-list.tsx";

const INPUT_TYPE: Record<Exclude<TemplateField["input"], "date" | "multiline">, string> = {
  text: "text",
  email: "email",
  tel: "tel",
  rnokpp: "text",
};

export function QuestionnaireForm({
  lang,
  requestIds,
  templateId,
  documents,
  missing = [],
  draftKey,
  onSaved,
}: {
  lang: Lang;
  /** Every request of the client's visit: the one questionnaire is saved with each of them. */
  requestIds: string[];
  templateId: TemplateId;
  /** `normalised` null: a type without a schema or an unreadable item (checked by hand, listed above the form). */
  documents: {
    type: string;
    title: string;
    normalised: NormalisedDocument | null;
    manualFields?: readonly string[];
  }[];
  /** Document types the service asks for that have not arrived yet. */
  missing?: string[];
  /** The visit this form belongs to: what the teller typed is kept in memory under it (lib/draft.ts). */
  draftKey?: string;
  onSaved: () => void;
}) {
  const t = questionnaireText[lang];
  const template = TEMPLATES[templateId];
  const readable = useMemo(
    () =>
      documents.flatMap((d) =>
        d.normalised ? [{ normalised: d.normalised, manualFields: d.manualFields ?? [] }] : [],
      ),
    [documents],
  );
  const normalised = useMemo(() => readable.map((d) => d.normalised), [readable]);
  const manual = useMemo(() => manualFieldNames(template, readable), [template, readable]);
  const unreadable = documents.filter((d) => d.normalised === null);
  // One day for the whole form: bounds, the check-in default and the checks agree even across midnight.
  const [today] = useState(localToday);
  const filled = useMemo(() => fillFromDocuments(template, normalised, today), [template, normalised, today]);
  const [typed] = useState(() => (draftKey ? takeDraft(draftKey) : undefined));
  const form = useForm<Answers>({
    resolver: zodResolver(answersSchema(template, today)),
    defaultValues: { ...filled.values, ...typed },
  });
  const answers = useWatch({ control: form.control }) as Answers;
  // Keep what differs from the documents: a lock or the next document's scan unmounts the form, the typing stays.
  useEffect(() => {
    if (!draftKey) return;
    const changed = Object.fromEntries(
      Object.entries(answers).filter(([name, value]) => value !== filled.values[name]),
    );
    keepDraft(draftKey, changed);
  }, [answers, draftKey, filled.values]);
  const findings = runChecks({ documents: normalised, answers, today, missing });
  const save = useSaveQuestionnaire();
  const docTitle = (type: string) =>
    documents.find((d) => d.type === type)?.title ??
    (type === "passport" ? t.passportScope : documentTypeTitle(type, lang));
  const { errors } = form.formState;
  const message = (field: TemplateField, key: string | undefined) => {
    if (key === "dateRange") {
      const { min, max } = dateRange(field.dates, today);
      return t.dateRange(formatDate(min), formatDate(max));
    }
    return key && key in t.invalid ? t.invalid[key as keyof typeof t.invalid] : key;
  };

  return (
    <form
      noValidate
      className="flex flex-col gap-5 rounded-2xl bg-white p-6 shadow-sm"
      aria-labelledby="questionnaire-title"
      data-testid="questionnaire"
      data-template={template.id}
      onSubmit={form.handleSubmit((fields) =>
        save.mutate({ requestIds, template: template.id, fields }, { onSuccess: onSaved }),
      )}
    >
      <h2 id="questionnaire-title" className="text-2xl font-semibold">
        {template.title[lang]}
      </h2>
      <p className="text-neutral-700">{t.fromDiiaHint}</p>
      {(manual.size > 0 || unreadable.length > 0) && (
        <div
          role="note"
          className="rounded-xl bg-amber-50 px-4 py-3 text-amber-950"
          data-testid="manual-check-note"
        >
          <p className="font-medium">{t.manualCheckHint}</p>
          {unreadable.length > 0 && (
            <ul className="mt-1 list-disc pl-5">
              {[...new Set(unreadable.map((d) => d.title))].map((title) => (
                <li key={title} data-testid="manual-check-document">
                  {t.unreadableDocument(title)}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <CheckList lang={lang} findings={findings} docTitle={docTitle} />
      <div className="grid gap-4 md:grid-cols-2">
        {template.fields.map((field) => {
          const check = manual.has(field.name) && answers[field.name] === filled.values[field.name];
          const diia =
            !check && filled.fromDiia.has(field.name) && answers[field.name] === filled.values[field.name];
          const common = {
            label: field.required ? `${field.label[lang]} *` : field.label[lang],
            required: field.required,
            error: message(field, errors[field.name]?.message),
            "data-testid": `field-${field.name}`,
            "data-from-diia": diia ? "true" : undefined,
            "data-manual-check": check ? "true" : undefined,
            badge: check ? (
              <span
                className="shrink-0 whitespace-nowrap rounded-full bg-amber-300 px-2 py-0.5 text-xs font-semibold text-amber-950"
                data-testid={`badge-${field.name}`}
              >
                {t.manualCheck}
              </span>
            ) : (
              diia && (
                <span
                  className="shrink-0 whitespace-nowrap rounded-full bg-neutral-900 px-2 py-0.5 text-xs font-semibold text-white"
                  data-testid={`badge-${field.name}`}
                >
                  {t.fromDiia}
                </span>
              )
            ),
          };
          if (field.input === "date")
            return (
              <Controller
                key={field.name}
                name={field.name}
                control={form.control}
                render={({ field: f }) => (
                  <DateField
                    {...common}
                    name={f.name}
                    ref={f.ref}
                    value={f.value}
                    onChange={f.onChange}
                    onBlur={f.onBlur}
                    placeholder={t.datePlaceholder}
                  />
                )}
              />
            );
          if (field.input === "multiline")
            return (
              <TextAreaField
                key={field.name}
                {...common}
                className="md:col-span-2"
                rows={3}
                autoComplete={field.autoComplete ?? "off"}
                {...form.register(field.name)}
              />
            );
          return (
            <TextField
              key={field.name}
              {...common}
              type={INPUT_TYPE[field.input]}
              inputMode={field.input === "rnokpp" ? "numeric" : undefined}
              autoComplete={field.autoComplete ?? "off"}
              {...form.register(field.name)}
            />
          );
        })}
      </div>
      <ErrorAlert error={save.error} lang={lang} boxed data-testid="save-error" />
      {Object.keys(errors).length > 0 && <Alert className="font-medium">{t.fixErrors}</Alert>}
      <Button variant="primary" type="submit" disabled={save.isPending} data-testid="questionnaire-save">
        {save.isPending ? t.saving : t.save}
      </Button>
    </form>
  );
}
