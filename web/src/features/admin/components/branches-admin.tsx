/**
 * Admin: the partner's legal name and the branches (create, edit, delete) as the client reads them on Diia's
 * consent screen — name, address text, contact e-mail — and each branch's services (which documents to request,
 * which questionnaire template, check-only), all kept in sync with Diia by the server.
 *
 * @example
 * <BranchesAdmin lang="uk" typeTitle={(t) => t} />
 */

import { zodResolver } from "@hookform/resolvers/zod";
import { SIGN_ALGOS, TEMPLATE_IDS } from "@stiika/api";
import { useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { FormActions } from "../../../components/form-actions.tsx";
import { TextAreaField, TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { useDeleteBranch } from "../api/delete-branch.ts";
import { useDeleteService } from "../api/delete-service.ts";
import { type AdminBranch, type AdminService, useBranches } from "../api/get-branches.ts";
import { usePartner } from "../api/get-partner.ts";
import { type BranchInput, branchInputSchema, useSaveBranch } from "../api/save-branch.ts";
import { idleLockMinutes, useSaveIdleLock } from "../api/save-idle-lock.ts";
import { type PartnerInput, partnerInputSchema, useSavePartner } from "../api/save-partner.ts";
import { type ServiceInput, serviceInputSchema, useSaveService } from "../api/save-service.ts";
import { adminText } from "../i18n.ts";

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
      <ErrorAlert error={branches.error} lang={lang} />
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

/** The schema's message keys in the admin's language. */
const invalid = (lang: Lang) => (key: string | undefined) =>
  key ? (adminText[lang].invalid[key] ?? key) : undefined;

function PartnerName({ lang }: { lang: Lang }) {
  const t = adminText[lang];
  const partner = usePartner();
  const save = useSavePartner();
  // `values`: the form follows the server's record (loaded, then as saved) unless the admin is editing it.
  const { register, handleSubmit, formState } = useForm<PartnerInput>({
    resolver: zodResolver(partnerInputSchema),
    values: partner.data,
  });
  // Read in render: react-hook-form tracks only the parts of formState a render reads.
  const { dirtyFields, isDirty, errors } = formState;
  const submit = handleSubmit(({ legalName, signAlgo }) => {
    // What the admin changed; «Зберегти» on an untouched form sends the name again, as it always did.
    save.mutate({
      legalName: dirtyFields.legalName || !dirtyFields.signAlgo ? legalName : undefined,
      signAlgo: dirtyFields.signAlgo ? signAlgo : undefined,
    });
  });
  return (
    <Card as="form" onSubmit={submit} noValidate data-testid="partner-form">
      <TextField
        label={t.partner}
        hint={t.partnerHint}
        maxLength={100}
        disabled={partner.isPending}
        error={invalid(lang)(errors.legalName?.message)}
        data-testid="partner-legal-name"
        {...register("legalName")}
      />
      <fieldset className="flex flex-col gap-2" data-testid="partner-sign-algo" disabled={partner.isPending}>
        <legend className="text-base font-medium text-neutral-800">{t.signAlgo}</legend>
        {SIGN_ALGOS.map((a) => (
          <label key={a} className="flex min-h-12 cursor-pointer items-start gap-3 rounded-xl px-1 py-2">
            <input
              type="radio"
              value={a}
              className="mt-1 size-5 accent-neutral-900"
              data-testid={`partner-sign-algo-${a}`}
              {...register("signAlgo")}
            />
            <span className="flex flex-col">
              <span className="text-lg font-medium">{t.signAlgos[a].name}</span>
              <span className="text-neutral-700">{t.signAlgos[a].hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <FormActions
        submit={t.save}
        pending={save.isPending}
        disabled={!partner.data}
        submitTestId="partner-save"
      >
        {save.isSuccess && !isDirty && (
          <Alert tone="success" data-testid="partner-saved">
            {t.partnerSaved}
          </Alert>
        )}
        <ErrorAlert error={save.error ?? partner.error} lang={lang} data-testid="partner-error" />
      </FormActions>
    </Card>
  );
}

function BranchForm({ lang, branch, onDone }: { lang: Lang; branch?: AdminBranch; onDone: () => void }) {
  const t = adminText[lang];
  const save = useSaveBranch();
  const message = invalid(lang);
  const { register, handleSubmit, formState } = useForm<BranchInput>({
    resolver: zodResolver(branchInputSchema),
    defaultValues: {
      name: branch?.name ?? "",
      region: branch?.region ?? "",
      district: branch?.district ?? "",
      location: branch?.location ?? "",
      street: branch?.street ?? "",
      house: branch?.house ?? "",
      email: branch?.email ?? "",
      address: branch?.address ?? "",
    },
  });
  const { errors } = formState;
  return (
    <Card
      as="form"
      onSubmit={handleSubmit((v) => save.mutate({ ...v, id: branch?.id }, { onSuccess: onDone }))}
      noValidate
      className="flex flex-col gap-3 md:grid md:grid-cols-3"
      data-testid="branch-form"
    >
      {FIELDS.map((f) => (
        <TextField
          key={f}
          label={t[f]}
          required
          maxLength={f === "name" ? 32 : f === "house" ? 20 : 100}
          error={message(errors[f]?.message)}
          data-testid={`branch-${f}`}
          {...register(f)}
        />
      ))}
      <p className="text-neutral-700 md:col-span-3">{t.consentNote}</p>
      <TextAreaField
        label={t.address}
        hint={t.addressHint}
        className="md:col-span-2"
        rows={3}
        maxLength={200}
        error={message(errors.address?.message)}
        data-testid="branch-address"
        {...register("address")}
      />
      <TextField
        label={t.email}
        hint={t.emailHint}
        type="email"
        maxLength={100}
        error={message(errors.email?.message)}
        data-testid="branch-email"
        {...register("email")}
      />
      <FormActions
        submit={t.save}
        pending={save.isPending}
        cancel={t.cancel}
        onCancel={onDone}
        submitTestId="branch-save"
        className="items-end md:col-span-3"
      >
        <ErrorAlert error={save.error} lang={lang} />
      </FormActions>
    </Card>
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
    <Card as="article" data-testid="branch-card" data-branch-name={branch.name}>
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
      <ErrorAlert error={del.error} lang={lang} />
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
    </Card>
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
      <ErrorAlert error={del.error} lang={lang} />
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
  const { register, handleSubmit, control, formState } = useForm<ServiceInput>({
    resolver: zodResolver(serviceInputSchema),
    defaultValues: {
      name: service?.name ?? "",
      template: service?.template ?? "bank-account",
      documentTypes: service?.documentTypes ?? ["passport"],
      checkOnly: service?.checkOnly ?? false,
    },
  });
  const types = useWatch({ control, name: "documentTypes" });
  return (
    <form
      onSubmit={handleSubmit((v) => save.mutate({ ...v, id: service?.id, branchId }, { onSuccess: onDone }))}
      noValidate
      className="flex flex-col gap-3 rounded-xl border-2 border-blue-200 p-4"
      data-testid="service-form"
    >
      <p className="text-base text-neutral-800" data-testid="offer-note">
        {t.offerNote}
      </p>
      <TextField
        label={t.serviceName}
        required
        maxLength={100}
        error={invalid(lang)(formState.errors.name?.message)}
        data-testid="service-name"
        {...register("name")}
      />
      <fieldset className="flex flex-col gap-1">
        <legend className="font-medium">{t.template}</legend>
        {TEMPLATE_IDS.map((tpl) => (
          <label key={tpl} className="flex min-h-11 items-center gap-3">
            <input
              type="radio"
              value={tpl}
              className="size-5"
              data-testid={`service-template-${tpl}`}
              {...register("template")}
            />
            {t.templates[tpl]}
          </label>
        ))}
      </fieldset>
      {/* A checkbox group as one array value (register would make a lone checkbox a boolean). */}
      <Controller
        control={control}
        name="documentTypes"
        render={({ field }) => (
          <fieldset className="grid gap-1 md:grid-cols-2">
            <legend className="font-medium">{t.documentTypes}</legend>
            {documentTypes.map((d) => (
              <label key={d} className="flex min-h-11 items-center gap-3">
                <input
                  type="checkbox"
                  className="size-5"
                  checked={field.value.includes(d)}
                  onChange={(e) =>
                    field.onChange(
                      e.target.checked ? [...field.value, d] : field.value.filter((y) => y !== d),
                    )
                  }
                  data-testid={`service-type-${d}`}
                />
                {typeTitle(d)}
              </label>
            ))}
          </fieldset>
        )}
      />
      <label className="flex min-h-11 items-center gap-3">
        <input type="checkbox" className="size-5" {...register("checkOnly")} />
        {t.checkOnly}
      </label>
      <FormActions
        submit={t.save}
        pending={save.isPending}
        disabled={types.length === 0}
        cancel={t.cancel}
        onCancel={onDone}
        submitTestId="service-save"
      >
        <ErrorAlert error={save.error} lang={lang} />
      </FormActions>
    </form>
  );
}

/** The branch's idle time before a counter screen locks, in minutes (0.5–60). */
function IdleLock({ lang, branch }: { lang: Lang; branch: AdminBranch }) {
  const t = adminText[lang];
  const save = useSaveIdleLock();
  const { register, handleSubmit, control } = useForm<{ minutes: string }>({
    defaultValues: { minutes: String(branch.idleLockSeconds / 60) },
  });
  // Checked as typed (the hint turns into the range), and the save waits for a valid value.
  const seconds = idleLockMinutes.safeParse(useWatch({ control, name: "minutes" }));
  return (
    <form
      className="flex flex-wrap items-end gap-3"
      onSubmit={handleSubmit(() => {
        if (seconds.success) save.mutate({ id: branch.id, seconds: seconds.data });
      })}
    >
      <TextField
        label={t.idleLock}
        hint={t.idleLockHint}
        inputMode="decimal"
        error={seconds.success ? undefined : t.idleLockRange}
        data-testid="branch-idle-lock"
        className="w-64"
        {...register("minutes")}
      />
      <Button type="submit" disabled={!seconds.success || save.isPending} data-testid="branch-idle-lock-save">
        {t.save}
      </Button>
      {save.isSuccess && <span className="text-green-800">✓</span>}
      <ErrorAlert error={save.error} lang={lang} as="span" />
    </form>
  );
}
