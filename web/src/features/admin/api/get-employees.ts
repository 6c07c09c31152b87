/**
 * `GET /api/admin/employees` → every employee with role, branch and whether they are disabled or must change the
 * password.
 *
 * @example
 * const { data } = useEmployees(); // data?.[0].role
 */
import { ROLES } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";

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

const schema = z.object({ employees: z.array(staffSchema) });

export const employeesQuery = () =>
  queryOptions({
    queryKey: adminKeys.employees(),
    queryFn: ({ signal }) => apiRequest("/api/admin/employees", { schema, signal }).then((r) => r.employees),
  });

export const useEmployees = () => useQuery(employeesQuery());
