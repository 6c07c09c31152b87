// The bar on every teller screen, on one row at every size: branch and employee always visible, the check-only
// mode when on, managers' areas, lock; language, PIN and sign-out behind «Меню».

import { useId, useState } from "react";
import { NavLink } from "react-router";
import { Button } from "../../components/button.tsx";
import { LanguageSwitch } from "../../components/language-switch.tsx";
import type { Employee } from "../../features/auth/api/get-me.ts";
import { SetPinForm } from "../../features/auth/components/set-pin-form.tsx";
import { useCheckOnlyActive } from "../../features/checks/hooks/use-check-only.ts";
import { checksText } from "../../features/checks/i18n.ts";
import { useLang } from "../../lib/i18n.tsx";
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
  const { lang } = useLang();
  const t = appText[lang];
  const updateReady = useUpdateReady();
  const checkOnly = useCheckOnlyActive();
  const [menuOpen, setMenuOpen] = useState(false);
  const [pinOpen, setPinOpen] = useState(false);
  const menuId = useId();
  return (
    <header
      className={`sticky top-0 z-30 border-b ${checkOnly ? "border-amber-500 bg-amber-100" : "border-neutral-200 bg-white"}`}
      data-testid="top-bar"
      data-mode={checkOnly ? "check-only" : "receive"}
    >
      <div
        className="mx-auto flex max-w-[1600px] flex-nowrap items-center gap-3 px-4 py-2 lg:gap-6"
        data-testid="top-bar-row"
      >
        <div className="flex shrink-0 items-center gap-3">
          <img src="/icon.svg" alt="" className="size-10" />
          <span className="sr-only text-xl font-semibold xl:not-sr-only">{t.appName}</span>
        </div>
        <div className="flex min-w-32 flex-1 flex-col leading-tight">
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
          <nav className="flex shrink-0 gap-1" aria-label={t.manage}>
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
        <Button onClick={onLock} data-testid="lock-button" className="shrink-0">
          {t.lock}
        </Button>
        {/* Language, PIN and sign-out: used now and then, so one button keeps the bar on one row on a tablet. */}
        <div className="relative">
          <button
            type="button"
            aria-expanded={menuOpen}
            aria-controls={menuId}
            onClick={() => setMenuOpen((o) => !o)}
            data-testid="top-bar-menu"
            className="inline-flex min-h-12 items-center gap-2 rounded-xl border-2 border-neutral-300 bg-white px-4 text-lg font-medium hover:bg-neutral-100 focus-visible:outline-4 focus-visible:outline-blue-600"
          >
            {t.menu}
            <span aria-hidden="true">▾</span>
          </button>
          {menuOpen && (
            <div
              id={menuId}
              className="absolute right-0 top-full z-40 mt-2 flex w-64 flex-col gap-3 rounded-2xl border border-neutral-200 bg-white p-4 shadow-lg"
              data-testid="top-bar-menu-panel"
            >
              <LanguageSwitch legend={t.language} />
              <Button
                onClick={() => {
                  setMenuOpen(false);
                  setPinOpen(true);
                }}
                data-testid="set-pin-open"
              >
                {employee.hasPin ? t.changePin : t.setPin}
              </Button>
              <Button variant="ghost" onClick={onSignOut} data-testid="logout-button">
                {t.logout}
              </Button>
            </div>
          )}
        </div>
      </div>
      {pinOpen && (
        <div
          className="fixed inset-0 z-50 flex items-center justify-center bg-neutral-900/60 p-4"
          role="dialog"
          aria-modal="true"
          aria-label={t.setPin}
        >
          <div className="w-full max-w-md rounded-2xl bg-white p-6 shadow-lg">
            <SetPinForm lang={lang} onDone={() => setPinOpen(false)} />
          </div>
        </div>
      )}
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
