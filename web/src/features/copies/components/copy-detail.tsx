/**
 * One received copy for a manager: metadata, the questionnaire as saved, the client's signings of the application
 * (`CopySignings`), each document's signature check (signer, signing time, valid — re-checked on the server) with
 * PDF and envelope exports, the record's audit trail, and deletion with a reason. The inline PDF is rendered by the
 * caller (`renderPdf`), so this feature stays independent of the documents feature.
 *
 * @example
 * <CopyDetailView lang="uk" id={id} renderPdf={(d) => <PdfViewer … />} onDeleted={() => navigate("/manage")} />
 */
import { DELETE_REASONS, type DeleteReason } from "@stiika/api";
import { type ReactNode, useState } from "react";
import { ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { Select } from "../../../components/select.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useDeleteCopy } from "../api/delete-copy.ts";
import { type CopyDocument, exportUrl, useCopy } from "../api/get-copy.ts";
import {
  auditActionText,
  copiesText,
  formatDateTime,
  kindText,
  reasonText,
  statusText,
  typeTitle,
} from "../i18n.ts";
import { fieldLabel } from "../lib/field-labels.ts";
import { CopySignings } from "./copy-signings.tsx";

export function CopyDetailView({
  lang,
  id,
  renderPdf,
  onBack,
}: {
  lang: Lang;
  id: string;
  renderPdf: (doc: CopyDocument) => ReactNode;
  onBack: () => void;
}) {
  const t = copiesText[lang];
  const copy = useCopy(id);
  if (copy.isPending) return <p className="p-6 text-lg text-neutral-700">…</p>;
  if (copy.error)
    return (
      <div className="flex flex-col items-start gap-4">
        <ErrorAlert error={copy.error} lang={lang} className="text-lg font-medium" />
        <Button onClick={onBack}>{t.back}</Button>
      </div>
    );
  const c = copy.data;
  const rows: [string, string][] = [
    [t.client, c.clientName ?? "—"],
    [t.status, statusText[lang][c.status] ?? c.status],
    [t.service, c.service],
    [t.documents, c.documentTypes.map((d) => typeTitle(d, lang)).join(", ")],
    [t.branch, c.branch.name],
    [t.employee, c.employee.name],
    [t.requestKind, kindText[lang][c.kind] ?? c.kind],
    [t.created, formatDateTime(c.createdAt, lang)],
    [t.received, c.receivedAt ? formatDateTime(c.receivedAt, lang) : "—"],
  ];
  if (c.deletedAt) rows.push([t.deletedBecause, reasonText[lang][c.deletedReason ?? ""] ?? ""]);

  return (
    <div className="flex w-full flex-col gap-4" data-testid="copy-detail">
      <div className="flex flex-wrap items-center gap-4">
        <Button onClick={onBack} data-testid="copy-back">
          ← {t.back}
        </Button>
        <h1 className="text-2xl font-semibold">{c.clientName ?? t.title}</h1>
      </div>
      <div className="grid gap-4 xl:grid-cols-2">
        <div className="flex min-w-0 flex-col gap-4">
          <Card aria-labelledby="copy-meta">
            <h2 id="copy-meta" className="text-xl font-semibold">
              {t.metadata}
            </h2>
            <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1" data-testid="copy-metadata">
              {rows.map(([k, v]) => (
                <div key={k} className="contents">
                  <dt className="text-neutral-700">{k}</dt>
                  <dd className="font-medium">{v}</dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card aria-labelledby="copy-q">
            <h2 id="copy-q" className="text-xl font-semibold">
              {t.questionnaire}
            </h2>
            {c.questionnaire ? (
              <>
                <dl
                  className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1"
                  data-testid="copy-questionnaire"
                >
                  {Object.entries(c.questionnaire.fields).map(([k, v]) => (
                    <div key={k} className="contents">
                      <dt className="text-neutral-700">{k}</dt>
                      <dd className="font-medium">{v}</dd>
                    </div>
                  ))}
                </dl>
                <p className="text-sm text-neutral-700">
                  {t.savedBy(c.questionnaire.savedBy, formatDateTime(c.questionnaire.savedAt, lang))}
                </p>
              </>
            ) : (
              <p className="text-neutral-700">{t.noQuestionnaire}</p>
            )}
          </Card>
          <CopySignings lang={lang} copyId={c.id} signings={c.signings} />
          {c.documents.map((d) => (
            <Signature key={d.id} lang={lang} copyId={c.id} doc={d} />
          ))}
          {c.documents.map((d) => (
            <DocumentFields key={d.id} lang={lang} doc={d} />
          ))}
          {!c.deletedAt && c.status !== "waiting" && <DeleteCopy lang={lang} id={c.id} />}
          <AuditTrail lang={lang} entries={c.audit} />
        </div>
        <div className="flex min-w-0 flex-col gap-4">{c.documents.map((d) => renderPdf(d))}</div>
      </div>
    </div>
  );
}

function Signature({ lang, copyId, doc }: { lang: Lang; copyId: string; doc: CopyDocument }) {
  const t = copiesText[lang];
  const s = doc.signature;
  return (
    <Card aria-label={`${t.signature}: ${doc.title}`} data-testid="copy-signature">
      <h2 className="text-xl font-semibold">
        {t.signature}: {doc.title}
      </h2>
      <p
        className={`text-lg font-semibold ${s.valid ? "text-green-800" : "text-red-800"}`}
        data-testid="signature-valid"
        data-valid={s.valid}
      >
        {s.valid ? `✓ ${t.valid}` : `✗ ${t.invalid}`}{" "}
        <span className="text-sm font-normal text-neutral-700">
          ({s.checkedNow ? t.checkedNow : t.checkedOnReceipt})
        </span>
      </p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 break-all">
        <dt className="text-neutral-700">{t.signer}</dt>
        <dd data-testid="signature-signer">{s.signer}</dd>
        <dt className="text-neutral-700">{t.signingTime}</dt>
        <dd>{s.signingTime ? formatDateTime(s.signingTime, lang) : "—"}</dd>
      </dl>
      <div className="flex flex-wrap gap-3">
        <a
          href={exportUrl(copyId, doc.id, "pdf")}
          download
          className="inline-flex min-h-12 items-center rounded-xl border-2 border-neutral-300 px-5 text-lg font-medium hover:bg-neutral-100 focus-visible:outline-4 focus-visible:outline-blue-600"
          data-testid="export-pdf"
        >
          {t.exportPdf}
        </a>
        <a
          href={exportUrl(copyId, doc.id, "envelope")}
          download
          className="inline-flex min-h-12 items-center rounded-xl border-2 border-neutral-300 px-5 text-lg font-medium hover:bg-neutral-100 focus-visible:outline-4 focus-visible:outline-blue-600"
          data-testid="export-envelope"
        >
          {t.exportEnvelope}
        </a>
      </div>
    </Card>
  );
}

/** Where an unreadable part lies: the path itself or anything under it ("" = the whole item). */
const underPath = (path: string, issue: string) =>
  issue === "" || path === issue || path.startsWith(`${issue}.`);

/** Every value Diia sent for the document, labelled; what did not fit the questionnaire marked for a check. */
function DocumentFields({ lang, doc }: { lang: Lang; doc: CopyDocument }) {
  const t = copiesText[lang];
  if (doc.fields.length === 0 && doc.manualCheck.length === 0) return null;
  const manual = (path: string) => doc.manualCheck.some((m) => underPath(path, m.path));
  return (
    <Card aria-label={`${t.diiaFields}: ${doc.title}`} data-testid="copy-fields">
      <h2 className="text-xl font-semibold">
        {t.diiaFields}: {doc.title}
      </h2>
      {(doc.manualCheck.length > 0 || doc.normalised === null) && (
        <p className="rounded-xl bg-amber-50 px-4 py-3 text-amber-950" data-testid="copy-fields-manual">
          {doc.normalised === null ? t.noSchemaHint : t.manualCheckHint}
        </p>
      )}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 break-words">
        {doc.fields.map((f) => (
          <div
            key={f.path}
            className="contents"
            data-testid="copy-field"
            data-path={f.path}
            data-manual-check={manual(f.path) ? "true" : undefined}
          >
            <dt className="text-neutral-700">{fieldLabel(f.path, lang)}</dt>
            <dd className="font-medium">
              {f.value}
              {manual(f.path) && (
                <span className="ml-2 whitespace-nowrap rounded-full bg-amber-300 px-2 py-0.5 text-xs font-semibold text-amber-950">
                  {t.manualCheck}
                </span>
              )}
            </dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

function DeleteCopy({ lang, id }: { lang: Lang; id: string }) {
  const t = copiesText[lang];
  const del = useDeleteCopy();
  const [open, setOpen] = useState(false);
  // Nothing chosen at first: a deletion needs a reason the manager picked, not the first one in the list.
  const [reason, setReason] = useState<DeleteReason | "">("");
  if (!open)
    return (
      <div>
        <Button variant="danger" onClick={() => setOpen(true)} data-testid="copy-delete">
          {t.delete}
        </Button>
      </div>
    );
  return (
    <Card
      className="flex flex-col gap-3 border-2 border-red-300"
      aria-label={t.delete}
      data-testid="copy-delete-form"
    >
      <Select
        label={t.deleteReason}
        value={reason}
        onChange={(e) => setReason(e.target.value as DeleteReason)}
        options={[
          { value: "", label: t.chooseReason },
          ...DELETE_REASONS.map((r) => ({ value: r, label: reasonText[lang][r] ?? r })),
        ]}
        data-testid="copy-delete-reason"
      />
      <div className="flex flex-wrap gap-3">
        <Button
          variant="danger"
          disabled={del.isPending || reason === ""}
          onClick={() => reason && del.mutate({ id, reason })}
          data-testid="copy-delete-confirm"
        >
          {t.confirmDelete}
        </Button>
        <Button variant="ghost" onClick={() => setOpen(false)}>
          {t.cancel}
        </Button>
      </div>
      <ErrorAlert error={del.error} lang={lang} />
    </Card>
  );
}

function AuditTrail({
  lang,
  entries,
}: {
  lang: Lang;
  entries: { seq: number; at: string; action: string; actor: { name: string } | null }[];
}) {
  const t = copiesText[lang];
  return (
    <Card aria-labelledby="copy-audit">
      <h2 id="copy-audit" className="text-xl font-semibold">
        {t.audit}
      </h2>
      <ol className="flex flex-col gap-1" data-testid="copy-audit">
        {entries.map((a) => (
          <li key={a.seq} className="grid grid-cols-[max-content_max-content_1fr] gap-3 tabular-nums">
            <span className="text-neutral-700">#{a.seq}</span>
            <span>{formatDateTime(a.at, lang)}</span>
            <span>
              <span data-testid="audit-action" data-action={a.action}>
                {auditActionText[lang][a.action] ?? a.action}
              </span>{" "}
              — {a.actor?.name ?? t.system}
            </span>
          </li>
        ))}
      </ol>
    </Card>
  );
}
