/**
 * The one place that decides who may do what (issue 15). Pure functions over the employee, the request row's
 * owner, branch, creation and deletion, the time and the teller window: no database, no HTTP. Every route and
 * service asks these and turns a refusal into an error with `refuse`; server/README.md ("Access") has the table.
 *
 * A refusal is typed: NOT_FOUND (404) for what the employee must not know exists, COPY_DELETED (409) where they
 * may know the copy but a manager deleted it, FORBIDDEN (403) for an area of the app their role has no part in or
 * a change to a request they may see but did not make.
 *
 * @example
 * refuse(canWriteRequest(session.employee, row, accessClock(s)), "Запит не знайдено");
 * const branchId = branchScope(session.employee); // null: every branch (admin)
 */
import { AppError } from "../errors.ts";
import type { Role } from "./context.ts";

/** Who asks: the session's employee. */
export interface Actor {
  id: string;
  role: Role;
  branchId: string;
}

/** What of a request row access depends on. */
export interface RequestAccess {
  employee_id: string;
  branch_id: string;
  created_at: Date;
  deleted_at: Date | null;
}

/** The time and the teller window (`STIIKA_TELLER_ACCESS_MINUTES`). */
export interface AccessClock {
  now: Date;
  tellerAccessMs: number;
}

export type Refusal = "NOT_FOUND" | "COPY_DELETED" | "FORBIDDEN";
export type Decision = "allow" | Refusal;

/** The parts of the app: the counter (every role), managing copies (manager, admin), administration (admin). */
export type Area = "counter" | "manage" | "admin";
const AREA_ROLES: Record<Area, readonly Role[]> = {
  counter: ["teller", "manager", "admin"],
  manage: ["manager", "admin"],
  admin: ["admin"],
};

export const accessClock = (s: { clock: () => Date; config: { tellerAccessMs: number } }): AccessClock => ({
  now: s.clock(),
  tellerAccessMs: s.config.tellerAccessMs,
});

/** Whether the role has a part in `area` (the routes' middleware asks this). */
export function canEnter(actor: Actor, area: Area): Decision {
  return AREA_ROLES[area].includes(actor.role) ? "allow" : "FORBIDDEN";
}

/** A manager or admin of the request's branch oversees it (an admin of another branch does so only in `manage`). */
const oversees = (actor: Actor, row: RequestAccess) =>
  actor.role !== "teller" && actor.branchId === row.branch_id;

/**
 * The request itself (status, reason, the summary of its documents): the employee who asked, or a manager/admin
 * of its branch. A deleted copy stays readable — the row is kept with its status, its documents are gone.
 */
export function canReadRequest(actor: Actor, row: RequestAccess): Decision {
  return row.employee_id === actor.id || oversees(actor, row) ? "allow" : "NOT_FOUND";
}

/**
 * The request's documents and what is made from them (the PDFs, the signings, the signer's name): a
 * manager/admin of the branch, or the employee who asked within the teller window of the request's creation.
 * A deleted copy has none: COPY_DELETED to those who may see the request.
 */
export function canReadDocuments(actor: Actor, row: RequestAccess, at: AccessClock): Decision {
  const request = canReadRequest(actor, row);
  if (request !== "allow") return request;
  if (row.deleted_at) return "COPY_DELETED";
  if (oversees(actor, row)) return "allow";
  return at.now.getTime() - row.created_at.getTime() <= at.tellerAccessMs ? "allow" : "NOT_FOUND";
}

/**
 * Changes made at the counter from the documents (the questionnaire; creating and cancelling a signing): only
 * the employee who asked, while they may read the documents; never on a deleted copy. A manager/admin of the
 * branch reads the copy but does not change another's (403).
 */
export function canWriteRequest(actor: Actor, row: RequestAccess, at: AccessClock): Decision {
  const documents = canReadDocuments(actor, row, at);
  if (documents !== "allow") return documents;
  return row.employee_id === actor.id ? "allow" : "FORBIDDEN";
}

/** The branch a manager's lists and lookups are limited to; null for an admin (every branch). Tellers: FORBIDDEN. */
export function branchScope(actor: Actor): string | null {
  refuse(canEnter(actor, "manage"));
  return actor.role === "admin" ? null : actor.branchId;
}

/** Whether something of `branchId` (a copy, a late delivery, a branch's settings) is in the actor's scope. */
export function canManageBranch(actor: Actor, branchId: string): Decision {
  const entered = canEnter(actor, "manage");
  if (entered !== "allow") return entered;
  return actor.role === "admin" || actor.branchId === branchId ? "allow" : "NOT_FOUND";
}

/** Throws the refusal as its AppError; `notFound` names what was not found ("Запит не знайдено"). */
export function refuse(decision: Decision, notFound?: string): void {
  if (decision === "allow") return;
  throw new AppError(decision, decision === "NOT_FOUND" ? notFound : undefined);
}
