/**
 * `POST /api/admin/branches/:branchId/services` (create) or `PUT /api/admin/services/:id` → `{service}`. Diia has no
 * offer update, so a change of name or document types makes the server create a new offer and delete the old one
 * (`offerReplaced` on the PUT's answer).
 *
 * @example
 * useSaveService().mutate({ branchId, name: "Рахунок", template: "bank-account", documentTypes: ["passport"],
 *   checkOnly: false });
 */
import { TEMPLATE_IDS } from "@stiika/api";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { serviceSchema } from "./get-branches.ts";
import { useAdminMutation } from "./mutation.ts";

/** A service as an admin fills it in (messages are keys of `adminText[lang].invalid`). */
export const serviceInputSchema = z.object({
  name: z.string().min(1, "required").max(100, "tooLong"),
  template: z.enum(TEMPLATE_IDS),
  documentTypes: z.array(z.string()).min(1, "noTypes"),
  checkOnly: z.boolean(),
});
export type ServiceInput = z.infer<typeof serviceInputSchema>;

const schema = z.object({ service: serviceSchema.extend({ offerReplaced: z.boolean().optional() }) });

export const useSaveService = () =>
  useAdminMutation(
    adminKeys.branches(),
    ({ id, branchId, ...body }: ServiceInput & { id?: string; branchId: string }) =>
      apiRequest(
        id
          ? `/api/admin/services/${encodeURIComponent(id)}`
          : `/api/admin/branches/${encodeURIComponent(branchId)}/services`,
        { method: id ? "PUT" : "POST", body, schema },
      ).then((r) => r.service),
  );
