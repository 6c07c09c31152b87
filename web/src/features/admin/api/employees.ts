/**
 * Admin staff: `GET /api/admin/employees`, `POST /api/employees` (create; a one-time password comes back once),
 * `PUT /api/admin/employees/:id` (name, role, branch, disabled), `POST /api/admin/employees/:id/reset-password`.
 *
 * @example
 * const reset = useResetPassword();
 * const { oneTimePassword } = await reset.mutateAsync(id); // show once
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

export const ROLES = ["teller", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];
const staffSchema = z.object({
  id: z.string(),
  login: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  branch: z.object({ id: z.string(), name: z.string() }),
  disabled: z.boolean(),
  mustChangePassword: z.boolean(),
});
export type StaffMember = z.infer<typeof staffSchema>;
const KEY = ["admin", "employees"] as const;

export const useEmployees = () =>
  useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) =>
      apiRequest("/api/admin/employees", {
        schema: z.object({ employees: z.array(staffSchema) }),
        signal,
      }).then((r) => r.employees),
  });

function useInvalidating<V, T>(fn: (v: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: fn, onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }) });
}

const oneTime = z.object({ oneTimePassword: z.string() });

export const useCreateEmployee = () =>
  useInvalidating((v: { login: string; displayName: string; role: Role; branchId: string }) =>
    apiRequest("/api/employees", { method: "POST", body: v, schema: oneTime.partial().loose() }),
  );
export const useUpdateEmployee = () =>
  useInvalidating(
    ({ id, ...body }: { id: string; displayName: string; role: Role; branchId: string; disabled: boolean }) =>
      apiRequest(`/api/admin/employees/${id}`, {
        method: "PUT",
        body,
        schema: z.object({ updated: z.literal(true) }),
      }),
  );
export const useResetPassword = () =>
  useInvalidating((id: string) =>
    apiRequest(`/api/admin/employees/${id}/reset-password`, { method: "POST", schema: oneTime }),
  );
