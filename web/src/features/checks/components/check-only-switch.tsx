/**
 * The «Лише перевірити» switch on the scan screen: a real switch (role="switch"), one tap, 48 px tall.
 *
 * @example
 * const [checkOnly, setCheckOnly] = useCheckOnly(service);
 * <CheckOnlySwitch lang="uk" checked={checkOnly} onChange={setCheckOnly} />
 */
import { useId } from "react";
import type { Lang } from "../../../lib/i18n.tsx";
import { checksText } from "../i18n.ts";

export function CheckOnlySwitch({
  lang,
  checked,
  onChange,
  disabled = false,
}: {
  lang: Lang;
  checked: boolean;
  onChange: (checked: boolean) => void;
  disabled?: boolean;
}) {
  const t = checksText[lang];
  const hint = useId();
  return (
    <div className="flex flex-col gap-1">
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-describedby={hint}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        data-testid="check-only-switch"
        className="flex min-h-12 items-center justify-between gap-3 rounded-xl px-1 text-left text-lg font-medium text-neutral-900 focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-blue-600 disabled:cursor-not-allowed disabled:text-neutral-500"
      >
        <span>{t.switchLabel}</span>
        <span
          aria-hidden="true"
          className={`relative inline-flex h-8 w-14 shrink-0 rounded-full transition-colors ${checked ? "bg-green-700" : "bg-neutral-400"}`}
        >
          <span
            className={`absolute top-1 h-6 w-6 rounded-full bg-white shadow transition-transform ${checked ? "translate-x-7" : "translate-x-1"}`}
          />
        </span>
      </button>
      <p id={hint} className="text-sm text-neutral-700">
        {t.switchHint}
      </p>
    </div>
  );
}
