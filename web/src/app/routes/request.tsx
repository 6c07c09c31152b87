// /requests/:id (loaded lazily): the waiting view while the client decides in the Diia app (with the full-screen QR
// for a deeplink request), then the questionnaire beside the signed PDFs once the documents arrive.
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate, useParams } from "react-router";
import { Button } from "../../components/button.tsx";
import { authKeys } from "../../features/auth/query-keys.ts";
import { useRequestDocuments } from "../../features/documents/api/get-documents.ts";
import { PdfViewer } from "../../features/documents/components/pdf-viewer.tsx";
import { QuestionnaireForm } from "../../features/questionnaire/components/questionnaire-form.tsx";
import { useCancelRequest } from "../../features/requests/api/cancel-request.ts";
import { type SharingRequest, useSharingRequest } from "../../features/requests/api/get-request.ts";
import { DeeplinkQr } from "../../features/requests/components/deeplink-qr.tsx";
import { RequestStatus } from "../../features/requests/components/request-status.tsx";
import { useServices } from "../../features/services/api/get-services.ts";
import { serviceKeys } from "../../features/services/query-keys.ts";
import { errorText } from "../../lib/error-text.ts";
import { useLang } from "../../lib/i18n.tsx";
import { revokeAllObjectUrls } from "../../lib/object-urls.ts";
import { groupBarcode } from "../../utils/format.ts";
import { appText } from "../i18n.ts";

export function RequestRoute() {
  const { id = "" } = useParams();
  const { lang } = useLang();
  const t = appText[lang];
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const request = useSharingRequest(id);
  const cancel = useCancelRequest();

  // Leaving for the next client forgets this one: every cached answer but who is signed in and the branch's
  // services goes, the PDFs' object URLs are revoked, and this entry of the history is replaced — so the browser's
  // Back shows the scan screen, never the previous client's questionnaire.
  const next = () => {
    queryClient.removeQueries({
      predicate: (q) => q.queryKey[0] !== authKeys.all[0] && q.queryKey[0] !== serviceKeys.all[0],
    });
    revokeAllObjectUrls();
    navigate("/scan", { replace: true });
  };

  if (request.isPending) return <p className="p-6 text-lg text-neutral-700">{t.loading}</p>;
  if (request.error) {
    return (
      <div className="flex flex-col items-center gap-4 p-6">
        <p role="alert" className="text-lg font-medium text-red-800" data-testid="request-error">
          {errorText(request.error, lang)}
        </p>
        <Button variant="primary" onClick={next} data-testid="request-next">
          {t.backToScan}
        </Button>
      </div>
    );
  }
  const r = request.data;
  if (r.status === "received") return <Received request={r} onDone={next} />;
  return (
    <>
      <RequestStatus
        lang={lang}
        request={r}
        cancelling={cancel.isPending}
        onCancel={() => cancel.mutate(r.id)}
        onNext={next}
      />
      {r.kind === "deeplink" && r.status === "waiting" && r.deeplink && (
        <DeeplinkQr
          lang={lang}
          link={r.deeplink}
          expiresAt={r.expiresAt}
          onClose={() => cancel.mutate(r.id)}
        />
      )}
    </>
  );
}

function Received({ request, onDone }: { request: SharingRequest; onDone: () => void }) {
  const { lang } = useLang();
  const t = appText[lang];
  const documents = useRequestDocuments(request.id, { enabled: true });
  const services = useServices();
  const service = services.data?.find((s) => s.id === request.service.id);

  if (documents.isPending || services.isPending)
    return <p className="p-6 text-lg text-neutral-700">{t.loading}</p>;
  const error = documents.error ?? services.error;
  if (error || !service || !documents.data) {
    return (
      <div className="flex flex-col items-center gap-4 p-6">
        <p role="alert" className="text-lg font-medium text-red-800">
          {errorText(error, lang)}
        </p>
        <Button onClick={onDone}>{t.backToScan}</Button>
      </div>
    );
  }
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
      <div className="grid w-full gap-6 xl:grid-cols-2">
        {service.checkOnly ? (
          <div className="flex flex-col gap-4 rounded-2xl bg-white p-6 shadow-sm">
            <p className="text-lg">{t.checkOnlyDone}</p>
            <Button variant="primary" onClick={onDone} data-testid="check-only-done">
              {t.backToScan}
            </Button>
          </div>
        ) : (
          <QuestionnaireForm
            lang={lang}
            requestId={request.id}
            templateId={service.template}
            documents={documents.data}
            onSaved={onDone}
          />
        )}
        <div className="flex min-w-0 flex-col gap-6">
          {documents.data.map((d) => (
            <PdfViewer key={d.id} lang={lang} document={d} />
          ))}
        </div>
      </div>
    </div>
  );
}
