/**
 * Retention periods: an admin edits the default and every branch's own; a manager their branch's own. An empty
 * branch field follows the default (shown in its hint). The server's purge job reads them on every round.
 *
 * @example
 * <RetentionSetting lang="uk" isAdmin={role === "admin"} />
 */
import { type FormEvent, useEffect, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import {
  type Retention,
  useRetention,
  useSetBranchRetention,
  useSetDefaultRetention,
} from "../api/retention.ts";
import { copiesText } from "../i18n.ts";

type Save = { mutate: (days: number | null) => void; isPending: boolean; isSuccess: boolean; error: unknown };

/** One days field with its save button and outcome; `optional` lets it be emptied (follow the default). */
function DaysForm(props: {
  lang: Lang;
  label: string;
  hint: string;
  initial: number | null;
  optional: boolean;
  save: Save;
  testId: string;
}) {
  const t = copiesText[props.lang];
  const [days, setDays] = useState("");
  useEffect(() => setDays(props.initial === null ? "" : String(props.initial)), [props.initial]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    props.save.mutate(days.trim() === "" && props.optional ? null : Number(days));
  };
  return (
    <form onSubmit={submit} className="flex flex-wrap items-end gap-3" data-testid={props.testId}>
      <TextField
        label={props.label}
        hint={props.hint}
        type="number"
        inputMode="numeric"
        min={1}
        max={3650}
        required={!props.optional}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        data-testid={`${props.testId}-days`}
      />
      <Button type="submit" disabled={props.save.isPending} data-testid={`${props.testId}-save`}>
        {t.save}
      </Button>
      <p aria-live="polite" className="min-h-6 text-base">
        {props.save.isSuccess && t.saved}
        {props.save.error != null && (
          <span className="text-red-800">{errorText(props.save.error, props.lang)}</span>
        )}
      </p>
    </form>
  );
}

function BranchForm({
  lang,
  branch,
  fallback,
}: {
  lang: Lang;
  branch: Retention["branches"][number];
  fallback: number;
}) {
  const t = copiesText[lang];
  const save = useSetBranchRetention();
  return (
    <DaysForm
      lang={lang}
      label={`${t.retentionOf} «${branch.name}», ${t.days}`}
      hint={`${t.retentionBranchHint} ${fallback}`}
      initial={branch.days}
      optional
      save={{ ...save, mutate: (days) => save.mutate({ branchId: branch.id, days }) }}
      testId={`retention-branch-${branch.id}`}
    />
  );
}

export function RetentionSetting({ lang, isAdmin }: { lang: Lang; isAdmin: boolean }) {
  const t = copiesText[lang];
  const retention = useRetention();
  const saveDefault = useSetDefaultRetention();
  const data = retention.data;
  return (
    <Card padding="md" className="flex flex-col gap-4" data-testid="retention">
      <h2 className="text-xl font-semibold">{t.retention}</h2>
      <p className="text-base text-neutral-700">{t.retentionHint}</p>
      {data && isAdmin && (
        <DaysForm
          lang={lang}
          label={`${t.retentionDefault}, ${t.days}`}
          hint={data.default.source === "config" ? t.fromConfig : ""}
          initial={data.default.days}
          optional={false}
          save={{ ...saveDefault, mutate: (days) => saveDefault.mutate(days ?? data.default.days) }}
          testId="retention-default"
        />
      )}
      {data?.branches.map((b) => (
        <BranchForm key={b.id} lang={lang} branch={b} fallback={data.default.days} />
      ))}
    </Card>
  );
}
