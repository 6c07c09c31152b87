/**
 * `POST /api/requests` → 201 `{request}`: ask Diia for the client's documents by a scanned barcode, a document QR,
 * or (no code at all) a deeplink to show the client — for all the service's documents, or only `documentTypes`
 * (the ones a visit still lacks). The answer seeds the request's cached detail.
 *
 * @example
 * const create = useCreateRequest();
 * create.mutate({ serviceId, kind: "barcode", barcode: "2858364170864" }, { onSuccess: (r) => navigate(`/requests/${r.id}`) });
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { requestKeys } from "../query-keys.ts";
import { requestResponse, type SharingRequest } from "./get-request.ts";

export type CreateRequestInput =
  | { serviceId: string; kind: "barcode"; barcode: string }
  | { serviceId: string; kind: "qr"; qr: string }
  | { serviceId: string; kind: "deeplink"; documentTypes?: string[] };

export function createSharingRequest(input: CreateRequestInput): Promise<SharingRequest> {
  return apiRequest("/api/requests", { method: "POST", body: input, schema: requestResponse }).then(
    (r) => r.request,
  );
}

export function useCreateRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createSharingRequest,
    onSuccess: (request) => queryClient.setQueryData(requestKeys.detail(request.id), request),
  });
}
