// /scan: pick the service, then scan (camera, wedge scanner, typing) or show the client a deeplink QR; either way
// a request is created and the teller moves on to its waiting view. The service comes first in focus order.
// With «Лише перевірити» on, a scanned barcode is only checked with Diia and the verdict shows here instead.
import { useCallback, useEffect, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { Button } from "../../components/button.tsx";
import { type CheckAnswer, useCreateCheck } from "../../features/checks/api/create-check.ts";
import { CheckOnlySwitch } from "../../features/checks/components/check-only-switch.tsx";
import { CheckResultPanel } from "../../features/checks/components/check-result-panel.tsx";
import { setCheckOnlyActive, useCheckOnly } from "../../features/checks/hooks/use-check-only.ts";
import { checksText } from "../../features/checks/i18n.ts";
import { useCreateRequest } from "../../features/requests/api/create-request.ts";
import { parseVisit, withVisit } from "../../features/requests/lib/visit.ts";
import { ScanPanel } from "../../features/scan/components/scan-panel.tsx";
import type { Service } from "../../features/services/api/get-services.ts";
import { ServicePicker } from "../../features/services/components/service-picker.tsx";
import { errorText } from "../../lib/error-text.ts";
import { useLang } from "../../lib/i18n.tsx";
import { useNextClient } from "../hand-over.ts";
import { appText } from "../i18n.ts";

export function ScanRoute() {
  const { lang } = useLang();
  const t = appText[lang];
  const navigate = useNavigate();
  // The next document of a client's visit (`?visit=` their earlier requests): the new request joins the visit.
  const [search] = useSearchParams();
  const visit = parseVisit(search.get("visit"));
  const nextClient = useNextClient();
  const [service, setService] = useState<Service | null>(null);
  const [attempt, setAttempt] = useState(0);
  const create = useCreateRequest();
  const check = useCreateCheck();
  const [checkOnly, setCheckOnly] = useCheckOnly(service);
  const [answer, setAnswer] = useState<CheckAnswer | null>(null);
  const [qrInCheck, setQrInCheck] = useState(false);
  const clearAnswer = useCallback(() => setAnswer(null), []);
  const busy = create.isPending || check.isPending;
  useEffect(() => {
    setCheckOnlyActive(checkOnly);
    return () => setCheckOnlyActive(false);
  }, [checkOnly]);

  type Ask = { kind: "barcode"; barcode: string } | { kind: "qr"; qr: string } | { kind: "deeplink" };
  const ask = (what: Ask) => {
    if (!service || busy) return;
    if (checkOnly) {
      // The next scan replaces the last verdict at once; the panel is fresh for the client after this one.
      setAnswer(null);
      setQrInCheck(what.kind === "qr");
      if (what.kind !== "barcode") {
        setAttempt((n) => n + 1);
        return;
      }
      check.mutate(
        { serviceId: service.id, barcode: what.barcode },
        { onSuccess: setAnswer, onSettled: () => setAttempt((n) => n + 1) },
      );
      return;
    }
    create.mutate(
      { serviceId: service.id, ...what },
      {
        // Replacing /scan keeps one history entry per visit: Back from the next client cannot land on this one.
        onSuccess: (request) =>
          navigate(withVisit(`/requests/${encodeURIComponent(request.id)}`, visit), { replace: true }),
        // A refused code (checksum, not a Diia QR, Diia down): a fresh panel restarts the camera for the next try.
        onError: () => setAttempt((n) => n + 1),
      },
    );
  };

  return (
    <div
      className={`flex w-full max-w-5xl flex-col gap-4 ${checkOnly ? "rounded-3xl bg-amber-100 p-3 ring-4 ring-amber-500" : ""}`}
      data-mode={checkOnly ? "check-only" : "receive"}
      data-testid="scan-screen"
    >
      {visit.length > 0 && (
        <div
          className="flex flex-wrap items-center gap-3 rounded-xl border-2 border-blue-300 bg-blue-50 px-4 py-3"
          data-testid="visit-next-document"
        >
          <p className="min-w-0 flex-1 text-lg font-medium text-blue-950">{t.nextDocument}</p>
          <Button onClick={nextClient} data-testid="visit-new-client">
            {t.newClient}
          </Button>
        </div>
      )}
      {checkOnly && (
        <p
          role="status"
          className="rounded-xl border-2 border-amber-600 bg-amber-50 px-4 py-3 text-lg font-semibold text-amber-950"
          data-testid="check-only-banner"
        >
          {checksText[lang].modeBanner}
        </p>
      )}
      <div className="grid w-full gap-6 lg:grid-cols-[1fr_20rem]">
        {/* Two columns on a tablet, one beside the camera on a desktop: the code field stays above the fold. */}
        <aside className="grid gap-4 rounded-2xl bg-white p-4 shadow-sm md:grid-cols-2 md:items-start lg:col-start-2 lg:row-start-1 lg:flex lg:flex-col lg:self-start">
          <ServicePicker lang={lang} value={service} onChange={setService} />
          <CheckOnlySwitch
            lang={lang}
            checked={checkOnly}
            disabled={!service || busy}
            onChange={(on) => {
              setCheckOnly(on);
              setAnswer(null);
              setQrInCheck(false);
              check.reset();
              create.reset();
            }}
          />
          {!checkOnly && (
            <>
              <Button
                variant="primary"
                disabled={!service || busy}
                onClick={() => ask({ kind: "deeplink" })}
                data-testid="show-deeplink"
              >
                {t.showDeeplink}
              </Button>
              <p className="text-sm text-neutral-700">{t.showDeeplinkHint}</p>
            </>
          )}
        </aside>
        <div className="flex flex-col gap-4 lg:col-start-1 lg:row-start-1">
          {checkOnly && answer && <CheckResultPanel lang={lang} answer={answer} onClear={clearAnswer} />}
          {checkOnly && (check.error || qrInCheck) && (
            <p
              role="alert"
              className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-3 text-lg font-medium text-red-800"
              data-testid="check-error"
            >
              {qrInCheck ? checksText[lang].qrNotChecked : errorText(check.error, lang)}
            </p>
          )}
          {check.isPending && (
            <p className="text-lg text-neutral-700" role="status">
              {checksText[lang].checking}
            </p>
          )}
          {!checkOnly && create.error && (
            <p
              role="alert"
              className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-3 text-lg font-medium text-red-800"
              data-testid="create-error"
            >
              {errorText(create.error, lang)}
            </p>
          )}
          {create.isPending && (
            <p className="text-lg text-neutral-700" role="status">
              {t.creating}
            </p>
          )}
          {service && (
            <ScanPanel
              key={attempt}
              lang={lang}
              onBarcode={(barcode) => ask({ kind: "barcode", barcode })}
              onQr={(_qr, link) => ask({ kind: "qr", qr: link })}
            />
          )}
        </div>
      </div>
    </div>
  );
}
