/**
 * The waiting view and its outcomes: the scanned code (grouped, for the teller to compare with the client's phone),
 * the service and documents asked for, a countdown to expiry and cancel; declined/expired/failed/cancelled each as
 * titled by its cause (the server's `reason.code`: a mistyped code is not a "delivery failure") with one sentence in
 * the teller's language and the next step — «Сканувати ще раз» when a fresh code is what helps, else "next client".
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
  visitDocuments = 0,
  cancelling = false,
  onCancel,
  onNext,
}: {
  lang: Lang;
  request: SharingRequest;
  /** Earlier requests of this client's visit whose documents are already in. */
  visitDocuments?: number;
  cancelling?: boolean;
  onCancel: () => void;
  /** `rescan`: a fresh code from the same client is the next step; `next`: the next client. */
  onNext: (step: "rescan" | "next") => void;
}) {
  const t = requestsText[lang];
  const waiting = request.status === "waiting";
  const outcome = request.status !== "waiting" && request.status !== "received" ? request.status : null;
  const reasons: Record<string, { title: string; rescan: boolean; message?: string }> = t.reasons;
  const reason = request.reason ? reasons[request.reason.code] : undefined;
  // The server words its reasons in Ukrainian; in English ours. A reason this build does not know yet keeps the
  // server's sentence rather than a vaguer one.
  const message =
    (lang === "en" ? reason?.message : undefined) ??
    request.reason?.message ??
    (outcome ? t.fallback[outcome] : "");

  return (
    <section
      className="flex w-full max-w-3xl flex-col gap-6 rounded-2xl bg-white p-6 shadow-sm"
      aria-labelledby="request-title"
      data-testid="request-status"
      data-status={request.status}
    >
      <h1 id="request-title" className="text-2xl font-semibold">
        {outcome ? (reason?.title ?? t.statusTitle[outcome]) : t.waitingTitle}
      </h1>
      {outcome ? (
        <p
          role="alert"
          className="rounded-xl border-2 border-amber-300 bg-amber-50 px-4 py-3 text-lg text-amber-950"
          data-testid="request-outcome"
        >
          {message}
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
        <dd className="flex flex-col gap-2">
          {/* A barcode or document QR brings the one document it belongs to; only a deeplink asks for all. */}
          <span className="text-neutral-800" data-testid="request-brings">
            {request.kind === "deeplink" ? t.deeplinkBrings : t.codeBrings}
          </span>
          <RequestedDocuments types={request.documentTypes} lang={lang} />
          {visitDocuments > 0 && (
            <span className="text-neutral-700" data-testid="request-visit">
              {t.visitSoFar(visitDocuments)}
            </span>
          )}
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
          <Button
            variant="primary"
            onClick={() => onNext(reason?.rescan ? "rescan" : "next")}
            data-testid="request-next"
            data-step={reason?.rescan ? "rescan" : "next"}
          >
            {reason?.rescan ? t.rescan : t.next}
          </Button>
        )}
      </div>
    </section>
  );
}
