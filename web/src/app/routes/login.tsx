// /login: the employee signs in; one who already has a session goes straight to the scan screen.
import { Navigate, useNavigate } from "react-router";
import { LanguageSwitch } from "../../components/language-switch.tsx";
import { useMe } from "../../features/auth/api/get-me.ts";
import { LoginForm } from "../../features/auth/components/login-form.tsx";
import { authText } from "../../features/auth/i18n.ts";
import { useLang } from "../../lib/i18n.tsx";
import { appText } from "../i18n.ts";

export function LoginRoute() {
  const { lang } = useLang();
  const navigate = useNavigate();
  const me = useMe();
  if (me.isSuccess) return <Navigate to="/scan" replace />;
  return (
    <main className="flex min-h-dvh items-center justify-center bg-neutral-100 p-6">
      <div className="flex w-full max-w-md flex-col gap-6 rounded-2xl bg-white p-8 shadow-sm">
        <div className="flex items-center gap-3">
          <img src="/icon.svg" alt="" className="size-12" />
          <div>
            <p className="text-2xl font-semibold">{appText[lang].appName}</p>
            <p className="text-sm text-neutral-700">{appText[lang].tagline}</p>
          </div>
        </div>
        <h1 className="text-xl font-semibold">{authText[lang].loginTitle}</h1>
        <LoginForm lang={lang} onSignedIn={() => navigate("/scan", { replace: true })} />
        <LanguageSwitch legend={appText[lang].language} names="full" className="self-center" />
      </div>
    </main>
  );
}
