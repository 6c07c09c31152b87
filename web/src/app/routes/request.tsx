// /requests/:id (loaded lazily): the waiting view while the client decides in the Diia app (with the full-screen QR
// for a deeplink request), then the questionnaire beside the signed PDFs once the documents arrive, and once it is
// saved the client's signature of the application in Diia (a reload resumes the request's latest signing). A visit
// with several documents (`?visit=` earlier requests of the same client) fills one questionnaire from all of them
// and says what is still missing, with the two ways to get it.
import { useQueries } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import { ErrorAlert } from "../../components/alert.tsx";
import { Button } from "../../components/button.tsx";
import { DeeplinkQr } from "../../components/deeplink-qr.tsx";
import { requestDocumentsQueryOptions } from "../../features/documents/api/get-documents.ts";
import { PdfViewer } from "../../features/documents/components/pdf-viewer.tsx";
import { QuestionnaireForm } from "../../features/questionnaire/components/questionnaire-form.tsx";
import { useCancelRequest } from "../../features/requests/api/cancel-request.ts";
import { useCreateRequest } from "../../features/requests/api/create-request.ts";
import { type SharingRequest, useSharingRequest } from "../../features/requests/api/get-request.ts";
import { RequestStatus } from "../../features/requests/components/request-status.tsx";
import { requestedTitle } from "../../features/requests/components/requested-documents.tsx";
import { requestsText } from "../../features/requests/i18n.ts";
import { missingTypes, parseVisit, withVisit } from "../../features/requests/lib/visit.ts";
import { useServices } from "../../features/services/api/get-services.ts";
import { signingPdfPath } from "../../features/signing/api/signing-pdf.ts";
import { SigningPanel } from "../../features/signing/components/signing-panel.tsx";
import { signingText } from "../../features/signing/i18n.ts";
import { errorText } from "../../lib/error-text.ts";
import { useLang } from "../../lib/i18n.tsx";
import { useHoldLock } from "../../lib/lock-hold.ts";
import { groupBarcode } from "../../utils/format.ts";
import { useNextClient } from "../hand-over.ts";
import { appText } from "../i18n.ts";

export function RequestRoute() {
  const { id = "" } = useParams();
  const [search] = useSearchParams();
  const earlier = parseVisit(search.get("visit")).filter((v) => v !== id);
  const { lang } = useLang();
  const t = appText[lang];
  const rt = requestsText[lang];
  const navigate = useNavigate();
  const request = useSharingRequest(id);
  const cancel = useCancelRequest();
  // The client is consenting on the phone (or scanning the deeplink QR): no idle lock over that.
  useHoldLock(request.data?.status === "waiting");

  const next = useNextClient();
  // Scanning again within a visit keeps the documents already in: only this attempt is dropped.
  const rescan = () => navigate(withVisit("/scan", earlier), { replace: true });

  if (request.isPending) return <p className="p-6 text-lg text-neutral-700">{t.loading}</p>;
  if (request.error) {
    return (
      <div className="flex flex-col items-center gap-4 p-6">
        <ErrorAlert
          error={request.error}
          lang={lang}
          className="text-lg font-medium"
          data-testid="request-error"
        />
        <Button variant="primary" onClick={next} data-testid="request-next">
          {t.backToScan}
        </Button>
      </div>
    );
  }
  const r = request.data;
  if (r.status === "received") return <Received request={r} earlier={earlier} onDone={next} />;
  return (
    <>
      <RequestStatus
        lang={lang}
        request={r}
        visitDocuments={earlier.length}
        cancelling={cancel.isPending}
        onCancel={() => cancel.mutate(r.id)}
        onNext={(step) => (step === "rescan" && earlier.length > 0 ? rescan() : next())}
      />
      {r.kind === "deeplink" && r.status === "waiting" && r.deeplink && (
        <DeeplinkQr
          link={r.deeplink}
          expiresAt={r.expiresAt}
          onClose={() => cancel.mutate(r.id)}
          closing={cancel.isPending}
          text={{
            title: rt.deeplinkTitle,
            hint: rt.deeplinkHint,
            close: rt.deeplinkClose,
            failed: rt.deeplinkFailed,
            expiresIn: rt.expiresIn,
          }}
        />
      )}
    </>
  );
}

const jump =
  "inline-flex min-h-12 flex-1 items-center justify-center rounded-lg bg-white px-4 text-lg font-medium shadow-sm focus-visible:outline-4 focus-visible:outline-blue-600";

// Buttons, not #links: a hash would be one more history entry to step Back through.
const scrollTo = (id: string) => () =>
  document.getElementById(id)?.scrollIntoView({ behavior: "smooth", block: "start" });

