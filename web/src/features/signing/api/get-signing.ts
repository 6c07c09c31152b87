/**
 * `GET /api/signings/:id?wait=25&version=n`, long-polled like a sharing request: while the signing is `waiting`
 * the query is re-issued the moment an answer arrives, with the version it already has, so the server holds it
 * until something changes (a signature, a decline, the expiry) or 25 s pass. Any other status is final.
 * `signingSchema` is the contract's `Signing` exactly (docs/api.md): an answer that drifts from it is
 * `BAD_RESPONSE`, never half-shown.
 *
 * @example
 * const { data: signing } = useSigning(id);
 * signing?.status === "signed" && signing.signer?.fullName;
 */

import { type Signing, signingResponse } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { apiRequest } from "../../../lib/api-client.ts";
import { signingKeys } from "../query-keys.ts";

/** Seconds the server may hold a long-poll (the contract allows 0..30; 25 stays clear of proxy timeouts). */
const LONG_POLL_SECONDS = 25;

export function getSigning(
  id: string,
  { wait, version, signal }: { wait: number; version?: number; signal?: AbortSignal },
): Promise<Signing> {
  const query = new URLSearchParams({ wait: String(wait) });
  if (version !== undefined) query.set("version", String(version));
  return apiRequest(`/api/signings/${encodeURIComponent(id)}?${query}`, {
    schema: signingResponse,
    signal,
  }).then((r) => r.signing);
}

export const signingQueryOptions = (id: string) =>
  queryOptions({
    queryKey: signingKeys.detail(id),
    queryFn: ({ client, queryKey, signal }) => {
      const known = client.getQueryData<Signing>(queryKey);
      // Nothing known yet: answer at once; while waiting: hold until the version changes.
      return known?.status === "waiting"
        ? getSigning(id, { wait: LONG_POLL_SECONDS, version: known.version, signal })
        : getSigning(id, { wait: 0, signal });
    },
    refetchInterval: (query) => (query.state.data?.status === "waiting" ? 1 : false),
    refetchIntervalInBackground: true,
    staleTime: 0,
  });

/** `known`: the signing as the request or the create call gave it, shown at once and polled on from its version. */
export function useSigning(id: string, known?: Signing) {
  return useQuery({ ...signingQueryOptions(id), initialData: known?.id === id ? known : undefined });
}
