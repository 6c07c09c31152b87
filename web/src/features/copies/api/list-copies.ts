/**
 * `GET /api/manage/copies` → one page of received copies (manager: own branch; admin: all), filtered and searched
 * on the server (РНОКПП or whole name tokens through the blind index). Names are personal data: `gcTime: 0`.
 *
 * @example
 * const page = useCopies({ q: "3456789012", page: 1 });
 * page.data?.items[0].clientName;
 */
import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";

export const COPY_STATUSES = [
  "waiting",
  "received",
  "declined",
  "expired",
  "failed",
  "cancelled",
  "deleted",
] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

export const copySummarySchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  receivedAt: z.string().nullable(),
  status: z.enum(COPY_STATUSES),
  employee: z.object({ id: z.string(), name: z.string() }),
  branch: z.object({ id: z.string(), name: z.string() }),
  service: z.string(),
  documentTypes: z.array(z.string()),
  clientName: z.string().nullable(),
});
export type CopySummary = z.infer<typeof copySummarySchema>;

const pageSchema = z.object({
  items: z.array(copySummarySchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});

export interface CopyFilter {
  from?: string;
  to?: string;
  employeeId?: string;
  type?: string;
  status?: CopyStatus | "";
  q?: string;
  page: number;
}

export const PAGE_SIZE = 20;

export function listCopies(f: CopyFilter, signal?: AbortSignal) {
  const params = new URLSearchParams({ page: String(f.page), pageSize: String(PAGE_SIZE) });
  for (const key of ["from", "to", "employeeId", "type", "status", "q"] as const) {
    const v = f[key]?.trim();
    if (v) params.set(key, v);
  }
  return apiRequest(`/api/manage/copies?${params}`, { schema: pageSchema, signal });
}

export const copiesQueryOptions = (f: CopyFilter) =>
  queryOptions({
    queryKey: copyKeys.list(f),
    queryFn: ({ signal }) => listCopies(f, signal),
    gcTime: 0,
    placeholderData: keepPreviousData,
  });

export const useCopies = (f: CopyFilter) => useQuery(copiesQueryOptions(f));
