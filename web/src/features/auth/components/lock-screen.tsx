/**
 * Shown instead of every teller screen after the idle timeout or the lock button. With a PIN set, the locked
 * session reopens with it (three wrong PINs end the session: then, or on «Увійти паролем», it is a real sign-in
 * with the same login); without one the session is already ended and unlocking is that sign-in. "Another
 * employee" goes to the full sign-in.
 *
 * @example
 * {locked && <LockScreen lang={lang} employee={employee} onUnlocked={unlock} onSwitchUser={() => navigate("/login")} onPasswordInstead={endLockedSession} />}
 */
import { useId, useState } from "react";
import { Alert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { TextField } from "../../../components/text-field.tsx";
import { ApiError } from "../../../lib/api-client.ts";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import type { Employee, Session } from "../api/get-me.ts";
import { useUnlock } from "../api/pin.ts";
import { authText } from "../i18n.ts";
import { LoginForm } from "./login-form.tsx";

export function LockScreen({
  lang,
  employee,
  onUnlocked,
  onSwitchUser,
  onPasswordInstead,
}: {
  lang: Lang;
  employee: Pick<Employee, "login" | "fullName"> & { pin: boolean };
  onUnlocked: (session: Session) => void;
  onSwitchUser: () => void;
  /** The locked session is given up for a password sign-in (it is ended first). */
  onPasswordInstead: () => void;
}) {
  const t = authText[lang];
  const [withPin, setWithPin] = useState(employee.pin);
  const [endedBy, setEndedBy] = useState<string | null>(null);
  return (
    <section
      className="mx-auto flex w-full max-w-md flex-col gap-5 rounded-2xl bg-white p-8 shadow-sm"
      aria-labelledby="lock-title"
      data-testid="lock-screen"
      data-unlock={withPin ? "pin" : "password"}
    >
      <h1 id="lock-title" className="text-2xl font-semibold">
        {t.lockedTitle}
      </h1>
      {withPin ? (
        <>
          <p className="text-neutral-700">{t.lockedIntroPin(employee.fullName)}</p>
          <PinForm
            lang={lang}
            onUnlocked={onUnlocked}
            onSessionEnded={(message) => {
              setEndedBy(message);
              setWithPin(false);
            }}
          />
          <Button
            variant="ghost"
            onClick={() => {
              onPasswordInstead();
              setWithPin(false);
            }}
            data-testid="lock-use-password"
          >
            {t.usePassword}
          </Button>
        </>
      ) : (
        <>
          {endedBy && <Alert boxed>{endedBy}</Alert>}
          <p className="text-neutral-700">{t.lockedIntro(employee.fullName)}</p>
          <LoginForm lang={lang} fixedLogin={employee.login} submitLabel={t.unlock} onSignedIn={onUnlocked} />
        </>
      )}
      <Button variant="ghost" onClick={onSwitchUser} data-testid="lock-switch-user">
        {t.otherEmployee}
      </Button>
    </section>
  );
}

function PinForm({
  lang,
  onUnlocked,
  onSessionEnded,
}: {
  lang: Lang;
  onUnlocked: (session: Session) => void;
  onSessionEnded: (message: string) => void;
}) {
  const t = authText[lang];
  const unlock = useUnlock();
  const [pin, setPin] = useState("");
  const id = useId();
  return (
    <form
      className="flex flex-col gap-4"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        if (!pin) return;
        unlock.mutate(
          { pin },
          {
            onSuccess: onUnlocked,
            onError: (error) => {
              setPin("");
              // The third wrong PIN (or a session the server ended meanwhile): only the password is left.
              if (error instanceof ApiError && error.status === 401) onSessionEnded(errorText(error, lang));
            },
          },
        );
      }}
    >
      <TextField
        id={id}
        label={t.pinLabel}
        type="password"
        inputMode="numeric"
        autoComplete="off"
        maxLength={8}
        value={pin}
        onChange={(e) => setPin(e.target.value.replace(/\D/g, ""))}
        error={
          unlock.error && !(unlock.error instanceof ApiError && unlock.error.status === 401)
            ? errorText(unlock.error, lang)
            : undefined
        }
        data-testid="lock-pin"
        autoFocus
      />
      <Button
        variant="primary"
        type="submit"
        disabled={unlock.isPending || pin.length < 4}
        data-testid="lock-pin-submit"
      >
        {t.unlock}
      </Button>
    </form>
  );
}
