/**
 * `POST /api/requests/:id/signings` `{signAlgo?}` → 201 `{signing}`: the server renders the application from the
 * saved questionnaire, seals it and asks Diia for the signing deeplink (a waiting signing of the request is
 * cancelled first). Diia refusing is still 201, with `status: "failed"` and the reason; 409 `QUESTIONNAIRE_MISSING`
 * and 503 `DIIA_UNAVAILABLE` are errors. The answer seeds the signing's cached detail, so its long-poll starts from
 * that version.
 *
 * @example
 * useCreateSigning().mutate({ requestId }, { onSuccess: (s) => setSigningId(s.id) });
 */

import { type SignAlgo, type Signing, signingResponse } from "@stiika/api";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { signingKeys } from "../query-keys.ts";

/** No `signAlgo`: the partner's default (the admin's setting). */
export interface CreateSigningInput {
  requestId: string;
  signAlgo?: SignAlgo;
}

export function createSigning({ requestId, signAlgo }: CreateSigningInput): Promise<Signing> {
  return apiRequest(`/api/requests/${encodeURIComponent(requestId)}/signings`, {
    method: "POST",
    body: signAlgo ? { signAlgo } : {},
    schema: signingResponse,
  }).then((r) => r.signing);
}

export function useCreateSigning() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSigning,
    onSuccess: (signing) => queryClient.setQueryData(signingKeys.detail(signing.id), signing),
  });
}
