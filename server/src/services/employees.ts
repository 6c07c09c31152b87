import { AppError } from "../errors.ts";
import { assertStrongPassword, generatePassword, hashPassword } from "../lib/passwords.ts";
import { appendAudit } from "./audit.ts";
import {
  type EmployeeRow,
  type PublicEmployee,
  publicEmployee,
  type Role,
  type Services,
} from "./context.ts";

export const MAIN_BRANCH_NAME = "Головне відділення";
export const ADMIN_LOGIN = "admin";

export interface NewEmployee {
  login: string;
  displayName: string;
  role: Role;
  branchId: string;
  /** Absent: a one-time password is generated and must be changed at first login. */
  password?: string;
}

/**
 * First start: when there is no employee at all, creates the main branch and the `admin` account, with
 * `STIIKA_ADMIN_PASSWORD` or a generated one-time password that the caller shows once. Safe when two instances
 * start together (advisory lock, then re-check).
 */
export async function bootstrapAdmin(
  s: Services,
  adminPassword: string | undefined,
): Promise<{ created: false } | { created: true; oneTimePassword: string | undefined }> {
  const oneTime = adminPassword === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(adminPassword ?? oneTime ?? "");
  return s.store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('stiika.bootstrap'))");
    const n = (await tx.query<{ n: number }>("SELECT count(*)::int AS n FROM employees")).rows[0]?.n ?? 0;
    if (n > 0) return { created: false as const };
    const branch = (
      await tx.query<{ id: string }>("INSERT INTO branches (name) VALUES ($1) RETURNING id", [
        MAIN_BRANCH_NAME,
      ])
    ).rows[0];
    const admin = (
      await tx.query<{ id: string }>(
        "INSERT INTO employees (login, display_name, role, branch_id, password_hash, must_change_password) VALUES ($1, $2, 'admin', $3, $4, $5) RETURNING id",
        [ADMIN_LOGIN, "Адміністратор", branch?.id, passwordHash, oneTime !== undefined],
      )
    ).rows[0];
    await appendAudit(tx, s.clock(), {
      actorId: null,
      action: "system.admin_created",
      subjectType: "employee",
      subjectId: admin?.id,
      details: { oneTimePassword: oneTime !== undefined },
    });
    return { created: true as const, oneTimePassword: oneTime };
  });
}

export async function createEmployee(
  s: Services,
  actorId: string,
  input: NewEmployee,
): Promise<{ employee: PublicEmployee; oneTimePassword: string | undefined }> {
  if (input.password !== undefined) assertStrongPassword(input.password, input);
  const oneTime = input.password === undefined ? generatePassword() : undefined;
  const passwordHash = await hashPassword(input.password ?? oneTime ?? "");
  return s.store.transaction(async (tx) => {
    const branch = await tx.query("SELECT 1 FROM branches WHERE id = $1", [input.branchId]);
    if (branch.rows.length === 0) throw new AppError("NOT_FOUND", "Відділення не знайдено");
    const exists = await tx.query("SELECT 1 FROM employees WHERE lower(login) = lower($1)", [input.login]);
    if (exists.rows.length > 0) throw new AppError("CONFLICT", "Працівник з таким логіном уже є");
    const row = (
      await tx.query<EmployeeRow>(
        "INSERT INTO employees (login, display_name, role, branch_id, password_hash, must_change_password) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *",
        [input.login, input.displayName, input.role, input.branchId, passwordHash, oneTime !== undefined],
      )
    ).rows[0] as EmployeeRow;
    await appendAudit(tx, s.clock(), {
      actorId,
      action: "employee.created",
      subjectType: "employee",
      subjectId: row.id,
      details: { role: input.role },
    });
    return { employee: publicEmployee(row), oneTimePassword: oneTime };
  });
}
