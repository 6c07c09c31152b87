/**
 * `POST /api/admin/employees/:id/reset-password` → `{oneTimePassword}`: ends the employee's sessions; the new
 * password is shown once and must be changed at the next sign-in.
 *
 * @example
 * const { oneTimePassword } = await useResetPassword().mutateAsync(id);
 */
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { useAdminMutation } from "./mutation.ts";

const schema = z.object({ oneTimePassword: z.string() });

export const useResetPassword = () =>
  useAdminMutation(adminKeys.employees(), (id: string) =>
    apiRequest(`/api/admin/employees/${encodeURIComponent(id)}/reset-password`, { method: "POST", schema }),
  );
