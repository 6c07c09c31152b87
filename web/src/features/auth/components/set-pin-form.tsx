/**
 * The employee sets their own unlock PIN: the current password confirms it, the PIN is typed twice. The server
 * keeps only its argon2id hash and refuses trivial PINs (1111, 1234).
 *
 * @example
 * <SetPinForm lang="uk" onDone={() => setOpen(false)} />
 */
import { useState } from "react";
import { Button } from "../../../components/button.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
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
      {save.error && (
        <p role="alert" className="rounded-xl bg-red-50 px-4 py-3 font-medium text-red-800">
          {errorText(save.error, lang)}
        </p>
      )}
      {save.isSuccess && (
        <p role="status" className="font-medium text-green-800" data-testid="set-pin-saved">
          {t.pinSaved}
        </p>
      )}
      <div className="flex flex-wrap gap-3">
        <Button
          variant="primary"
          type="submit"
          disabled={save.isPending || differ || v.pin.length < 4 || !v.currentPassword}
          data-testid="set-pin-submit"
        >
          {t.savePin}
        </Button>
        <Button variant="ghost" onClick={onDone} data-testid="set-pin-close">
          {t.close}
        </Button>
      </div>
    </form>
  );
}
