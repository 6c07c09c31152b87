// The findings of the automatic checks, errors first, each as one sentence with what to do.
import type { Lang } from "../../../lib/i18n.tsx";
import { questionnaireText } from "../i18n.ts";
import type { Finding } from "../lib/checks.ts";

export function CheckList({
  lang,
  findings,
  docTitle,
}: {
  lang: Lang;
  findings: Finding[];
  docTitle: (type: string) => string;
}) {
  const t = questionnaireText[lang];
  const sorted = [...findings].sort((a, b) =>
    a.severity === b.severity ? 0 : a.severity === "error" ? -1 : 1,
  );
  return (
    <section aria-labelledby="checks-title" className="flex flex-col gap-2" data-testid="checks">
      <h3 id="checks-title" className="text-lg font-semibold">
        {t.checksTitle}
      </h3>
      {sorted.length === 0 ? (
        <p className="text-green-800" data-testid="checks-ok">
          ✓ {t.checksOk}
        </p>
      ) : (
        <ul className="flex flex-col gap-2">
          {sorted.map((f) => (
            <li
              key={`${f.code}-${"documentType" in f ? f.documentType : ""}-${"part" in f ? f.part : ""}`}
              data-testid="check-finding"
              data-code={f.code}
              className={`rounded-xl border-2 px-3 py-2 ${
                f.severity === "error"
                  ? "border-red-300 bg-red-50 text-red-900"
                  : "border-amber-300 bg-amber-50 text-amber-950"
              }`}
            >
              {t.finding(f, docTitle)}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
