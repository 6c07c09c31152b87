/**
 * Values both sides name the same way: an employee's role and why a manager deletes a copy. The server's routes
 * and the web's forms and answer schemas take them from here, so a new value is added once.
 *
 * @example
 * import { DELETE_REASONS, ROLES } from "@stiika/api";
 * z.object({ role: z.enum(ROLES), reason: z.enum(DELETE_REASONS) });
 */

export const ROLES = ["teller", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Why a manager deletes a received copy (the audit trail records it). */
export const DELETE_REASONS = [
  "client-request",
  "mistake",
  "duplicate",
  "no-longer-needed",
  "other",
] as const;
export type DeleteReason = (typeof DELETE_REASONS)[number];
