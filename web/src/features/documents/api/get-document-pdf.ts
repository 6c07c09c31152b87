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

/** `path` overrides where the bytes come from (the managers' copy route serves the same PDF). */
export function getDocumentPdf(documentId: string, signal?: AbortSignal, path?: string): Promise<Blob> {
  return apiBlob(path ?? `/api/documents/${encodeURIComponent(documentId)}/pdf`, { signal });
}

export const documentPdfQueryOptions = (documentId: string, path?: string) =>
  queryOptions({
    queryKey: documentKeys.pdf(documentId),
    queryFn: ({ signal }) => getDocumentPdf(documentId, signal, path),
    gcTime: 0,
    staleTime: Infinity,
  });

export function useDocumentPdf(documentId: string, path?: string) {
  return useQuery(documentPdfQueryOptions(documentId, path));
}
