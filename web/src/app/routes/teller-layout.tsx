// Every teller screen sits inside this: the session check, the forced password change, the idle lock and the
// lock screen, and the top bar. Locking renders only the lock screen, so the screens below unmount.
import { Navigate, Outlet, useNavigate } from "react-router";
import { Button } from "../../components/button.tsx";
import { appConfig } from "../../config/app-config.ts";
import { useMe } from "../../features/auth/api/get-me.ts";
import { ChangePasswordForm } from "../../features/auth/components/change-password-form.tsx";
import { LockScreen } from "../../features/auth/components/lock-screen.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { errorText } from "../../lib/error-text.ts";
import { useLang } from "../../lib/i18n.tsx";
import { useIdle } from "../../lib/use-idle.ts";
import { TopBar } from "../components/top-bar.tsx";
import { appText } from "../i18n.ts";
import { useLock } from "../session.tsx";

export function TellerLayout() {
  const { lang } = useLang();
  const t = appText[lang];
  const navigate = useNavigate();
  const { locked, lock, unlock, signOut } = useLock();
  const me = useMe({ enabled: !locked });
  useIdle(appConfig.idleLockMs, lock, { enabled: !locked && me.isSuccess });

  if (locked) {
    return (
      <main className="flex min-h-dvh items-center justify-center bg-neutral-100 p-6">
        <LockScreen
          lang={lang}
          employee={locked}
          onUnlocked={unlock}
          onSwitchUser={() => {
            void signOut().then(() => navigate("/login"));
          }}
        />
      </main>
    );
  }
  if (me.isPending) return <p className="p-8 text-lg text-neutral-700">{t.loading}</p>;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to="/login" replace />;
    return (
      <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6">
        <p role="alert" className="text-lg font-medium text-red-800">
          {errorText(me.error, lang)}
        </p>
        <Button onClick={() => me.refetch()}>{t.retry}</Button>
      </main>
    );
  }
  if (me.data.employee.mustChangePassword) {
    return (
      <main className="flex min-h-dvh items-center justify-center bg-neutral-100 p-6">
        <div className="w-full max-w-md rounded-2xl bg-white p-8 shadow-sm">
          <ChangePasswordForm lang={lang} onChanged={() => navigate("/scan")} />
        </div>
      </main>
    );
  }
  return (
    <div className="flex min-h-dvh flex-col bg-neutral-100">
      <TopBar
        employee={me.data.employee}
        onLock={lock}
        onSignOut={() => void signOut().then(() => navigate("/login"))}
      />
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col items-center gap-6 p-4 md:p-6">
        <Outlet />
      </main>
    </div>
  );
}
