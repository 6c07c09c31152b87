/**
 * `DELETE /api/admin/services/:id` → `{deleted: true}`: the service's Diia offer is deleted with it.
 *
 * @example
 * useDeleteService().mutate(service.id);
 */
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { deletedResponse, useAdminMutation } from "./mutation.ts";

export const useDeleteService = () =>
  useAdminMutation(adminKeys.branches(), (id: string) =>
    apiRequest(`/api/admin/services/${encodeURIComponent(id)}`, {
      method: "DELETE",
      schema: deletedResponse,
    }),
  );
