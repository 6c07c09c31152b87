/**
 * Shown instead of every teller screen after the idle timeout or the lock button. The server session is already
 * ended, so unlocking is a real sign-in with the same login; "another employee" goes to the full sign-in.
 *
 * @example
 * {locked && <LockScreen lang={lang} employee={employee} onUnlocked={unlock} onSwitchUser={() => navigate("/login")} />}
 */
import { Button } from "../../../components/button.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import type { Employee, Session } from "../api/get-me.ts";
import { authText } from "../i18n.ts";
import { LoginForm } from "./login-form.tsx";

export function LockScreen({
  lang,
  employee,
  onUnlocked,
  onSwitchUser,
}: {
  lang: Lang;
  employee: Pick<Employee, "login" | "fullName">;
  onUnlocked: (session: Session) => void;
  onSwitchUser: () => void;
}) {
  const t = authText[lang];
  return (
    <section
      className="mx-auto flex w-full max-w-md flex-col gap-5 rounded-2xl bg-white p-8 shadow-sm"
      aria-labelledby="lock-title"
      data-testid="lock-screen"
    >
      <h1 id="lock-title" className="text-2xl font-semibold">
        {t.lockedTitle}
      </h1>
      <p className="text-neutral-700">{t.lockedIntro(employee.fullName)}</p>
      <LoginForm lang={lang} fixedLogin={employee.login} submitLabel={t.unlock} onSignedIn={onUnlocked} />
      <Button variant="ghost" onClick={onSwitchUser} data-testid="lock-switch-user">
        {t.otherEmployee}
      </Button>
    </section>
  );
}
