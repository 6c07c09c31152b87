/**
 * `DELETE /api/admin/branches/:id` → `{deleted: true}`: the branch goes from Diia and from the list (refused with
 * CONFLICT while it has employees or requests).
 *
 * @example
 * useDeleteBranch().mutate(branch.id);
 */
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { deletedResponse, useAdminMutation } from "./mutation.ts";

export const useDeleteBranch = () =>
  useAdminMutation(adminKeys.branches(), (id: string) =>
    apiRequest(`/api/admin/branches/${encodeURIComponent(id)}`, {
      method: "DELETE",
      schema: deletedResponse,
    }),
  );
