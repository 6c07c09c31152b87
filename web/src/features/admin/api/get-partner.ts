/**
 * `GET /api/admin/partner` → the partner's legal name on Diia's consent screen ("" = Diia's own record) and the
 * default algorithm its clients sign applications with (Дія.Підпис). `PUT` answers the same shape (save-partner.ts).
 *
 * @example
 * usePartner().data?.signAlgo; // "DSTU"
 */
import { SIGN_ALGOS } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";

export const partnerResponse = z.object({
  partner: z.object({ legalName: z.string(), signAlgo: z.enum(SIGN_ALGOS) }),
});
export type Partner = z.infer<typeof partnerResponse>["partner"];

export const partnerQuery = () =>
  queryOptions({
    queryKey: adminKeys.partner(),
    queryFn: ({ signal }) =>
      apiRequest("/api/admin/partner", { schema: partnerResponse, signal }).then((r) => r.partner),
  });

export const usePartner = () => useQuery(partnerQuery());
