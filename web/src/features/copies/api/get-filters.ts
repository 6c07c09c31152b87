/**
 * `GET /api/manage/filters` → the employees and branches the caller may filter by.
 *
 * @example
 * const { data } = useCopyFilters(); // data?.employees[0].name
 */
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";

const schema = z.object({
  employees: z.array(z.object({ id: z.string(), name: z.string(), branchId: z.string() })),
  branches: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const useCopyFilters = () =>
  useQuery({
    queryKey: copyKeys.filters(),
    queryFn: ({ signal }) => apiRequest("/api/manage/filters", { schema, signal }),
  });
