/**
 * Signing the saved questionnaire in Diia (Дія.Підпис), on the request screen: «Підписати в Дії» asks the server
 * for the application and its signing deeplink; the teller reads the application with the client (the PDF, by the
 * caller's `renderPdf`, so this feature stays independent of the documents one), then shows the deeplink as a
 * full-screen QR with the countdown and the file name the client will see in Diia. The signing is long-polled to
 * its outcome: signed (by whom, when — Kyiv time), signed by another person (a warning: not the client's
 * signature), or declined/expired/failed/cancelled with the reason; each failure offers «Спробувати ще раз». A
 * reloaded tablet resumes from `known` (the request's latest signing). The idle lock holds off while the signing
 * waits for the client, as over the sharing QR.
 *
 * @example
 * <SigningPanel lang="uk" requestId={r.id} known={r.signing} renderPdf={(s) => <PdfViewer … />}
 *   onEdit={() => setMode("form")} onNext={nextClient} />
 */

import type { Signing } from "@stiika/api";
import { type ReactNode, useState } from "react";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { Countdown } from "../../../components/countdown.tsx";
import { DeeplinkQr } from "../../../components/deeplink-qr.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useHoldLock } from "../../../lib/lock-hold.ts";
import { formatKyivDateTime } from "../../../utils/format.ts";
import { useCancelSigning } from "../api/cancel-signing.ts";
import { useCreateSigning } from "../api/create-signing.ts";
import { useSigning } from "../api/get-signing.ts";
import { reasonsEn, signingText } from "../i18n.ts";

export function SigningPanel({
  lang,
  requestId,
  known,
  renderPdf,
  onEdit,
  onNext,
}: {
  lang: Lang;
  requestId: string;
  /** The request's latest signing (`Request.signing`), to resume after a reload; null: none yet. */
  known: Signing | null;
  renderPdf: (signing: Signing) => ReactNode;
  /** Back to the questionnaire (only before a signature is asked for or after one failed). */
  onEdit: () => void;
  onNext: () => void;
}) {
  const t = signingText[lang];
  const [signingId, setSigningId] = useState(known?.id ?? null);
  const create = useCreateSigning();
  const start = () => create.mutate({ requestId }, { onSuccess: (s) => setSigningId(s.id) });
  const createError = <ErrorAlert error={create.error} lang={lang} boxed data-testid="signing-error" />;

  if (!signingId)
    return (
      <Panel status="none">
        <h2 id="signing-title" className="text-2xl font-semibold">
          {t.savedTitle}
        </h2>
        <p className="text-lg text-neutral-700">{t.offerHint}</p>
        {createError}
        <div className="flex flex-wrap gap-3">
          <Button variant="primary" onClick={start} disabled={create.isPending} data-testid="signing-start">
            {create.isPending ? t.signing : t.sign}
          </Button>
          <Button onClick={onEdit} data-testid="signing-edit">
            {t.editQuestionnaire}
          </Button>
          <Button variant="ghost" onClick={onNext} data-testid="signing-next">
            {t.next}
          </Button>
        </div>
      </Panel>
    );
  return (
    <SigningState
      // A new attempt is a new signing: its view starts afresh (QR closed, nothing of the last one's cancel).
      key={signingId}
      lang={lang}
      id={signingId}
      known={known}
      renderPdf={renderPdf}
      retrying={create.isPending}
      error={createError}
      onRetry={start}
      onEdit={onEdit}
      onNext={onNext}
    />
  );
}

