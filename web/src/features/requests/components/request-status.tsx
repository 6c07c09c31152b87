/**
 * The waiting view and its outcomes: the scanned code (grouped, for the teller to compare with the client's phone),
 * the service and documents asked for, a countdown to expiry and cancel; declined/expired/failed/cancelled each as
 * one sentence with the next step (the server's `reason.message`, else ours) and a "next client" button.
 * `received` is not shown here: the route renders the questionnaire instead.
 *
 * @example
 * <RequestStatus lang="uk" request={request} onCancel={() => cancel.mutate(request.id)} onNext={() => navigate("/scan")} />
 */
import { Button } from "../../../components/button.tsx";
import { Countdown } from "../../../components/countdown.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { groupBarcode } from "../../../utils/format.ts";
import { awaitsDelivery, type SharingRequest } from "../api/get-request.ts";
import { requestsText } from "../i18n.ts";
import { RequestedDocuments } from "./requested-documents.tsx";

export function RequestStatus({
  lang,
  request,
  cancelling = false,
  onCancel,
  onNext,
}: {
  lang: Lang;
  request: SharingRequest;
  cancelling?: boolean;
  onCancel: () => void;
  onNext: () => void;
}) {
  const t = requestsText[lang];
  const waiting = request.status === "waiting";
  const outcome = request.status !== "waiting" && request.status !== "received" ? request.status : null;

  return (
    <section
      className="flex w-full max-w-3xl flex-col gap-6 rounded-2xl bg-white p-6 shadow-sm"
      aria-labelledby="request-title"
      data-testid="request-status"
      data-status={request.status}
    >
      <h1 id="request-title" className="text-2xl font-semibold">
        {outcome ? t.statusTitle[outcome] : t.waitingTitle}
      </h1>
      {outcome ? (
        <p
          role="alert"
          className="rounded-xl border-2 border-amber-300 bg-amber-50 px-4 py-3 text-lg text-amber-950"
          data-testid="request-outcome"
        >
          {request.reason?.message ?? t.fallback[outcome]}
        </p>
      ) : (
        <p className="text-lg text-neutral-700">{t.waitingHint}</p>
      )}
      {request.status === "failed" && awaitsDelivery(request) && (
        <p className="text-base text-neutral-700" data-testid="request-still-open">
          {t.failedStillOpen}
        </p>
      )}

      {request.code && (
        <div className="flex flex-col gap-1">
          <span className="text-base text-neutral-700">{t.scannedCode}</span>
          <span
            className="font-mono text-4xl font-semibold tracking-wider tabular-nums"
            data-testid="scanned-code"
          >
            {groupBarcode(request.code)}
          </span>
          {waiting && <span className="text-sm text-neutral-600">{t.compareHint}</span>}
        </div>
      )}

      <dl className="grid gap-3 sm:grid-cols-[auto_1fr] sm:gap-x-6">
        <dt className="text-neutral-700">{t.service}</dt>
        <dd className="text-lg font-medium" data-testid="request-service">
          {request.service.name}
        </dd>
        <dt className="text-neutral-700">{t.requested}</dt>
        <dd>
          <RequestedDocuments types={request.documentTypes} lang={lang} />
        </dd>
      </dl>

      {waiting && (
        <Countdown expiresAt={request.expiresAt} label={t.expiresIn} data-testid="request-countdown" />
      )}

      <div className="flex flex-wrap gap-3">
        {waiting ? (
          <Button variant="danger" onClick={onCancel} disabled={cancelling} data-testid="request-cancel">
            {t.cancel}
          </Button>
        ) : (
          <Button variant="primary" onClick={onNext} data-testid="request-next">
            {t.next}
          </Button>
        )}
      </div>
    </section>
  );
}
