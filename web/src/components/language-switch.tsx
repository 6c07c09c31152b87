/**
 * The interface language, УКР / ENG: pressed buttons in a group, remembered on the device (`lib/i18n.tsx`). The top
 * bar's menu shows the short names; the sign-in screen, where nobody has chosen yet, the full ones.
 *
 * @example
 * <LanguageSwitch legend={t.language} names="full" />
 */
import { LANGS, useLang } from "../lib/i18n.tsx";

const NAMES = {
  short: { uk: "УКР", en: "ENG" },
  full: { uk: "Українська", en: "English" },
} as const;

export function LanguageSwitch({
  legend,
  names = "short",
  className = "",
}: {
  legend: string;
  names?: keyof typeof NAMES;
  className?: string;
}) {
  const { lang, setLang } = useLang();
  return (
    <fieldset
      className={`flex gap-0.5 rounded-xl border-2 border-neutral-300 p-0.5 ${className}`}
      data-testid="language-switch"
    >
      <legend className="sr-only">{legend}</legend>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          aria-pressed={lang === l}
          onClick={() => setLang(l)}
          data-testid={`lang-${l}`}
          lang={l}
          className="min-h-11 min-w-12 flex-1 rounded-lg px-3 font-semibold text-neutral-800 aria-pressed:bg-neutral-900 aria-pressed:text-white focus-visible:outline-4 focus-visible:outline-blue-600"
        >
          {NAMES[names][l]}
        </button>
      ))}
    </fieldset>
  );
}