function SigningState({
  lang,
  id,
  known,
  renderPdf,
  retrying,
  error,
  onRetry,
  onEdit,
  onNext,
}: {
  lang: Lang;
  id: string;
  known: Signing | null;
  renderPdf: (signing: Signing) => ReactNode;
  retrying: boolean;
  error: ReactNode;
  onRetry: () => void;
  onEdit: () => void;
  onNext: () => void;
}) {
  const t = signingText[lang];
  const query = useSigning(id, known ?? undefined);
  const cancel = useCancelSigning();
  const [qrOpen, setQrOpen] = useState(false);
  const signing = query.data;
  const waiting = signing?.status === "waiting";
  // The client is reading the application or scanning the QR: no idle lock over that.
  useHoldLock(waiting);

  if (!signing)
    return (
      <Panel status="loading" titled={false}>
        {query.error ? (
          <ErrorAlert error={query.error} lang={lang} className="font-medium" data-testid="signing-error" />
        ) : (
          <p className="text-lg text-neutral-700">{t.signing}</p>
        )}
      </Panel>
    );

  const refused = waiting && signing.refusedCallbacks > 0 && (
    <Alert tone="info" className="text-base text-neutral-700" data-testid="signing-refused">
      {t.refused(signing.refusedCallbacks)}
    </Alert>
  );
  const fileName = (
    <p className="text-lg">
      <span className="text-neutral-700">{t.fileName}: </span>
      <span className="font-mono font-semibold break-all" data-testid="signing-file-name">
        {signing.fileName}
      </span>
    </p>
  );
  const cancelError = (
    <ErrorAlert error={cancel.error} lang={lang} className="font-medium" data-testid="signing-cancel-error" />
  );

  if (signing.status === "waiting")
    return (
      <Panel status={signing.status}>
        <h2 id="signing-title" className="text-2xl font-semibold">
          {t.waitingTitle}
        </h2>
        <p className="text-lg text-neutral-700">{t.waitingHint}</p>
        {fileName}
        {refused}
        <Countdown expiresAt={signing.expiresAt} label={t.expiresIn} data-testid="signing-panel-countdown" />
        {cancelError}
        <div className="flex flex-wrap gap-3">
          <Button
            variant="primary"
            onClick={() => setQrOpen(true)}
            disabled={!signing.deeplink}
            data-testid="signing-show-qr"
          >
            {t.showQr}
          </Button>
          <Button
            variant="danger"
            onClick={() => cancel.mutate(signing.id)}
            disabled={cancel.isPending}
            data-testid="signing-cancel"
          >
            {t.cancel}
          </Button>
        </div>
        {renderPdf(signing)}
        {qrOpen && signing.deeplink && (
          <DeeplinkQr
            prefix="signing"
            link={signing.deeplink}
            expiresAt={signing.expiresAt}
            onClose={() => cancel.mutate(signing.id)}
            closing={cancel.isPending}
            text={{
              title: t.qrTitle,
              hint: t.qrHint,
              close: t.cancel,
              failed: t.qrFailed,
              expiresIn: t.expiresIn,
            }}
          >
            {fileName}
            {refused}
            {cancelError}
            <Button onClick={() => setQrOpen(false)} data-testid="signing-qr-back">
              {t.qrBack}
            </Button>
          </DeeplinkQr>
        )}
      </Panel>
    );

  const { status } = signing;
  const signer = signing.signer;
  const at = signing.signedAt ?? signer?.signingTime;
  // The server words its reasons in Ukrainian; in English ours, or the server's for a code this build does not know.
  const reason =
    (lang === "en" && signing.reason ? reasonsEn[signing.reason.code] : undefined) ?? signing.reason?.message;
  const message =
    status === "signed" && signer
      ? t.signedBy(signer.fullName, at ? formatKyivDateTime(at, lang) : "—")
      : status === "signed_by_other" && signer
        ? t.signedByOther(signer.fullName)
        : (reason ?? t.fallback[status] ?? "");
  const tone =
    status === "signed"
      ? "border-green-600 bg-green-50 text-green-950"
      : status === "signed_by_other"
        ? "border-red-500 bg-red-50 text-red-950"
        : "border-amber-300 bg-amber-50 text-amber-950";

  return (
    <Panel status={status}>
      <h2 id="signing-title" className="text-2xl font-semibold">
        {t.statusTitle[status]}
      </h2>
      <p
        role={status === "signed" ? "status" : "alert"}
        className={`rounded-xl border-2 px-4 py-3 text-lg font-medium ${tone}`}
        data-testid="signing-outcome"
      >
        {message}
      </p>
      {status === "signed_by_other" && (
        <p className="text-neutral-800" data-testid="signing-other-reason">
          {reason ?? t.signedByOtherHint}
        </p>
      )}
      {error}
      <div className="flex flex-wrap gap-3">
        {status !== "signed" && (
          <Button variant="primary" onClick={onRetry} disabled={retrying} data-testid="signing-retry">
            {retrying ? t.signing : t.retry}
          </Button>
        )}
        {status !== "signed" && status !== "signed_by_other" && (
          <Button onClick={onEdit} data-testid="signing-edit">
            {t.editQuestionnaire}
          </Button>
        )}
        <Button
          variant={status === "signed" ? "primary" : "ghost"}
          onClick={onNext}
          data-testid="signing-next"
        >
          {t.next}
        </Button>
      </div>
      {(status === "signed" || status === "signed_by_other") && renderPdf(signing)}
    </Panel>
  );
}

/** The signing section in every state: the state is its data-status (the tests and e2e read it). */
function Panel({
  status,
  titled = true,
  children,
}: {
  status: string;
  titled?: boolean;
  children: ReactNode;
}) {
  return (
    <Card
      padding="xl"
      className="flex flex-col gap-4"
      aria-labelledby={titled ? "signing-title" : undefined}
      data-testid="signing"
      data-status={status}
    >
      {children}
    </Card>
  );
}
