/**
 * The managers' dashboard: a date range, outcome rates, time to consent (median, p90), and charts of copies per
 * day per branch, outcomes and document types. The charts module (recharts) loads lazily.
 *
 * @example
 * <DashboardView lang="uk" typeTitle={(t) => t} />
 */
import { lazy, Suspense, useState } from "react";
import { ErrorAlert } from "../../../components/alert.tsx";
import { Card } from "../../../components/card.tsx";
import { DateField } from "../../../components/date-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { isIsoDate } from "../../../utils/format.ts";
import { useDashboard } from "../api/get-dashboard.ts";
import { dashboardText } from "../i18n.ts";

const charts = () => import("./charts.tsx");
const PerDayChart = lazy(() => charts().then((m) => ({ default: m.PerDayChart })));
const OutcomesChart = lazy(() => charts().then((m) => ({ default: m.OutcomesChart })));
const ByTypeChart = lazy(() => charts().then((m) => ({ default: m.ByTypeChart })));

export function DashboardView({ lang, typeTitle }: { lang: Lang; typeTitle: (type: string) => string }) {
  const t = dashboardText[lang];
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({});
  // Only whole days reach the server; a half-typed date waits (and says what it needs).
  const range = {
    from: draft.from && isIsoDate(draft.from) ? draft.from : undefined,
    to: draft.to && isIsoDate(draft.to) ? draft.to : undefined,
  };
  const badDate = (v: string | undefined) => (v && v.length >= 10 && !isIsoDate(v) ? t.badDate : undefined);
  const dash = useDashboard(range);
  const d = dash.data;
  return (
    <section className="flex w-full flex-col gap-4" aria-labelledby="dash-title" data-testid="dashboard">
      <div className="flex flex-wrap items-end gap-4">
        <h1 id="dash-title" className="mr-auto text-2xl font-semibold">
          {t.title}
        </h1>
        <DateField
          label={t.from}
          value={draft.from ?? ""}
          onChange={(from) => setDraft((r) => ({ ...r, from }))}
          error={badDate(draft.from)}
          placeholder={t.datePlaceholder}
          data-testid="dashboard-from"
        />
        <DateField
          label={t.to}
          value={draft.to ?? ""}
          onChange={(to) => setDraft((r) => ({ ...r, to }))}
          error={badDate(draft.to)}
          placeholder={t.datePlaceholder}
          data-testid="dashboard-to"
        />
      </div>
      <ErrorAlert error={dash.error} lang={lang} className="text-lg" />
      {d && (
        <>
          <div className="grid gap-4 md:grid-cols-3 xl:grid-cols-6" data-testid="dashboard-figures">
            {[
              [t.total, String(d.outcomes.total)],
              [t.received, t.rate(d.outcomes.received, d.outcomes.total)],
              [t.declined, t.rate(d.outcomes.declined, d.outcomes.total)],
              [t.expired, t.rate(d.outcomes.expired, d.outcomes.total)],
              [`${t.consent}: ${t.median}`, t.seconds(d.consentSeconds.median)],
              [`${t.consent}: ${t.p90}`, t.seconds(d.consentSeconds.p90)],
            ].map(([label, value]) => (
              <Card as="div" key={label}>
                <span className="text-sm text-neutral-700">{label}</span>
                <span className="text-3xl font-semibold tabular-nums">{value}</span>
              </Card>
            ))}
          </div>
          <Suspense fallback={<p className="text-neutral-700">{t.loadingCharts}</p>}>
            <div className="grid gap-4 xl:grid-cols-2">
              <Card as="figure" data-testid="chart-per-day">
                <figcaption className="text-xl font-semibold">{t.perDay}</figcaption>
                {d.perDay.length ? <PerDayChart data={d.perDay} /> : <p>{t.noData}</p>}
              </Card>
              <Card as="figure" data-testid="chart-outcomes">
                <figcaption className="text-xl font-semibold">{t.outcomes}</figcaption>
                {d.outcomes.total ? (
                  <OutcomesChart
                    data={[
                      { name: t.received, value: d.outcomes.received },
                      { name: t.declined, value: d.outcomes.declined },
                      { name: t.expired, value: d.outcomes.expired },
                      { name: t.waiting, value: d.outcomes.waiting },
                      { name: t.other, value: d.outcomes.other },
                    ].filter((x) => x.value > 0)}
                  />
                ) : (
                  <p>{t.noData}</p>
                )}
              </Card>
              <Card as="figure" className="flex flex-col gap-3 xl:col-span-2" data-testid="chart-by-type">
                <figcaption className="text-xl font-semibold">{t.byType}</figcaption>
                {d.byType.length ? (
                  <>
                    <ByTypeChart
                      labels={{ requests: t.requests, received: t.receivedN }}
                      data={d.byType.map((x) => ({
                        name: typeTitle(x.type),
                        requests: x.requests,
                        received: x.received,
                      }))}
                    />
                    <table className="text-left">
                      <thead>
                        <tr>
                          <th scope="col" className="pr-4">
                            {t.byType}
                          </th>
                          <th scope="col" className="pr-4">
                            {t.requests}
                          </th>
                          <th scope="col" className="pr-4">
                            {t.receivedN}
                          </th>
                          <th scope="col">{t.median}</th>
                        </tr>
                      </thead>
                      <tbody>
                        {d.byType.map((x) => (
                          <tr key={x.type}>
                            <td className="pr-4">{typeTitle(x.type)}</td>
                            <td className="pr-4 tabular-nums">{x.requests}</td>
                            <td className="pr-4 tabular-nums">{x.received}</td>
                            <td className="tabular-nums">{t.seconds(x.medianSeconds)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </>
                ) : (
                  <p>{t.noData}</p>
                )}
              </Card>
            </div>
          </Suspense>
        </>
      )}
    </section>
  );
}
