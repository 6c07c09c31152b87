/**
 * The retention period (days) managers and admins edit; the server's purge job reads it on every round.
 *
 * @example
 * <RetentionSetting lang="uk" />
 */
import { type FormEvent, useEffect, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { useRetention, useSetRetention } from "../api/retention.ts";
import { copiesText } from "../i18n.ts";

export function RetentionSetting({ lang }: { lang: Lang }) {
  const t = copiesText[lang];
  const retention = useRetention();
  const save = useSetRetention();
  const [days, setDays] = useState("");
  useEffect(() => {
    if (retention.data) setDays(String(retention.data.days));
  }, [retention.data]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(Number(days));
  };
  return (
    <form
      onSubmit={submit}
      className="flex flex-wrap items-end gap-3 rounded-2xl bg-white p-4 shadow-sm"
      data-testid="retention"
    >
      <TextField
        label={`${t.retention}, ${t.days}`}
        hint={`${t.retentionHint} ${retention.data?.source === "config" ? t.fromConfig : ""}`}
        type="number"
        min={1}
        max={3650}
        value={days}
        onChange={(e) => setDays(e.target.value)}
        data-testid="retention-days"
      />
      <Button type="submit" disabled={save.isPending} data-testid="retention-save">
        {t.save}
      </Button>
      <p aria-live="polite" className="min-h-6 text-base">
        {save.isSuccess && t.saved}
        {save.error && <span className="text-red-800">{errorText(save.error, lang)}</span>}
      </p>
    </form>
  );
}
