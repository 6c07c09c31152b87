/**
 * Admin: employees — create (a one-time password is shown once), change name, role and branch, disable or enable,
 * reset the password (ends their sessions, a one-time password is shown once).
 *
 * @example
 * <EmployeesAdmin lang="uk" />
 */
import { zodResolver } from "@hookform/resolvers/zod";
import { ROLES, type Role } from "@stiika/api";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { Alert, ErrorAlert } from "../../../components/alert.tsx";
import { Button } from "../../../components/button.tsx";
import { Card } from "../../../components/card.tsx";
import { cardTable } from "../../../components/card-table.ts";
import { FormActions } from "../../../components/form-actions.tsx";
import { Select } from "../../../components/select.tsx";
import { TextField } from "../../../components/text-field.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { type NewEmployee, newEmployeeSchema, useCreateEmployee } from "../api/create-employee.ts";
import { useBranches } from "../api/get-branches.ts";
import { type StaffMember, useEmployees } from "../api/get-employees.ts";
import { useResetPassword } from "../api/reset-password.ts";
import { useUpdateEmployee } from "../api/update-employee.ts";
import { adminText } from "../i18n.ts";

type BranchOption = { id: string; name: string };
const branchOptions = (branches: BranchOption[]) => branches.map((b) => ({ value: b.id, label: b.name }));
const roleOptions = (lang: Lang) => ROLES.map((r) => ({ value: r, label: adminText[lang].roles[r] }));

export function EmployeesAdmin({ lang }: { lang: Lang }) {
  const t = adminText[lang];
  const employees = useEmployees();
  const branches = useBranches();
  const [shown, setShown] = useState<string | null>(null);
  const branchList = branches.data?.branches ?? [];
  return (
    <section className="flex flex-col gap-4" aria-labelledby="staff-title" data-testid="admin-employees">
      <h2 id="staff-title" className="text-2xl font-semibold">
        {t.staff}
      </h2>
      {shown && (
        <Alert
          tone="info"
          className="rounded-xl bg-amber-100 p-4 text-lg font-medium"
          data-testid="one-time-password"
        >
          {shown}
        </Alert>
      )}
      <NewEmployeeForm lang={lang} branches={branchList} onCreated={setShown} />
      <ErrorAlert error={employees.error} lang={lang} />
      <Card as="div" padding="md" className="lg:p-0">
        <table className={cardTable.table} data-testid="employees-table">
          <thead className={cardTable.thead}>
            <tr>
              {[t.displayName, t.login, t.role, t.branch, ""].map((h, i) => (
                <th key={h || i} scope="col" className="px-4 py-3">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className={cardTable.tbody}>
            {employees.data?.map((e) => (
              <EmployeeRow key={e.id} lang={lang} employee={e} branches={branchList} onPassword={setShown} />
            ))}
          </tbody>
        </table>
      </Card>
    </section>
  );
}

const EMPTY: NewEmployee = { login: "", displayName: "", role: "teller", branchId: "" };

function NewEmployeeForm({
  lang,
  branches,
  onCreated,
}: {
  lang: Lang;
  branches: BranchOption[];
  onCreated: (text: string) => void;
}) {
  const t = adminText[lang];
  const create = useCreateEmployee();
  const { register, handleSubmit, reset, formState } = useForm<NewEmployee>({
    resolver: zodResolver(newEmployeeSchema),
    defaultValues: EMPTY,
  });
  const message = (key: string | undefined) => (key ? (t.invalid[key] ?? key) : undefined);
  const submit = handleSubmit((v) =>
    // The select shows the first branch until another is picked: that is the one meant.
    create.mutate(
      { ...v, branchId: v.branchId || branches[0]?.id || "" },
      {
        onSuccess: (r) => {
          if (r.oneTimePassword) onCreated(t.oneTime(v.login, r.oneTimePassword));
          reset(EMPTY);
        },
      },
    ),
  );
  return (
    <Card
      as="form"
      padding="md"
      onSubmit={submit}
      noValidate
      className="grid gap-3 md:grid-cols-5"
      aria-label={t.newEmployee}
    >
      <TextField
        label={t.login}
        autoComplete="off"
        error={message(formState.errors.login?.message)}
        {...register("login")}
      />
      <TextField
        label={t.displayName}
        error={message(formState.errors.displayName?.message)}
        {...register("displayName")}
      />
      <Select label={t.role} options={roleOptions(lang)} {...register("role")} />
      <Select label={t.branch} options={branchOptions(branches)} {...register("branchId")} />
      <FormActions submit={t.newEmployee} pending={create.isPending} className="items-end" />
      <ErrorAlert error={create.error} lang={lang} className="md:col-span-5" />
    </Card>
  );
}

function EmployeeRow({
  lang,
  employee: e,
  branches,
  onPassword,
}: {
  lang: Lang;
  employee: StaffMember;
  branches: BranchOption[];
  onPassword: (text: string) => void;
}) {
  const t = adminText[lang];
  const update = useUpdateEmployee();
  const reset = useResetPassword();
  const change = (patch: Partial<{ role: Role; branchId: string; disabled: boolean }>) =>
    update.mutate({
      id: e.id,
      displayName: e.displayName,
      role: e.role,
      branchId: e.branch.id,
      disabled: e.disabled,
      ...patch,
    });
  return (
    <tr className={cardTable.tr} data-testid="employee-row">
      <td className={cardTable.td} data-label={t.displayName}>
        {e.displayName}
        {e.disabled && <span className="ml-2 text-sm text-red-800">({t.disabled})</span>}
        <ErrorAlert error={update.error} lang={lang} as="span" className="block text-sm" />
      </td>
      <td className={`${cardTable.td} font-mono`} data-label={t.login}>
        {e.login}
      </td>
      <td className={cardTable.td} data-label={t.role}>
        <Select
          label={t.role}
          hideLabel
          options={roleOptions(lang)}
          value={e.role}
          onChange={(ev) => change({ role: ev.target.value as Role })}
        />
      </td>
      <td className={cardTable.td} data-label={t.branch}>
        <Select
          label={t.branch}
          hideLabel
          options={branchOptions(branches)}
          value={e.branch.id}
          onChange={(ev) => change({ branchId: ev.target.value })}
        />
      </td>
      <td className={cardTable.actions}>
        <Button onClick={() => change({ disabled: !e.disabled })}>{e.disabled ? t.enable : t.disable}</Button>
        <Button
          onClick={() =>
            reset.mutate(e.id, { onSuccess: (r) => onPassword(t.oneTime(e.login, r.oneTimePassword)) })
          }
        >
          {t.resetPassword}
        </Button>
      </td>
    </tr>
  );
}
