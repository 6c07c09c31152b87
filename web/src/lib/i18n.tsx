/**
 * The UI language: Ukrainian by default, English on the switch; remembered per device. Copy itself lives in each
 * feature's `i18n.ts` as `{ uk, en }`.
 *
 * @example
 * const { lang, setLang } = useLang();
 * const t = authText[lang];
 */
import { createContext, type ReactNode, useContext, useEffect, useState } from "react";
import { readPref, writePref } from "./device-prefs.ts";

export const LANGS = ["uk", "en"] as const;
export type Lang = (typeof LANGS)[number];

const LangContext = createContext<{ lang: Lang; setLang: (lang: Lang) => void }>({
  lang: "uk",
  setLang: () => {},
});

export function LangProvider({ children, initial }: { children: ReactNode; initial?: Lang }) {
  const [lang, setLangState] = useState<Lang>(() => initial ?? (readPref("lang") === "en" ? "en" : "uk"));
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = (next: Lang) => {
    writePref("lang", next);
    setLangState(next);
  };
  return <LangContext value={{ lang, setLang }}>{children}</LangContext>;
}

export function useLang() {
  return useContext(LangContext);
}
