/**
 * `POST /api/requests/:id/cancel` → `{request}` (now `cancelled`); the cached detail takes the answer, which also
 * ends its long-poll.
 *
 * @example
 * useCancelRequest().mutate(request.id, { onSuccess: () => navigate("/scan") });
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { requestKeys } from "../query-keys.ts";
import { requestResponse, type SharingRequest } from "./get-request.ts";

export function cancelSharingRequest(id: string): Promise<SharingRequest> {
  return apiRequest(`/api/requests/${encodeURIComponent(id)}/cancel`, {
    method: "POST",
    schema: requestResponse,
  }).then((r) => r.request);
}

export function useCancelRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelSharingRequest,
    onSuccess: async (request) => {
      await queryClient.cancelQueries({ queryKey: requestKeys.detail(request.id) });
      queryClient.setQueryData(requestKeys.detail(request.id), request);
    },
  });
}
