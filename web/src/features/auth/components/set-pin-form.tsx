/**
 * The employee sets their own unlock PIN: the current password confirms it, the PIN is typed twice. The server
 * keeps only its argon2id hash and refuses trivial PINs (1111, 1234).
 *
 * @example
 * <SetPinForm lang="uk" onDone={() => setOpen(false)} />
 */
import { useState } from "react";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { FormActions } from "../../../components/form-actions.tsx";
import { TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useSetPin } from "../api/pin.ts";
import { authText } from "../i18n.ts";

export function SetPinForm({ lang, onDone }: { lang: Lang; onDone: () => void }) {
  const t = authText[lang];
  const save = useSetPin();
  const [v, setV] = useState({ currentPassword: "", pin: "", repeat: "" });
  const differ = v.repeat.length > 0 && v.pin !== v.repeat;
  const digits = (s: string) => s.replace(/\D/g, "").slice(0, 8);
  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      data-testid="set-pin-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (differ || !v.pin) return;
        save.mutate({ currentPassword: v.currentPassword, pin: v.pin });
      }}
    >
      <h2 className="text-xl font-semibold">{t.setPinTitle}</h2>
      <p className="text-neutral-700">{t.setPinIntro}</p>
      <TextField
        label={t.pinPassword}
        type="password"
        autoComplete="current-password"
        value={v.currentPassword}
        onChange={(e) => setV({ ...v, currentPassword: e.target.value })}
        data-testid="set-pin-password"
      />
      <TextField
        label={t.newPin}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={v.pin}
        onChange={(e) => setV({ ...v, pin: digits(e.target.value) })}
        data-testid="set-pin-pin"
      />
      <TextField
        label={t.repeatPin}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        value={v.repeat}
        onChange={(e) => setV({ ...v, repeat: digits(e.target.value) })}
        error={differ ? t.pinsDiffer : undefined}
        data-testid="set-pin-repeat"
      />
      <ErrorAlert error={save.error} lang={lang} boxed />
      {save.isSuccess && (
        <Alert tone="success" className="font-medium" data-testid="set-pin-saved">
          {t.pinSaved}
        </Alert>
      )}
      <FormActions
        submit={t.savePin}
        pending={save.isPending}
        disabled={differ || v.pin.length < 4 || !v.currentPassword}
        submitTestId="set-pin-submit"
        cancel={t.close}
        onCancel={onDone}
        cancelTestId="set-pin-close"
      />
    </form>
  );
}
