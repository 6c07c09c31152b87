/**
 * The answer of a check, readable from a metre away: a full-width green (valid) or red panel with a large icon, the
 * verdict in huge type, the reason and the time. It clears itself after `clearAfterMs` (the next client should not
 * see the last one's verdict) and on the close button; the scan screen also clears it on the next scan.
 *
 * @example
 * {answer && <CheckResultPanel lang="uk" answer={answer} onClear={() => setAnswer(null)} />}
 */
import { useEffect } from "react";
import type { Lang } from "../../../lib/i18n.tsx";
import type { CheckAnswer } from "../api/create-check.ts";
import { checksText } from "../i18n.ts";

export const CLEAR_AFTER_MS = 8_000;

const LOCALES: Record<Lang, string> = { uk: "uk-UA", en: "en-GB" };

export function CheckResultPanel({
  lang,
  answer,
  onClear,
  clearAfterMs = CLEAR_AFTER_MS,
}: {
  lang: Lang;
  answer: CheckAnswer;
  onClear: () => void;
  clearAfterMs?: number;
}) {
  const t = checksText[lang];
  const valid = answer.result === "valid";
  useEffect(() => {
    const timer = setTimeout(onClear, clearAfterMs);
    return () => clearTimeout(timer);
  }, [onClear, clearAfterMs]);
  const time = new Intl.DateTimeFormat(LOCALES[lang], { timeStyle: "medium" }).format(
    new Date(answer.checkedAt),
  );

  return (
    <section
      role="status"
      aria-live="assertive"
      data-testid="check-result"
      data-result={answer.result}
      className={`flex w-full flex-col items-center gap-4 rounded-3xl px-6 py-10 text-center text-white shadow-lg ${valid ? "bg-green-800" : "bg-red-800"}`}
    >
      <svg
        viewBox="0 0 24 24"
        aria-hidden="true"
        className="h-32 w-32"
        fill="none"
        stroke="currentColor"
        strokeWidth="3"
      >
        <circle cx="12" cy="12" r="10.5" strokeWidth="1.5" />
        {valid ? <path d="M6.5 12.5l3.5 3.5 7.5-8" /> : <path d="M8 8l8 8M16 8l-8 8" />}
      </svg>
      <h2 className="text-6xl font-extrabold leading-tight tracking-tight" data-testid="check-title">
        {t.title[answer.result]}
      </h2>
      <p className="max-w-2xl text-3xl font-semibold leading-snug" data-testid="check-reason">
        {t.reason[answer.result]}
      </p>
      <p className="text-2xl font-medium">
        {t.checkedAt}{" "}
        <time dateTime={answer.checkedAt} data-testid="check-time">
          {time}
        </time>
      </p>
      <button
        type="button"
        onClick={onClear}
        data-testid="check-dismiss"
        className="min-h-12 rounded-xl border-2 border-white px-6 text-xl font-semibold focus-visible:outline-4 focus-visible:outline-offset-2 focus-visible:outline-white"
      >
        {t.dismiss}
      </button>
    </section>
  );
}
