/**
 * A copy's «Підписи» section for a manager: each Дія.Підпис signing of the application (newest first) with its
 * status, the signer, whether the signer's РНОКПП is the client's, the times (Kyiv), the application PDF and the
 * detached signature (`.p7s`) as downloads (audited on the server), and «Перевірити ще раз», which has the server
 * verify the signature again now and shows the answer with when it was checked.
 *
 * @example
 * <CopySignings lang="uk" copyId={copy.id} signings={copy.signings} />
 */

import type { Signing } from "@stiika/api";
import { ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { formatKyivDateTime } from "../../../utils/format.ts";
import { signingExportUrl } from "../api/get-copy.ts";
import { useVerifySigning } from "../api/verify-signing.ts";
import { copiesText, signingStatusText } from "../i18n.ts";

const link =
  "inline-flex min-h-12 items-center rounded-xl border-2 border-neutral-300 px-5 text-lg font-medium hover:bg-neutral-100 focus-visible:outline-4 focus-visible:outline-blue-600";

export function CopySignings({
  lang,
  copyId,
  signings,
}: {
  lang: Lang;
  copyId: string;
  signings: Signing[];
}) {
  const t = copiesText[lang];
  return (
    <Card aria-labelledby="copy-signings" data-testid="copy-signings">
      <h2 id="copy-signings" className="text-xl font-semibold">
        {t.signings}
      </h2>
      {signings.length === 0 ? (
        <p className="text-neutral-700">{t.noSignings}</p>
      ) : (
        <ol className="flex flex-col divide-y divide-neutral-200">
          {signings.map((s) => (
            <SigningRow key={s.id} lang={lang} copyId={copyId} signing={s} />
          ))}
        </ol>
      )}
    </Card>
  );
}

function SigningRow({ lang, copyId, signing: s }: { lang: Lang; copyId: string; signing: Signing }) {
  const t = copiesText[lang];
  const verify = useVerifySigning();
  const signed = s.status === "signed" || s.status === "signed_by_other";
  const when = (iso: string | null | undefined) => (iso ? formatKyivDateTime(iso, lang) : "—");
  const result = verify.data;
  return (
    <li
      className="flex flex-col gap-2 py-3 first:pt-0 last:pb-0"
      data-testid="copy-signing"
      data-signing-id={s.id}
      data-status={s.status}
    >
      <p
        className={`text-lg font-semibold ${s.status === "signed" ? "text-green-800" : s.status === "signed_by_other" ? "text-red-800" : "text-neutral-900"}`}
        data-testid="copy-signing-status"
      >
        {signingStatusText[lang][s.status] ?? s.status}
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 break-all">
        <dt className="text-neutral-700">{t.signingFile}</dt>
        <dd className="font-mono">{s.fileName}</dd>
        <dt className="text-neutral-700">{t.signingAlgo}</dt>
        <dd>{s.signAlgo === "DSTU" ? "ДСТУ 4145" : "ECDSA"}</dd>
        <dt className="text-neutral-700">{t.signingAsked}</dt>
        <dd>{when(s.createdAt)}</dd>
        {s.signer && (
          <>
            <dt className="text-neutral-700">{t.signingSigner}</dt>
            <dd className="font-medium" data-testid="copy-signing-signer">
              {s.signer.fullName}
            </dd>
            <dt className="text-neutral-700">{t.rnokppMatch}</dt>
            <dd
              className={s.signer.rnokppMatches ? "text-green-800" : "font-semibold text-red-800"}
              data-testid="copy-signing-rnokpp"
              data-matches={s.signer.rnokppMatches}
            >
              {s.signer.rnokppMatches ? `✓ ${t.rnokppMatches}` : `✗ ${t.rnokppDiffers}`}
            </dd>
            <dt className="text-neutral-700">{t.signedAt}</dt>
            <dd data-testid="copy-signing-time">{when(s.signedAt ?? s.signer.signingTime)}</dd>
            <dt className="text-neutral-700">{t.certificate}</dt>
            <dd className="text-sm">
              {s.signer.issuer} · {s.signer.certificateSerial}
            </dd>
          </>
        )}
        {s.reason && (
          <>
            <dt className="text-neutral-700">{t.signingReason}</dt>
            <dd>{s.reason.message}</dd>
          </>
        )}
      </dl>
      <div className="flex flex-wrap gap-3">
        <a
          href={signingExportUrl(copyId, s.id, "pdf")}
          download
          className={link}
          data-testid="export-signing-pdf"
        >
          {t.exportApplication}
        </a>
        {signed && (
          <>
            <a
              href={signingExportUrl(copyId, s.id, "signature")}
              download={`${s.fileName}.p7s`}
              className={link}
              data-testid="export-signing-p7s"
            >
              {t.exportSignature}
            </a>
            <Button
              onClick={() => verify.mutate({ copyId, signingId: s.id })}
              disabled={verify.isPending}
              data-testid="signing-verify"
            >
              {verify.isPending ? t.verifying : t.verify}
            </Button>
          </>
        )}
      </div>
      {result && (
        <p
          role="status"
          className={`rounded-xl px-4 py-3 ${result.valid ? "bg-green-50 text-green-900" : "bg-red-50 text-red-900"}`}
          data-testid="signing-verify-result"
          data-valid={result.valid}
          data-code={result.code ?? undefined}
        >
          <span className="font-semibold">
            {result.valid ? `✓ ${t.verifyValid}` : `✗ ${t.verifyInvalid}: ${result.message}`}
          </span>{" "}
          <span className="text-sm text-neutral-700">({t.checkedAt(when(result.checkedAt))})</span>
        </p>
      )}
      <ErrorAlert
        error={verify.error}
        lang={lang}
        className="font-medium"
        data-testid="signing-verify-error"
      />
    </li>
  );
}
