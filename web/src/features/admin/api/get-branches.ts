/**
 * `GET /api/admin/branches` → every branch with its services (the Diia offers), and the document types Diia may
 * share (the choices of a service's form).
 *
 * @example
 * const { data } = useBranches(); // data?.branches[0].services[0].template
 */
import { TEMPLATE_IDS } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";

export const serviceSchema = z.object({
  id: z.string(),
  branchId: z.string(),
  name: z.string(),
  template: z.enum(TEMPLATE_IDS),
  documentTypes: z.array(z.string()),
  checkOnly: z.boolean(),
  diiaOfferId: z.string().nullable(),
});
export type AdminService = z.infer<typeof serviceSchema>;

const branchSchema = z.object({
  id: z.string(),
  name: z.string(),
  region: z.string(),
  district: z.string(),
  location: z.string(),
  street: z.string(),
  house: z.string(),
  // What the client reads in Diia; "" = not set (the server sends its defaults). Absent on older servers.
  email: z.string().default(""),
  address: z.string().default(""),
  diiaBranchId: z.string().nullable(),
  idleLockSeconds: z.number().int(),
  employees: z.number(),
  services: z.array(serviceSchema),
});
export type AdminBranch = z.infer<typeof branchSchema>;

const schema = z.object({ branches: z.array(branchSchema), documentTypes: z.array(z.string()) });

export const branchesQuery = () =>
  queryOptions({
    queryKey: adminKeys.branches(),
    queryFn: ({ signal }) => apiRequest("/api/admin/branches", { schema, signal }),
  });

export const useBranches = () => useQuery(branchesQuery());
