/**
 * `PUT /api/admin/partner` `{legalName?, signAlgo?}` → `{partner}`: only what is given changes (docs/api.md) — a
 * legal name sent again would update every branch in Diia; an empty name is sent as null («not set»).
 *
 * @example
 * useSavePartner().mutate({ signAlgo: "ECDSA" });
 */
import { SIGN_ALGOS } from "@stiika/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { type Partner, partnerResponse } from "./get-partner.ts";

/** The partner form (messages are keys of `adminText[lang].invalid`). */
export const partnerInputSchema = z.object({
  legalName: z.string().max(100, "tooLong"),
  signAlgo: z.enum(SIGN_ALGOS),
});
export type PartnerInput = z.infer<typeof partnerInputSchema>;

export function useSavePartner() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ legalName, signAlgo }: Partial<Partner>) =>
      apiRequest("/api/admin/partner", {
        method: "PUT",
        body: {
          ...(legalName !== undefined && { legalName: legalName.trim() === "" ? null : legalName }),
          ...(signAlgo !== undefined && { signAlgo }),
        },
        schema: partnerResponse,
      }).then((r) => r.partner),
    onSuccess: (partner) => queryClient.setQueryData(adminKeys.partner(), partner),
  });
}
