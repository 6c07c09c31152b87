/**
 * `GET /api/documents/:id/pdf` → the signed PDF as a Blob, fetched with `cache: "no-store"` and dropped from the
 * query cache the moment no viewer uses it.
 *
 * @example
 * const { data: blob } = useDocumentPdf(document.id);
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiBlob } from "../../../lib/api-client.ts";
import { documentKeys } from "../query-keys.ts";

export function getDocumentPdf(documentId: string, signal?: AbortSignal): Promise<Blob> {
  return apiBlob(`/api/documents/${encodeURIComponent(documentId)}/pdf`, { signal });
}

export const documentPdfQueryOptions = (documentId: string) =>
  queryOptions({
    queryKey: documentKeys.pdf(documentId),
    queryFn: ({ signal }) => getDocumentPdf(documentId, signal),
    gcTime: 0,
    staleTime: Infinity,
  });

export function useDocumentPdf(documentId: string) {
  return useQuery(documentPdfQueryOptions(documentId));
}