function Received({
  request,
  earlier,
  onDone,
}: {
  request: SharingRequest;
  earlier: string[];
  onDone: () => void;
}) {
  const { lang } = useLang();
  const t = appText[lang];
  const navigate = useNavigate();
  const visit = [...earlier, request.id];
  const documents = useQueries({
    queries: visit.map((id) => requestDocumentsQueryOptions(id)),
    combine: (results) => ({
      data: results.every((q) => q.data) ? results.flatMap((q) => q.data ?? []) : undefined,
      isPending: results.some((q) => q.isPending),
      error: results.find((q) => q.error)?.error ?? null,
    }),
  });
  const services = useServices();
  const createRest = useCreateRequest();
  // After the save, or straight away when the request already has a signing (a reloaded tablet): the signing.
  const [mode, setMode] = useState<"form" | "signing">(request.signing ? "signing" : "form");
  // What to resume: the request's signing as loaded, until a new save asks for a new one.
  const [resume, setResume] = useState(request.signing);
  const service = services.data?.find((s) => s.id === request.service.id);

  if (documents.isPending || services.isPending)
    return <p className="p-6 text-lg text-neutral-700">{t.loading}</p>;
  const error = documents.error ?? services.error;
  if (error || !service || !documents.data) {
    return (
      <div className="flex flex-col items-center gap-4 p-6">
        <p role="alert" className="text-lg font-medium text-red-800">
          {error ? errorText(error, lang) : null}
        </p>
        <Button onClick={onDone}>{t.backToScan}</Button>
      </div>
    );
  }
  const missing = missingTypes(
    service.documentTypes,
    documents.data.map((d) => d.type),
  );
  return (
    <div className="flex w-full flex-col gap-4" data-testid="request-received">
      <div className="flex flex-wrap items-baseline gap-x-6 gap-y-1">
        <h1 className="text-2xl font-semibold">{t.received}</h1>
        <span className="text-neutral-700">{request.service.name}</span>
        {request.code && (
          <span className="font-mono text-xl tabular-nums" data-testid="scanned-code">
            {groupBarcode(request.code)}
          </span>
        )}
      </div>
      {missing.length > 0 && !service.checkOnly && (
        <section
          className="flex flex-col gap-3 rounded-2xl border-2 border-amber-400 bg-amber-50 p-4"
          aria-labelledby="missing-title"
          data-testid="visit-missing"
          data-missing={missing.join(",")}
        >
          <h2 id="missing-title" className="text-xl font-semibold text-amber-950">
            {t.stillNeeded(missing.map((m) => requestedTitle(m, lang)).join(", "))}
          </h2>
          <p className="text-amber-950">{t.stillNeededHint}</p>
          <div className="flex flex-wrap gap-3">
            <Button
              variant="primary"
              onClick={() => navigate(withVisit("/scan", visit), { replace: true })}
              data-testid="visit-scan-next"
            >
              {t.scanNext}
            </Button>
            <Button
              disabled={createRest.isPending}
              onClick={() =>
                createRest.mutate(
                  { serviceId: service.id, kind: "deeplink", documentTypes: missing },
                  {
                    onSuccess: (next) =>
                      navigate(withVisit(`/requests/${encodeURIComponent(next.id)}`, visit), {
                        replace: true,
                      }),
                  },
                )
              }
              data-testid="visit-qr-rest"
            >
              {t.qrForRest}
            </Button>
          </div>
          <p className="text-sm text-amber-950">{t.qrForRestHint}</p>
          <ErrorAlert error={createRest.error} lang={lang} className="font-medium" />
        </section>
      )}
      {/* Below two columns the PDFs sit under a long form: one tap reaches either. */}
      <nav
        className="sticky top-16 z-20 flex gap-2 rounded-xl bg-neutral-100/95 py-1 lg:hidden"
        aria-label={t.jumpTo}
        data-testid="received-jump"
      >
        <button type="button" className={jump} onClick={scrollTo("received-form")}>
          {t.jumpForm}
        </button>
        <button
          type="button"
          className={jump}
          onClick={scrollTo("received-documents")}
          data-testid="jump-documents"
        >
          {t.jumpDocuments(documents.data.length)}
        </button>
      </nav>
      <div className="grid w-full gap-6 lg:grid-cols-2">
        <div id="received-form" className="min-w-0 scroll-mt-32">
          {service.checkOnly ? (
            <div className="flex flex-col gap-4 rounded-2xl bg-white p-6 shadow-sm">
              <p className="text-lg">{t.checkOnlyDone}</p>
              <Button variant="primary" onClick={onDone} data-testid="check-only-done">
                {t.backToScan}
              </Button>
            </div>
          ) : mode === "signing" ? (
            <SigningPanel
              lang={lang}
              requestId={request.id}
              known={resume}
              renderPdf={(s) => (
                <PdfViewer
                  key={s.id}
                  lang={lang}
                  document={{ id: s.id, title: signingText[lang].applicationTitle }}
                  pdfPath={signingPdfPath(s.id)}
                  fileName={s.fileName}
                />
              )}
              onEdit={() => setMode("form")}
              onNext={onDone}
            />
          ) : (
            <QuestionnaireForm
              key={documents.data.map((d) => d.id).join(",")}
              draftKey={visit[0] ?? request.id}
              lang={lang}
              requestIds={visit}
              templateId={service.template}
              documents={documents.data}
              missing={missing}
              onSaved={() => {
                setResume(null);
                setMode("signing");
              }}
            />
          )}
        </div>
        <div id="received-documents" className="flex min-w-0 scroll-mt-32 flex-col gap-6">
          {documents.data.map((d) => (
            <PdfViewer key={d.id} lang={lang} document={d} />
          ))}
        </div>
      </div>
    </div>
  );
}
