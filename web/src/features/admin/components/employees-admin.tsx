/**
 * Admin: employees — create (a one-time password is shown once), change name, role and branch, disable or enable,
 * reset the password (ends their sessions, a one-time password is shown once).
 *
 * @example
 * <EmployeesAdmin lang="uk" />
 */
import { type FormEvent, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { cardTable } from "../../../components/card-table.ts";
import { TextField } from "../../../components/text-field.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { useBranches } from "../api/branches.ts";
import {
  ROLES,
  type Role,
  type StaffMember,
  useCreateEmployee,
  useEmployees,
  useResetPassword,
  useUpdateEmployee,
} from "../api/employees.ts";
import { adminText } from "../i18n.ts";

const select =
  "min-h-12 rounded-xl border-2 border-neutral-300 bg-white px-3 text-lg focus:border-blue-600 focus:outline-none";

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
        <p
          role="status"
          className="rounded-xl bg-amber-100 p-4 text-lg font-medium"
          data-testid="one-time-password"
        >
          {shown}
        </p>
      )}
      <NewEmployee lang={lang} branches={branchList} onCreated={setShown} />
      {employees.error && (
        <p role="alert" className="text-red-800">
          {errorText(employees.error, lang)}
        </p>
      )}
      <div className="rounded-2xl bg-white p-3 shadow-sm lg:p-0">
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
      </div>
    </section>
  );
}

function NewEmployee({
  lang,
  branches,
  onCreated,
}: {
  lang: Lang;
  branches: { id: string; name: string }[];
  onCreated: (text: string) => void;
}) {
  const t = adminText[lang];
  const create = useCreateEmployee();
  const [v, setV] = useState({ login: "", displayName: "", role: "teller" as Role, branchId: "" });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const branchId = v.branchId || branches[0]?.id || "";
    create.mutate(
      { ...v, branchId },
      {
        onSuccess: (r) => {
          if (r.oneTimePassword) onCreated(t.oneTime(v.login, r.oneTimePassword));
          setV({ login: "", displayName: "", role: "teller", branchId: "" });
        },
      },
    );
  };
  return (
    <form
      onSubmit={submit}
      className="grid gap-3 rounded-2xl bg-white p-4 shadow-sm md:grid-cols-5"
      aria-label={t.newEmployee}
    >
      <TextField
        label={t.login}
        value={v.login}
        required
        pattern="[A-Za-z0-9._\-]{3,64}"
        onChange={(e) => setV({ ...v, login: e.target.value })}
      />
      <TextField
        label={t.displayName}
        value={v.displayName}
        required
        onChange={(e) => setV({ ...v, displayName: e.target.value })}
      />
      <label className="flex flex-col gap-1 font-medium">
        {t.role}
        <select
          className={select}
          value={v.role}
          onChange={(e) => setV({ ...v, role: e.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </label>
      <label className="flex flex-col gap-1 font-medium">
        {t.branch}
        <select
          className={select}
          value={v.branchId}
          onChange={(e) => setV({ ...v, branchId: e.target.value })}
        >
          {branches.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
      </label>
      <div className="flex items-end">
        <Button variant="primary" type="submit" disabled={create.isPending}>
          {t.newEmployee}
        </Button>
      </div>
      {create.error && (
        <p role="alert" className="text-red-800 md:col-span-5">
          {errorText(create.error, lang)}
        </p>
      )}
    </form>
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
  branches: { id: string; name: string }[];
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
        {update.error && (
          <span role="alert" className="block text-sm text-red-800">
            {errorText(update.error, lang)}
          </span>
        )}
      </td>
      <td className={`${cardTable.td} font-mono`} data-label={t.login}>
        {e.login}
      </td>
      <td className={cardTable.td} data-label={t.role}>
        <select
          aria-label={t.role}
          className={select}
          value={e.role}
          onChange={(ev) => change({ role: ev.target.value as Role })}
        >
          {ROLES.map((r) => (
            <option key={r} value={r}>
              {t.roles[r]}
            </option>
          ))}
        </select>
      </td>
      <td className={cardTable.td} data-label={t.branch}>
        <select
          aria-label={t.branch}
          className={select}
          value={e.branch.id}
          onChange={(ev) => change({ branchId: ev.target.value })}
        >
          {branches.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
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
