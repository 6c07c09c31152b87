/**
 * `POST /api/signings/:id/cancel` → `{signing}` (now `cancelled`); the cached detail takes the answer, which also
 * ends its long-poll. 409 `SIGNING_CLOSED` when it stopped waiting meanwhile (signed, declined…): the detail is then
 * fetched again, so the screen shows what happened instead.
 *
 * @example
 * useCancelSigning().mutate(signing.id);
 */

import { type Signing, signingResponse } from "@stiika/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { ApiError, apiRequest } from "../../../lib/api-client.ts";
import { signingKeys } from "../query-keys.ts";
import { getSigning } from "./get-signing.ts";

export function cancelSigning(id: string): Promise<Signing> {
  return apiRequest(`/api/signings/${encodeURIComponent(id)}/cancel`, {
    method: "POST",
    schema: signingResponse,
  }).then((r) => r.signing);
}

export function useCancelSigning() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: cancelSigning,
    onSuccess: async (signing) => {
      await queryClient.cancelQueries({ queryKey: signingKeys.detail(signing.id) });
      queryClient.setQueryData(signingKeys.detail(signing.id), signing);
    },
    onError: async (error, id) => {
      if (error instanceof ApiError && error.code === "SIGNING_CLOSED") {
        // The held long-poll would wait for a change that already happened: ask once, at once.
        await queryClient.cancelQueries({ queryKey: signingKeys.detail(id) });
        queryClient.setQueryData(signingKeys.detail(id), await getSigning(id, { wait: 0 }));
      }
    },
  });
}
