// Every teller screen sits inside this: the session check, the forced password change, the idle lock and the
// lock screen, and the top bar. Locking renders only the lock screen, so the screens below unmount.
import { useEffect, useState } from "react";
import { Navigate, Outlet, useNavigate } from "react-router";
import { ErrorAlert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { useMe } from "../../features/auth/api/get-me.ts";
import { logout } from "../../features/auth/api/logout.ts";
import { ChangePasswordForm } from "../../features/auth/components/change-password-form.tsx";
import { LockScreen } from "../../features/auth/components/lock-screen.tsx";
import { ApiError } from "../../lib/api-client.ts";
import { useLang } from "../../lib/i18n.tsx";
import { useLockHeld } from "../../lib/lock-hold.ts";
import { useIdle } from "../../lib/use-idle.ts";
import { TopBar } from "../components/top-bar.tsx";
import { appText } from "../i18n.ts";
import { useLock } from "../session.tsx";

/** Used until the server says the branch's own (and by a server too old to say it). */
const DEFAULT_IDLE_SECONDS = 120;
/** How long before the lock its warning shows. */
const WARN_MS = 15_000;

export function TellerLayout() {
  const { lang } = useLang();
  const t = appText[lang];
  const navigate = useNavigate();
  const { locked, lock, unlock, signOut } = useLock();
  const me = useMe({ enabled: !locked });
  // The branch's setting (an admin's, default 2 min); a warning comes first, and any input calls the lock off.
  const idleMs = (me.data?.employee.branch.idleLockSeconds ?? DEFAULT_IDLE_SECONDS) * 1000;
  const warnMs = Math.min(WARN_MS, idleMs / 4);
  const held = useLockHeld();
  const [warning, setWarning] = useState(false);
  useIdle(idleMs, lock, {
    enabled: !locked && me.isSuccess && !held,
    warnMs,
    onWarn: () => setWarning(true),
    onActive: () => setWarning(false),
  });

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
          onPasswordInstead={() => void logout().catch(() => {})}
        />
      </main>
    );
  }
  if (me.isPending) return <p className="p-8 text-lg text-neutral-700">{t.loading}</p>;
  if (me.error) {
    if (me.error instanceof ApiError && me.error.status === 401) return <Navigate to="/login" replace />;
    return (
      <main className="flex min-h-dvh flex-col items-center justify-center gap-4 p-6">
        <ErrorAlert error={me.error} lang={lang} className="text-lg font-medium" />
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
      {warning && <LockWarning seconds={Math.round(warnMs / 1000)} text={t.lockWarning} />}
      <main className="mx-auto flex w-full max-w-[1600px] flex-1 flex-col items-center gap-6 p-4 md:p-6">
        <Outlet />
      </main>
    </div>
  );
}

/** The last seconds before the idle lock, counted down; any input (the shell's idle timer hears it) removes it. */
function LockWarning({ seconds, text }: { seconds: number; text: (s: number) => string }) {
  const [left, setLeft] = useState(seconds);
  useEffect(() => {
    const timer = window.setInterval(() => setLeft((n) => Math.max(0, n - 1)), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div
      role="alert"
      className="fixed inset-x-0 bottom-0 z-40 border-t-4 border-amber-600 bg-amber-100 px-6 py-5 text-center text-xl font-semibold text-amber-950 shadow-lg"
      data-testid="lock-warning"
    >
      {text(left)}
    </div>
  );
}
