// The "Підписано Дією" line from the server's provenance: verified signature, signer and signing time.
import type { Lang } from "../../../lib/i18n.tsx";
import type { Provenance } from "../api/get-documents.ts";
import { documentsText } from "../i18n.ts";

export function SignatureStatus({ lang, provenance }: { lang: Lang; provenance: Provenance }) {
  const t = documentsText[lang];
  if (!provenance.verified) {
    return (
      <p
        role="alert"
        className="font-semibold text-red-800"
        data-testid="signature-status"
        data-verified="false"
      >
        {t.notVerified}
      </p>
    );
  }
  const when = provenance.signingTime ?? provenance.receivedAt;
  return (
    <div className="flex flex-col gap-0.5" data-testid="signature-status" data-verified="true">
      <p className="flex items-center gap-2 font-semibold text-green-800">
        <span
          aria-hidden
          className="inline-block size-5 rounded-full bg-green-700 text-center text-sm leading-5 text-white"
        >
          ✓
        </span>
        {t.signed}
      </p>
      <p className="text-sm text-neutral-700">
        {t.signedAt}:{" "}
        <time dateTime={when}>{new Date(when).toLocaleString(lang === "uk" ? "uk-UA" : "en-GB")}</time>
        {" · "}
        {t.signer}: {provenance.signer.subject}
      </p>
    </div>
  );
}
