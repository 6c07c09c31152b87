/**
 * Managers' list of late deliveries: for each, when the client consented, when it came, why it is late, the
 * documents and the request (service, teller, time); attach (the caller opens the copy) or delete.
 *
 * @example
 * <LateDeliveriesList lang="uk" typeTitle={(t) => t} onAttached={(requestId) => navigate(`/manage/copies/${requestId}`)} />
 */
import { Button } from "../../../components/button.tsx";
import { cardClass } from "../../../components/card.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useAttachLateDelivery, useDeleteLateDelivery, useLateDeliveries } from "../api/late-deliveries.ts";
import { lateText } from "../i18n.ts";

const formatDateTime = (iso: string, lang: Lang) =>
  new Date(iso).toLocaleString(lang === "uk" ? "uk-UA" : "en-GB", { dateStyle: "short", timeStyle: "short" });

export function LateDeliveriesList({
  lang,
  typeTitle,
  onAttached,
}: {
  lang: Lang;
  typeTitle: (type: string) => string;
  onAttached: (requestId: string) => void;
}) {
  const t = lateText[lang];
  const list = useLateDeliveries();
  const attach = useAttachLateDelivery();
  const remove = useDeleteLateDelivery();
  const busy = attach.isPending || remove.isPending;

  return (
    <section
      className="flex w-full flex-col gap-4"
      aria-labelledby="late-title"
      data-testid="late-deliveries"
    >
      <h1 id="late-title" className="text-2xl font-semibold">
        {t.title}
      </h1>
      <p className="text-lg text-neutral-700">{t.intro}</p>
      {(attach.isError || remove.isError) && (
        <p
          role="alert"
          className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-3 text-lg text-red-950"
        >
          {t.failed}
        </p>
      )}
      {list.isPending && <p>{t.loading}</p>}
      {list.data?.length === 0 && <p data-testid="late-empty">{t.empty}</p>}
      <ul className="flex flex-col gap-3">
        {list.data?.map((d) => (
          <li key={d.id} className={cardClass("md")} data-testid="late-delivery">
            <dl className="grid gap-2 sm:grid-cols-[auto_1fr] sm:gap-x-6">
              <dt className="text-neutral-700">{t.consentedAt}</dt>
              <dd className="text-lg font-medium">{formatDateTime(d.consentedAt, lang)}</dd>
              <dt className="text-neutral-700">{t.receivedAt}</dt>
              <dd>{formatDateTime(d.receivedAt, lang)}</dd>
              <dt className="text-neutral-700">{t.reason}</dt>
              <dd data-testid="late-reason">{t.reasons[d.reason]}</dd>
              <dt className="text-neutral-700">{t.documents}</dt>
              <dd>{d.documentTypes.map(typeTitle).join(", ")}</dd>
              <dt className="text-neutral-700">{t.request}</dt>
              <dd>
                {d.request.service} · {d.request.employee.name} · {formatDateTime(d.request.createdAt, lang)}
              </dd>
            </dl>
            <div className="mt-3 flex flex-wrap gap-3">
              <Button
                variant="primary"
                disabled={busy}
                onClick={() => attach.mutate(d.id, { onSuccess: (r) => onAttached(r.requestId) })}
                data-testid="late-attach"
              >
                {t.attach}
              </Button>
              <Button
                variant="danger"
                disabled={busy}
                onClick={() => {
                  if (window.confirm(t.confirmRemove)) remove.mutate(d.id);
                }}
                data-testid="late-delete"
              >
                {t.remove}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
