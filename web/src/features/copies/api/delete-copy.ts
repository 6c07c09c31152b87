/**
 * `DELETE /api/manage/copies/:id` `{reason}` (one of `DELETE_REASONS` from `@stiika/api`) → the copy's documents
 * and questionnaire are deleted (audited).
 *
 * @example
 * const del = useDeleteCopy();
 * del.mutate({ id, reason: "client-request" });
 */
import type { DeleteReason } from "@stiika/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";

export function useDeleteCopy() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: DeleteReason }) =>
      apiRequest(`/api/manage/copies/${encodeURIComponent(id)}`, {
        method: "DELETE",
        body: { reason },
        schema: z.object({ deleted: z.literal(true) }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: copyKeys.all }),
  });
}
