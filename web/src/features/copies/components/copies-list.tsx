/**
 * Managers' list of received copies: filters (dates, employee, document type, status), a search by РНОКПП or
 * name run on the server's blind index, and paging. Opening a row is the caller's (a route) business.
 *
 * @example
 * <CopiesList lang="uk" onOpen={(id) => navigate(`/manage/copies/${id}`)} />
 */
import { SHARED_DOCUMENT_TYPES } from "@stiika/diia/document-types";
import { type FormEvent, useState } from "react";
import { ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { cardTable } from "../../../components/card-table.ts";
import { DateField } from "../../../components/date-field.tsx";
import { Select } from "../../../components/select.tsx";
import { TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { isIsoDate } from "../../../utils/format.ts";
import { useCopyFilters } from "../api/get-filters.ts";
import { COPY_STATUSES, type CopyFilter, PAGE_SIZE, useCopies } from "../api/list-copies.ts";
import { copiesText, formatDateTime, statusText, typeTitle } from "../i18n.ts";

export function CopiesList({ lang, onOpen }: { lang: Lang; onOpen: (id: string) => void }) {
  const t = copiesText[lang];
  const [draft, setDraft] = useState<CopyFilter>({ page: 1 });
  const [filter, setFilter] = useState<CopyFilter>({ page: 1 });
  const copies = useCopies(filter);
  const filters = useCopyFilters();
  const set = (key: keyof CopyFilter) => (e: { target: { value: string } }) =>
    setDraft((d) => ({ ...d, [key]: e.target.value }));
  const [tried, setTried] = useState(false);
  // Said once the date is typed out (or on search), not at every half-typed digit.
  const badDate = (v: string | undefined) =>
    v && (tried || v.length >= 10) && !isIsoDate(v) ? t.badDate : undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setTried(true);
    if ([draft.from, draft.to].some((v) => v && !isIsoDate(v))) return;
    setFilter({ ...draft, page: 1 });
  };
  const pages = copies.data ? Math.max(1, Math.ceil(copies.data.total / PAGE_SIZE)) : 1;
  const any = { value: "", label: t.any };

  return (
    <section className="flex w-full flex-col gap-4" aria-labelledby="copies-title">
      <h1 id="copies-title" className="text-2xl font-semibold">
        {t.title}
      </h1>
      <Card
        as="form"
        padding="md"
        onSubmit={submit}
        className="grid gap-3 md:grid-cols-3 xl:grid-cols-6"
        data-testid="copies-filters"
      >
        <TextField
          className="md:col-span-3 xl:col-span-2"
          label={t.search}
          hint={t.searchHint}
          value={draft.q ?? ""}
          onChange={set("q")}
          data-testid="copies-search"
          autoComplete="off"
        />
        <DateField
          label={t.from}
          value={draft.from ?? ""}
          onChange={(v) => set("from")({ target: { value: v } })}
          error={badDate(draft.from)}
          placeholder={t.datePlaceholder}
          data-testid="copies-from"
        />
        <DateField
          label={t.to}
          value={draft.to ?? ""}
          onChange={(v) => set("to")({ target: { value: v } })}
          error={badDate(draft.to)}
          placeholder={t.datePlaceholder}
          data-testid="copies-to"
        />
        <Select
          label={t.employee}
          value={draft.employeeId ?? ""}
          onChange={set("employeeId")}
          options={[any, ...(filters.data?.employees ?? []).map((e) => ({ value: e.id, label: e.name }))]}
          data-testid="copies-employee"
        />
        <Select
          label={t.type}
          value={draft.type ?? ""}
          onChange={set("type")}
          options={[any, ...SHARED_DOCUMENT_TYPES.map((d) => ({ value: d, label: typeTitle(d, lang) }))]}
          data-testid="copies-type"
        />
        <Select
          label={t.status}
          value={draft.status ?? ""}
          onChange={set("status")}
          options={[any, ...COPY_STATUSES.map((s) => ({ value: s, label: statusText[lang][s] ?? s }))]}
          data-testid="copies-status"
        />
        <div className="flex items-end">
          <Button variant="primary" type="submit" data-testid="copies-submit">
            {t.searchButton}
          </Button>
        </div>
      </Card>

      <ErrorAlert
        error={copies.error}
        lang={lang}
        className="text-lg font-medium"
        data-testid="copies-error"
      />
      <div className="overflow-x-auto rounded-2xl bg-white shadow-sm">
        <table className={cardTable.table} data-testid="copies-table">
          <thead className={cardTable.thead}>
            <tr>
              {[t.date, t.client, t.documents, t.service, t.employee, t.status, ""].map((h, i) => (
                <th key={h || i} scope="col" className="px-4 py-3 font-semibold">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={cardTable.tbody}>
            {copies.data?.items.map((c) => (
              <tr key={c.id} className={cardTable.tr} data-testid="copy-row">
                <td className={`${cardTable.td} tabular-nums`} data-label={t.date}>
                  {formatDateTime(c.receivedAt ?? c.createdAt, lang)}
                </td>
                <td className={`${cardTable.td} font-medium`} data-label={t.client} data-testid="copy-client">
                  {c.clientName ?? "—"}
                </td>
                <td className={cardTable.td} data-label={t.documents}>
                  {c.documentTypes.map((d) => typeTitle(d, lang)).join(", ")}
                </td>
                <td className={cardTable.td} data-label={t.service}>
                  {c.service}
                </td>
                <td className={cardTable.td} data-label={t.employee}>
                  {c.employee.name}
                  <span className="block text-sm text-neutral-600">{c.branch.name}</span>
                </td>
                <td className={cardTable.td} data-label={t.status} data-testid="copy-status">
                  {statusText[lang][c.status]}
                </td>
                <td className={cardTable.actions}>
                  <Button onClick={() => onOpen(c.id)} data-testid="copy-open">
                    {t.open}
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {copies.data?.items.length === 0 && (
          <p className="p-6 text-lg text-neutral-700" data-testid="copies-empty">
            {t.noResults}
          </p>
        )}
      </div>
      {copies.data && (
        <nav className="flex items-center gap-4" aria-label={t.page(filter.page, pages, copies.data.total)}>
          <Button
            disabled={filter.page <= 1}
            onClick={() => setFilter((f) => ({ ...f, page: f.page - 1 }))}
            data-testid="copies-prev"
          >
            {t.prev}
          </Button>
          <span className="tabular-nums" data-testid="copies-page">
            {t.page(filter.page, pages, copies.data.total)}
          </span>
          <Button
            disabled={filter.page >= pages}
            onClick={() => setFilter((f) => ({ ...f, page: f.page + 1 }))}
            data-testid="copies-next"
          >
            {t.next}
          </Button>
        </nav>
      )}
    </section>
  );
}
