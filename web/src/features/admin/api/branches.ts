/**
 * Admin branches and services (`/api/admin/branches…`, `/api/admin/services/:id`): every change goes to Diia
 * first through the server. Diia has no offer update, so editing a service's name or document types makes the
 * server create a new offer and delete the old one (`offerReplaced`).
 *
 * @example
 * const { data } = useBranches(); // data?.branches[0].services
 * useSaveBranch().mutate({ name: "Філія", region: "м. Київ", district: "…", location: "Київ", street: "…", house: "1",
 *   email: "filia@bank.ua", address: "вул. Хрещатик, 1\nКиїв" });
 * usePartner().data?.legalName; useSavePartner().mutate("АТ «Банк»");
 */

import { SIGN_ALGOS } from "@stiika/api";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

export const TEMPLATES = ["bank-account", "hotel-check-in", "cnap-service"] as const;
export type Template = (typeof TEMPLATES)[number];

const serviceSchema = z.object({
  id: z.string(),
  branchId: z.string(),
  name: z.string(),
  template: z.enum(TEMPLATES),
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
export type BranchInput = Pick<
  AdminBranch,
  "name" | "region" | "district" | "location" | "street" | "house" | "email" | "address"
>;
export type ServiceInput = Pick<AdminService, "name" | "template" | "documentTypes" | "checkOnly">;

const KEY = ["admin", "branches"] as const;
const listSchema = z.object({ branches: z.array(branchSchema), documentTypes: z.array(z.string()) });
const ok = z.object({}).loose();

export const useBranches = () =>
  useQuery({
    queryKey: KEY,
    queryFn: ({ signal }) => apiRequest("/api/admin/branches", { schema: listSchema, signal }),
  });

function useAdminMutation<V>(
  call: (v: V) => { path: string; method: "POST" | "PUT" | "DELETE"; body?: unknown },
) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (v: V) => {
      const { path, method, body } = call(v);
      return apiRequest(path, { method, body, schema: ok });
    },
    onSuccess: () => queryClient.invalidateQueries({ queryKey: KEY }),
  });
}

export const useSaveBranch = () =>
  useAdminMutation((v: BranchInput & { id?: string }) => {
    const { id, ...body } = v;
    return id
      ? { path: `/api/admin/branches/${id}`, method: "PUT", body }
      : { path: "/api/admin/branches", method: "POST", body };
  });
export const useSaveIdleLock = () =>
  useAdminMutation((v: { id: string; seconds: number }) => ({
    path: `/api/admin/branches/${v.id}/idle-lock`,
    method: "PUT",
    body: { seconds: v.seconds },
  }));
export const useDeleteBranch = () =>
  useAdminMutation((id: string) => ({ path: `/api/admin/branches/${id}`, method: "DELETE" }));
export const useSaveService = () =>
  useAdminMutation((v: ServiceInput & { id?: string; branchId: string }) => {
    const { id, branchId, ...body } = v;
    return id
      ? { path: `/api/admin/services/${id}`, method: "PUT", body }
      : { path: `/api/admin/branches/${branchId}/services`, method: "POST", body };
  });
export const useDeleteService = () =>
  useAdminMutation((id: string) => ({ path: `/api/admin/services/${id}`, method: "DELETE" }));

const PARTNER_KEY = ["admin", "partner"] as const;
const partnerSchema = z.object({
  partner: z.object({ legalName: z.string(), signAlgo: z.enum(SIGN_ALGOS) }),
});
export type Partner = z.infer<typeof partnerSchema>["partner"];

/**
 * The partner's legal name on Diia's consent screen ("" = Diia's own record) and the default algorithm its clients
 * sign applications with (Дія.Підпис).
 */
export const usePartner = () =>
  useQuery({
    queryKey: PARTNER_KEY,
    queryFn: ({ signal }) =>
      apiRequest("/api/admin/partner", { schema: partnerSchema, signal }).then((r) => r.partner),
  });

export const useSavePartner = () => {
  const queryClient = useQueryClient();
  return useMutation({
    // Only what is given changes (docs/api.md): a legal name sent again would update every branch in Diia.
    mutationFn: ({ legalName, signAlgo }: Partial<Partner>) =>
      apiRequest("/api/admin/partner", {
        method: "PUT",
        body: {
          ...(legalName !== undefined && { legalName: legalName.trim() === "" ? null : legalName }),
          ...(signAlgo !== undefined && { signAlgo }),
        },
        schema: partnerSchema,
      }).then((r) => r.partner),
    onSuccess: (partner) => queryClient.setQueryData(PARTNER_KEY, partner),
  });
};
