/**
 * `POST /api/employees` → `{employee, oneTimePassword}` (201): the new employee and the one-time password, shown
 * once (absent when the admin set a password). `newEmployeeSchema` is the form's, with the server's limits.
 *
 * @example
 * const { oneTimePassword } = await useCreateEmployee().mutateAsync({ login: "olena", displayName: "Олена",
 *   role: "teller", branchId });
 */
import { ROLES } from "@stiika/api";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { useAdminMutation } from "./mutation.ts";

/** What an admin types for a new employee (messages are keys of `adminText[lang].invalid`). */
export const newEmployeeSchema = z.object({
  login: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/, "login"),
  displayName: z.string().min(1, "required").max(200, "tooLong"),
  role: z.enum(ROLES),
  // "" until the admin picks one: the form sends the first branch, which the select shows.
  branchId: z.string(),
});
export type NewEmployee = z.infer<typeof newEmployeeSchema>;

const schema = z.object({
  employee: z.object({
    id: z.string(),
    login: z.string(),
    displayName: z.string(),
    role: z.enum(ROLES),
    branchId: z.string(),
    mustChangePassword: z.boolean(),
  }),
  oneTimePassword: z.string().optional(),
});

export const useCreateEmployee = () =>
  useAdminMutation(adminKeys.employees(), (body: NewEmployee) =>
    apiRequest("/api/employees", { method: "POST", body, schema }),
  );
