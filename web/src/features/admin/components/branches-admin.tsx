/**
 * Admin: the partner's legal name and the branches (create, edit, delete) as the client reads them on Diia's
 * consent screen — name, address text, contact e-mail — and each branch's services (which documents to request,
 * which questionnaire template, check-only), all kept in sync with Diia by the server.
 *
 * @example
 * <BranchesAdmin lang="uk" typeTitle={(t) => t} />
 */

import { SIGN_ALGOS, type SignAlgo } from "@stiika/api";
import { type FormEvent, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { TextAreaField, TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import {
  type AdminBranch,
  type AdminService,
  type BranchInput,
  TEMPLATES,
  type Template,
  useBranches,
  useDeleteBranch,
  useDeleteService,
  usePartner,
  useSaveBranch,
  useSaveIdleLock,
  useSavePartner,
  useSaveService,
} from "../api/branches.ts";
import { adminText } from "../i18n.ts";

const card = "flex flex-col gap-3 rounded-2xl bg-white p-5 shadow-sm";
const FIELDS = ["name", "region", "district", "location", "street", "house"] as const;

export function BranchesAdmin({ lang, typeTitle }: { lang: Lang; typeTitle: (t: string) => string }) {
  const t = adminText[lang];
  const branches = useBranches();
  const [creating, setCreating] = useState(false);
  return (
    <section className="flex flex-col gap-4" aria-labelledby="branches-title" data-testid="admin-branches">
      <div className="flex flex-wrap items-center gap-4">
        <h2 id="branches-title" className="mr-auto text-2xl font-semibold">
          {t.branches}
        </h2>
        <Button variant="primary" onClick={() => setCreating(true)} data-testid="branch-new">
          {t.newBranch}
        </Button>
      </div>
      <PartnerName lang={lang} />
      {creating && <BranchForm lang={lang} onDone={() => setCreating(false)} />}
      {branches.error && (
        <p role="alert" className="text-red-800">
          {errorText(branches.error, lang)}
        </p>
      )}
      {branches.data?.branches.map((b) => (
        <BranchCard
          key={b.id}
          lang={lang}
          branch={b}
          documentTypes={branches.data.documentTypes}
          typeTitle={typeTitle}
        />
      ))}
    </section>
  );
}

function PartnerName({ lang }: { lang: Lang }) {
  const t = adminText[lang];
  const partner = usePartner();
  const save = useSavePartner();
  const [value, setValue] = useState<string | undefined>(undefined);
  const [algo, setAlgo] = useState<SignAlgo | undefined>(undefined);
  const shown = value ?? partner.data?.legalName ?? "";
  const shownAlgo = algo ?? partner.data?.signAlgo;
  const edited = value !== undefined || algo !== undefined;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    // What the admin changed; «Зберегти» on an untouched form sends the name again, as it always did.
    save.mutate(
      { legalName: value ?? (algo === undefined ? shown : undefined), signAlgo: algo },
      {
        onSuccess: () => {
          setValue(undefined);
          setAlgo(undefined);
        },
      },
    );
  };
  return (
    <form onSubmit={submit} className={card} data-testid="partner-form">
      <TextField
        label={t.partner}
        hint={t.partnerHint}
        maxLength={100}
        value={shown}
        disabled={partner.isPending}
        onChange={(e) => setValue(e.target.value)}
        data-testid="partner-legal-name"
      />
      <fieldset className="flex flex-col gap-2" data-testid="partner-sign-algo" disabled={partner.isPending}>
        <legend className="text-base font-medium text-neutral-800">{t.signAlgo}</legend>
        {SIGN_ALGOS.map((a) => (
          <label key={a} className="flex min-h-12 cursor-pointer items-start gap-3 rounded-xl px-1 py-2">
            <input
              type="radio"
              name="partner-sign-algo"
              value={a}
              checked={shownAlgo === a}
              onChange={() => setAlgo(a)}
              className="mt-1 size-5 accent-neutral-900"
              data-testid={`partner-sign-algo-${a}`}
            />
            <span className="flex flex-col">
              <span className="text-lg font-medium">{t.signAlgos[a].name}</span>
              <span className="text-neutral-700">{t.signAlgos[a].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          type="submit"
          disabled={save.isPending || !partner.data}
          data-testid="partner-save"
        >
          {t.save}
        </Button>
        {save.isSuccess && !edited && (
          <p role="status" className="text-green-800" data-testid="partner-saved">
            {t.partnerSaved}
          </p>
        )}
        {(save.error ?? partner.error) && (
          <p role="alert" className="text-red-800" data-testid="partner-error">
            {errorText(save.error ?? partner.error, lang)}
          </p>
        )}
      </div>
    </form>
  );
}

function BranchForm({ lang, branch, onDone }: { lang: Lang; branch?: AdminBranch; onDone: () => void }) {
  const t = adminText[lang];
  const save = useSaveBranch();
  const [v, setV] = useState<BranchInput>(() => ({
    name: branch?.name ?? "",
    region: branch?.region ?? "",
    district: branch?.district ?? "",
    location: branch?.location ?? "",
    street: branch?.street ?? "",
    house: branch?.house ?? "",
    email: branch?.email ?? "",
    address: branch?.address ?? "",
  }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate({ ...v, id: branch?.id }, { onSuccess: onDone });
  };
  return (
    <form onSubmit={submit} className={`${card} md:grid md:grid-cols-3`} data-testid="branch-form">
      {FIELDS.map((f) => (
        <TextField
          key={f}
          label={t[f]}
          value={v[f]}
          required
          maxLength={f === "name" ? 32 : f === "house" ? 20 : 100}
          onChange={(e) => setV((x) => ({ ...x, [f]: e.target.value }))}
          data-testid={`branch-${f}`}
        />
      ))}
      <p className="text-neutral-700 md:col-span-3">{t.consentNote}</p>
      <TextAreaField
        label={t.address}
        hint={t.addressHint}
        className="md:col-span-2"
        rows={3}
        maxLength={200}
        value={v.address}
        onChange={(e) => setV((x) => ({ ...x, address: e.target.value }))}
        data-testid="branch-address"
      />
      <TextField
        label={t.email}
        hint={t.emailHint}
        type="email"
        maxLength={100}
        value={v.email}
        onChange={(e) => setV((x) => ({ ...x, email: e.target.value }))}
        data-testid="branch-email"
      />
      <div className="flex items-end gap-3 md:col-span-3">
        <Button variant="primary" type="submit" disabled={save.isPending} data-testid="branch-save">
          {t.save}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t.cancel}
        </Button>
        {save.error && (
          <p role="alert" className="text-red-800">
            {errorText(save.error, lang)}
          </p>
        )}
      </div>
    </form>
  );
}

function BranchCard({
  lang,
  branch,
  documentTypes,
  typeTitle,
}: {
  lang: Lang;
  branch: AdminBranch;
  documentTypes: string[];
  typeTitle: (t: string) => string;
}) {
  const t = adminText[lang];
  const [editing, setEditing] = useState(false);
  const [adding, setAdding] = useState(false);
  const del = useDeleteBranch();
  if (editing) return <BranchForm lang={lang} branch={branch} onDone={() => setEditing(false)} />;
  return (
    <article className={card} data-testid="branch-card" data-branch-name={branch.name}>
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="mr-auto text-xl font-semibold">{branch.name}</h3>
        <span className={branch.diiaBranchId ? "text-green-800" : "text-amber-800"} data-testid="branch-diia">
          {branch.diiaBranchId ? `✓ ${t.inDiia}` : t.notInDiia}
        </span>
        <span className="text-neutral-700">{t.employeesN(branch.employees)}</span>
        <Button onClick={() => setEditing(true)} data-testid="branch-edit">
          {t.edit}
        </Button>
        <Button
          variant="danger"
          disabled={del.isPending}
          onClick={() => window.confirm(t.confirm) && del.mutate(branch.id)}
          data-testid="branch-delete"
        >
          {t.delete}
        </Button>
      </div>
      <p className="whitespace-pre-line text-neutral-700" data-testid="branch-address-shown">
        {branch.address ||
          [branch.region, branch.district, branch.location, branch.street, branch.house]
            .filter(Boolean)
            .join(", ")}
      </p>
      {branch.email && <p className="text-neutral-700">{branch.email}</p>}
      {del.error && (
        <p role="alert" className="text-red-800">
          {errorText(del.error, lang)}
        </p>
      )}
      <IdleLock lang={lang} branch={branch} />
      <h4 className="text-lg font-semibold">{t.services}</h4>
      <ul className="flex flex-col gap-2">
        {branch.services.map((s) => (
          <ServiceRow
            key={s.id}
            lang={lang}
            service={s}
            documentTypes={documentTypes}
            typeTitle={typeTitle}
          />
        ))}
      </ul>
      {adding ? (
        <ServiceForm
          lang={lang}
          branchId={branch.id}
          documentTypes={documentTypes}
          typeTitle={typeTitle}
          onDone={() => setAdding(false)}
        />
      ) : (
        <div>
          <Button onClick={() => setAdding(true)} disabled={!branch.diiaBranchId} data-testid="service-new">
            {t.newService}
          </Button>
        </div>
      )}
    </article>
  );
}

function ServiceRow({
  lang,
  service,
  documentTypes,
  typeTitle,
}: {
  lang: Lang;
  service: AdminService;
  documentTypes: string[];
  typeTitle: (t: string) => string;
}) {
  const t = adminText[lang];
  const [editing, setEditing] = useState(false);
  const del = useDeleteService();
  if (editing)
    return (
      <li>
        <ServiceForm
          lang={lang}
          branchId={service.branchId}
          service={service}
          documentTypes={documentTypes}
          typeTitle={typeTitle}
          onDone={() => setEditing(false)}
        />
      </li>
    );
  return (
    <li
      className="flex flex-wrap items-center gap-3 rounded-xl border border-neutral-200 p-3"
      data-testid="service-row"
    >
      <div className="mr-auto flex flex-col">
        <span className="font-semibold">{service.name}</span>
        <span className="text-sm text-neutral-700">
          {t.templates[service.template]} · {service.documentTypes.map(typeTitle).join(", ")}
          {service.checkOnly && ` · ${t.checkOnly}`}
        </span>
      </div>
      <Button onClick={() => setEditing(true)}>{t.edit}</Button>
      <Button variant="danger" onClick={() => window.confirm(t.confirm) && del.mutate(service.id)}>
        {t.delete}
      </Button>
      {del.error && (
        <p role="alert" className="text-red-800">
          {errorText(del.error, lang)}
        </p>
      )}
    </li>
  );
}

function ServiceForm({
  lang,
  branchId,
  service,
  documentTypes,
  typeTitle,
  onDone,
}: {
  lang: Lang;
  branchId: string;
  service?: AdminService;
  documentTypes: string[];
  typeTitle: (t: string) => string;
  onDone: () => void;
}) {
  const t = adminText[lang];
  const save = useSaveService();
  const [name, setName] = useState(service?.name ?? "");
  const [template, setTemplate] = useState<Template>(service?.template ?? "bank-account");
  const [types, setTypes] = useState<string[]>(service?.documentTypes ?? ["passport"]);
  const [checkOnly, setCheckOnly] = useState(service?.checkOnly ?? false);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(
      { id: service?.id, branchId, name, template, documentTypes: types, checkOnly },
      { onSuccess: onDone },
    );
  };
  return (
    <form
      onSubmit={submit}
      className="flex flex-col gap-3 rounded-xl border-2 border-blue-200 p-4"
      data-testid="service-form"
    >
      <p className="text-base text-neutral-800" data-testid="offer-note">
        {t.offerNote}
      </p>
      <TextField
        label={t.serviceName}
        value={name}
        required
        maxLength={100}
        onChange={(e) => setName(e.target.value)}
        data-testid="service-name"
      />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">{t.template}</legend>
        {TEMPLATES.map((tpl) => (
          <label key={tpl} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              name="template"
              className="size-5"
              checked={template === tpl}
              onChange={() => setTemplate(tpl)}
              data-testid={`service-template-${tpl}`}
            />
            {t.templates[tpl]}
          </label>
        ))}
      </fieldset>
      <fieldset className="grid gap-1 md:grid-cols-2">
        <legend className="font-medium">{t.documentTypes}</legend>
        {documentTypes.map((d) => (
          <label key={d} className="flex min-h-11 items-center gap-3">
            <input
              type="checkbox"
              className="size-5"
              checked={types.includes(d)}
              onChange={(e) => setTypes((x) => (e.target.checked ? [...x, d] : x.filter((y) => y !== d)))}
              data-testid={`service-type-${d}`}
            />
            {typeTitle(d)}
          </label>
        ))}
      </fieldset>
      <label className="flex min-h-11 items-center gap-3">
        <input
          type="checkbox"
          className="size-5"
          checked={checkOnly}
          onChange={(e) => setCheckOnly(e.target.checked)}
        />
        {t.checkOnly}
      </label>
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="primary"
          type="submit"
          disabled={save.isPending || types.length === 0}
          data-testid="service-save"
        >
          {t.save}
        </Button>
        <Button variant="ghost" onClick={onDone}>
          {t.cancel}
        </Button>
        {save.error && (
          <p role="alert" className="text-red-800">
            {errorText(save.error, lang)}
          </p>
        )}
      </div>
    </form>
  );
}

/** The branch's idle time before a counter screen locks, in minutes (0.5–60). */
function IdleLock({ lang, branch }: { lang: Lang; branch: AdminBranch }) {
  const t = adminText[lang];
  const save = useSaveIdleLock();
  const [minutes, setMinutes] = useState(String(branch.idleLockSeconds / 60));
  const seconds = Math.round(Number(minutes.replace(",", ".")) * 60);
  const valid = Number.isFinite(seconds) && seconds >= 30 && seconds <= 3600;
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        if (valid) save.mutate({ id: branch.id, seconds });
      }}
    >
      <TextField
        label={t.idleLock}
        hint={t.idleLockHint}
        inputMode="decimal"
        value={minutes}
        onChange={(e) => setMinutes(e.target.value)}
        error={valid ? undefined : t.idleLockRange}
        data-testid="branch-idle-lock"
        className="w-64"
      />
      <Button type="submit" disabled={!valid || save.isPending} data-testid="branch-idle-lock-save">
        {t.save}
      </Button>
      {save.isSuccess && <span className="text-green-800">✓</span>}
      {save.error && (
        <span role="alert" className="text-red-800">
          {errorText(save.error, lang)}
        </span>
      )}
    </form>
  );
}
