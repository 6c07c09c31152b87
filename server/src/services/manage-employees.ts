import { AppError } from "../errors.ts";
import { generatePassword, hashPassword } from "../lib/passwords.ts";
import { appendAudit } from "./audit.ts";
import type { Role, Services } from "./context.ts";

/**
 * Admin: the staff list, changes of name, role, branch and the disabled flag, and password resets. Disabling,
 * a reset or a change of role or branch ends the employee's sessions so the change applies at once. An admin
 * cannot disable or demote themself (so there is always a way back in).
 *
 * @example
 * await updateEmployee(s, adminId, id, { role: "manager", branchId, disabled: false, displayName: "Олена" });
 * const { oneTimePassword } = await resetPassword(s, adminId, id); // shown once, must be changed at sign-in
 */
export interface StaffMember {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  branch: { id: string; name: string };
  disabled: boolean;
  mustChangePassword: boolean;
}

export interface EmployeeChange {
  displayName: string;
  role: Role;
  branchId: string;
  disabled: boolean;
}

export async function listEmployees(s: Services): Promise<StaffMember[]> {
  const rows = (
    await s.store.query<{
      id: string;
      login: string;
      display_name: string;
      role: Role;
      branch_id: string;
      branch_name: string;
      disabled: boolean;
      must_change_password: boolean;
    }>(
      `SELECT e.id, e.login, e.display_name, e.role, e.branch_id, b.name AS branch_name, e.disabled,
         e.must_change_password
       FROM employees e JOIN branches b ON b.id = e.branch_id ORDER BY b.name, e.display_name`,
    )
  ).rows;
  return rows.map((r) => ({
    id: r.id,
    login: r.login,
    displayName: r.display_name,
    role: r.role,
    branch: { id: r.branch_id, name: r.branch_name },
    disabled: r.disabled,
    mustChangePassword: r.must_change_password,
  }));
}

export async function updateEmployee(
  s: Services,
  actorId: string,
  id: string,
  change: EmployeeChange,
): Promise<void> {
  if (id === actorId && (change.disabled || change.role !== "admin"))
    throw new AppError("CONFLICT", "Не можна вимкнути себе або зняти з себе роль адміністратора");
  await s.store.transaction(async (tx) => {
    const before = (
      await tx.query<{ role: Role; branch_id: string; disabled: boolean }>(
        "SELECT role, branch_id, disabled FROM employees WHERE id = $1 FOR UPDATE",
        [id],
      )
    ).rows[0];
    if (!before) throw new AppError("NOT_FOUND", "Працівника не знайдено");
    const branch = await tx.query("SELECT 1 FROM branches WHERE id = $1", [change.branchId]);
    if (branch.rows.length === 0) throw new AppError("NOT_FOUND", "Відділення не знайдено");
    const now = s.clock();
    await tx.query(
      `UPDATE employees SET display_name = $2, role = $3, branch_id = $4, disabled = $5, updated_at = $6 WHERE id = $1`,
      [id, change.displayName, change.role, change.branchId, change.disabled, now],
    );
    const endSessions =
      change.disabled || before.role !== change.role || before.branch_id !== change.branchId;
    if (endSessions) await tx.query("DELETE FROM sessions WHERE employee_id = $1", [id]);
    await appendAudit(tx, now, {
      actorId,
      action: "employee.updated",
      subjectType: "employee",
      subjectId: id,
      details: {
        role: change.role,
        roleChanged: before.role !== change.role,
        branchChanged: before.branch_id !== change.branchId,
        disabled: change.disabled,
      },
    });
  });
}

/** A one-time password for the employee; their sessions end. `actorId` null: the server's own recovery command. */
export async function resetPassword(
  s: Pick<Services, "store" | "clock">,
  actorId: string | null,
  id: string,
): Promise<{ oneTimePassword: string }> {
  const oneTimePassword = generatePassword();
  const hash = await hashPassword(oneTimePassword);
  await s.store.transaction(async (tx) => {
    const now = s.clock();
    const r = await tx.query(
      `UPDATE employees SET password_hash = $2, must_change_password = true, updated_at = $3 WHERE id = $1`,
      [id, hash, now],
    );
    if (r.rowCount === 0) throw new AppError("NOT_FOUND", "Працівника не знайдено");
    await tx.query("DELETE FROM sessions WHERE employee_id = $1", [id]);
    await appendAudit(tx, now, {
      actorId,
      action: "employee.password_reset",
      subjectType: "employee",
      subjectId: id,
    });
  });
  return { oneTimePassword };
}

/** The recovery command's part: a one-time password for an administrator found by login, or undefined. */
export async function resetAdminPassword(
  s: Pick<Services, "store" | "clock">,
  login: string,
): Promise<{ oneTimePassword: string } | undefined> {
  const row = (
    await s.store.query<{ id: string }>(
      "SELECT id FROM employees WHERE lower(login) = lower($1) AND role = 'admin'",
      [login],
    )
  ).rows[0];
  return row ? resetPassword(s, null, row.id) : undefined;
}
