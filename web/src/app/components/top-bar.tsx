// The bar on every teller screen: branch and employee always visible, language, update, lock and sign-out.

import { NavLink } from "react-router";
import { Button } from "../../components/button.tsx";
import type { Employee } from "../../features/auth/api/get-me.ts";
import { useCheckOnlyActive } from "../../features/checks/hooks/use-check-only.ts";
import { checksText } from "../../features/checks/i18n.ts";
import { type Lang, useLang } from "../../lib/i18n.tsx";
import { appText } from "../i18n.ts";
import { applyUpdate, useUpdateReady } from "../pwa.ts";

export function TopBar({
  employee,
  onLock,
  onSignOut,
}: {
  employee: Employee;
  onLock: () => void;
  onSignOut: () => void;
}) {
  const { lang, setLang } = useLang();
  const t = appText[lang];
  const updateReady = useUpdateReady();
  const checkOnly = useCheckOnlyActive();
  return (
    <header
      className={`sticky top-0 z-30 border-b ${checkOnly ? "border-amber-500 bg-amber-100" : "border-neutral-200 bg-white"}`}
      data-testid="top-bar"
      data-mode={checkOnly ? "check-only" : "receive"}
    >
      <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-x-6 gap-y-2 px-4 py-2">
        <div className="flex items-center gap-3">
          <img src="/icon.svg" alt="" className="size-10" />
          <span className="text-xl font-semibold">{t.appName}</span>
        </div>
        <div className="flex min-w-0 flex-1 flex-col leading-tight">
          <span className="truncate text-base font-semibold" data-testid="top-bar-branch">
            <span className="sr-only">{t.branch}: </span>
            {employee.branch.name}
          </span>
          <span className="truncate text-sm text-neutral-700" data-testid="top-bar-employee">
            {employee.fullName}
          </span>
        </div>
        {checkOnly && (
          <span
            className="shrink-0 rounded-full border-2 border-amber-700 bg-amber-300 px-3 py-1 font-semibold text-amber-950"
            data-testid="top-bar-mode"
          >
            {checksText[lang].modeBadge}
          </span>
        )}
        {employee.role !== "teller" && (
          <nav className="flex gap-1" aria-label={t.manage}>
            {[
              ["/scan", t.scan, "nav-scan"],
              ["/manage", t.manage, "nav-manage"],
            ].map(([to, label, id]) => (
              <NavLink
                key={to}
                to={to as string}
                data-testid={id}
                className={({ isActive }) =>
                  `inline-flex min-h-11 items-center rounded-lg px-3 font-semibold focus-visible:outline-4 focus-visible:outline-blue-600 ${isActive ? "bg-neutral-900 text-white" : "hover:bg-neutral-100"}`
                }
              >
                {label}
              </NavLink>
            ))}
          </nav>
        )}
        <fieldset className="flex rounded-xl border-2 border-neutral-300 p-0.5" data-testid="language-switch">
          <legend className="sr-only">{t.language}</legend>
          {(["uk", "en"] as Lang[]).map((l) => (
            <button
              key={l}
              type="button"
              aria-pressed={lang === l}
              onClick={() => setLang(l)}
              data-testid={`lang-${l}`}
              className="min-h-11 min-w-12 rounded-lg px-3 font-semibold uppercase aria-pressed:bg-neutral-900 aria-pressed:text-white focus-visible:outline-4 focus-visible:outline-blue-600"
            >
              {l === "uk" ? "УКР" : "ENG"}
            </button>
          ))}
        </fieldset>
        <Button onClick={onLock} data-testid="lock-button">
          {t.lock}
        </Button>
        <Button variant="ghost" onClick={onSignOut} data-testid="logout-button">
          {t.logout}
        </Button>
      </div>
      {updateReady && (
        <div
          role="status"
          className="border-t border-blue-200 bg-blue-50 px-4 py-2"
          data-testid="update-ready"
        >
          <div className="mx-auto flex max-w-[1600px] flex-wrap items-center gap-3">
            <p className="min-w-0 flex-1 text-base text-blue-950">{t.updateReady}</p>
            <Button variant="primary" onClick={() => applyUpdate()} data-testid="update-now">
              {t.updateNow}
            </Button>
          </div>
        </div>
      )}
    </header>
  );
}
