/**
 * `GET /api/requests/:id?wait=25&version=n`, long-polled: while the request can still take a delivery (`waiting`,
 * or `failed` within its lifetime — Diia may still deliver what our side gave up on) the query is re-issued the
 * moment an answer arrives, each time with the version it already has, so the server holds it until something
 * changes (or 25 s pass). Any other status is final and polling stops.
 *
 * @example
 * const { data: request } = useSharingRequest(id);
 * request?.status === "received" && request.documents.length > 0;
 */

import { signingSchema } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { requestKeys } from "../query-keys.ts";

export const REQUEST_STATUSES = [
  "waiting",
  "received",
  "declined",
  "expired",
  "failed",
  "cancelled",
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const sharingRequestSchema = z.object({
  id: z.string(),
  kind: z.enum(["barcode", "qr", "deeplink"]),
  status: z.enum(REQUEST_STATUSES),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  code: z.string().nullable(),
  deeplink: z.string().nullable(),
  service: z.object({ id: z.string(), name: z.string() }),
  documentTypes: z.array(z.string()),
  createdAt: z.string(),
  expiresAt: z.string(),
  version: z.number().int(),
  documents: z.array(z.object({ id: z.string(), type: z.string(), title: z.string() })),
  // The latest Дія.Підпис of the application (issue 14), so a reloaded tablet resumes it.
  signing: signingSchema.nullable(),
});
export type SharingRequest = z.infer<typeof sharingRequestSchema>;

export const requestResponse = z.object({ request: sharingRequestSchema });

/** Seconds the server may hold a long-poll (the contract allows 0..30; 25 stays clear of proxy timeouts). */
export const LONG_POLL_SECONDS = 25;

export function getSharingRequest(
  id: string,
  { wait, version, signal }: { wait: number; version?: number; signal?: AbortSignal },
): Promise<SharingRequest> {
  const query = new URLSearchParams({ wait: String(wait) });
  if (version !== undefined) query.set("version", String(version));
  return apiRequest(`/api/requests/${encodeURIComponent(id)}?${query}`, {
    schema: requestResponse,
    signal,
  }).then((r) => r.request);
}

/** Whether a delivery may still land on the request (server/README.md, "Request lifecycle"). */
export function awaitsDelivery(request: SharingRequest, now = Date.now()): boolean {
  if (request.status === "waiting") return true;
  return request.status === "failed" && Date.parse(request.expiresAt) > now;
}

export const sharingRequestQueryOptions = (id: string) =>
  queryOptions({
    queryKey: requestKeys.detail(id),
    queryFn: ({ client, queryKey, signal }) => {
      const known = client.getQueryData<SharingRequest>(queryKey);
      // The first call (nothing known yet) answers at once; later ones wait for a change.
      return known && awaitsDelivery(known)
        ? getSharingRequest(id, { wait: LONG_POLL_SECONDS, version: known.version, signal })
        : getSharingRequest(id, { wait: 0, signal });
    },
    // Re-issue as soon as an answer lands while the outcome is open; a final status stops the loop.
    refetchInterval: (query) => (query.state.data && awaitsDelivery(query.state.data) ? 1 : false),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });

export function useSharingRequest(id: string) {
  return useQuery(sharingRequestQueryOptions(id));
}
