/**
 * `GET /api/requests/:id/documents` → the received documents: the `@stiika/diia` normalised shape for the
 * questionnaire (null for a type without a schema or an unreadable item), what of it needs a manual check, and who
 * signed each (`provenance`) for the "Підписано Дією" status.
 *
 * @example
 * const { data: documents } = useRequestDocuments(request.id, { enabled: request.status === "received" });
 */
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { documentKeys } from "../query-keys.ts";

// The server builds `normalised` with @stiika/diia itself; checking its envelope (kind, person, document) is enough.
const normalisedSchema = z.custom<NormalisedDocument>(
  (v) =>
    typeof v === "object" &&
    v !== null &&
    typeof (v as { kind?: unknown }).kind === "string" &&
    typeof (v as { person?: unknown }).person === "object" &&
    typeof (v as { document?: unknown }).document === "object",
  { message: "not a normalised document" },
);

export const provenanceSchema = z.object({
  signer: z.object({ subject: z.string(), serial: z.string(), keyId: z.string(), issuer: z.string() }),
  signingTime: z.string().nullable(),
  receivedAt: z.string(),
  verified: z.boolean(),
});
export type Provenance = z.infer<typeof provenanceSchema>;

/** What a person must read for themselves (docs/api.md): absent on servers before issue 16, read as nothing. */
export const manualCheckSchema = {
  manualCheck: z.array(z.object({ path: z.string(), code: z.string() })).default([]),
  /** Questionnaire paths ("person.lastName.uk") the unreadable fields would have filled. */
  manualFields: z.array(z.string()).default([]),
  /** Every value as Diia sent it, by dotted path. */
  fields: z.array(z.object({ path: z.string(), value: z.string() })).default([]),
};

export const documentSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  normalised: normalisedSchema.nullable(),
  provenance: provenanceSchema,
  ...manualCheckSchema,
});
export type ReceivedDocument = z.infer<typeof documentSchema>;

const documentsResponse = z.object({ documents: z.array(documentSchema) });

export function getRequestDocuments(requestId: string, signal?: AbortSignal): Promise<ReceivedDocument[]> {
  return apiRequest(`/api/requests/${encodeURIComponent(requestId)}/documents`, {
    schema: documentsResponse,
    signal,
  }).then((r) => r.documents);
}

export const requestDocumentsQueryOptions = (requestId: string) =>
  queryOptions({
    queryKey: documentKeys.ofRequest(requestId),
    queryFn: ({ signal }) => getRequestDocuments(requestId, signal),
    // Personal data: kept only while a screen shows it.
    gcTime: 0,
    staleTime: Infinity,
  });

export function useRequestDocuments(requestId: string, { enabled }: { enabled: boolean }) {
  return useQuery({ ...requestDocumentsQueryOptions(requestId), enabled });
}
