/**
 * `GET /api/manage/retention` → the default period and each visible branch's own (a manager: their branch; an
 * admin: all); `PUT /api/manage/retention` (admins) sets the default, `PUT /api/manage/retention/branches/:id`
 * a branch's own period (null: follow the default). The purge job reads them on every round.
 *
 * @example
 * const { data } = useRetention(); // { default: { days: 30, source: "config" }, branches: [{ id, name, days: null, effectiveDays: 30 }] }
 * useSetBranchRetention().mutate({ branchId, days: 14 });
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";

const schema = z.object({
  retention: z.object({
    default: z.object({ days: z.number(), source: z.enum(["database", "config"]) }),
    branches: z.array(
      z.object({ id: z.string(), name: z.string(), days: z.number().nullable(), effectiveDays: z.number() }),
    ),
  }),
});
export type Retention = z.infer<typeof schema>["retention"];

export const useRetention = () =>
  useQuery({
    queryKey: copyKeys.retention(),
    queryFn: ({ signal }) => apiRequest("/api/manage/retention", { schema, signal }).then((r) => r.retention),
  });

function useSaveRetention<T>(request: (input: T) => Promise<{ retention: Retention }>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: T) => request(input).then((r) => r.retention),
    onSuccess: (retention) => queryClient.setQueryData(copyKeys.retention(), retention),
  });
}

export const useSetDefaultRetention = () =>
  useSaveRetention((days: number) =>
    apiRequest("/api/manage/retention", { method: "PUT", body: { days }, schema }),
  );

export const useSetBranchRetention = () =>
  useSaveRetention(({ branchId, days }: { branchId: string; days: number | null }) =>
    apiRequest(`/api/manage/retention/branches/${encodeURIComponent(branchId)}`, {
      method: "PUT",
      body: { days },
      schema,
    }),
  );
