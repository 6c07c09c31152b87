/**
 * `PUT /api/admin/employees/:id` `{displayName, role, branchId, disabled}` → `{updated: true}` (disabling ends the
 * employee's sessions).
 *
 * @example
 * useUpdateEmployee().mutate({ id, displayName, role: "manager", branchId, disabled: false });
 */
import type { Role } from "@stiika/api";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { updatedResponse, useAdminMutation } from "./mutation.ts";

export interface EmployeeUpdate {
  id: string;
  displayName: string;
  role: Role;
  branchId: string;
  disabled: boolean;
}

export const useUpdateEmployee = () =>
  useAdminMutation(adminKeys.employees(), ({ id, ...body }: EmployeeUpdate) =>
    apiRequest(`/api/admin/employees/${encodeURIComponent(id)}`, {
      method: "PUT",
      body,
      schema: updatedResponse,
    }),
  );
