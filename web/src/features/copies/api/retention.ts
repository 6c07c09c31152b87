/**
 * `GET|PUT /api/manage/retention` → how many days received documents are kept (the purge job reads it).
 *
 * @example
 * const { data } = useRetention(); // { days: 30, source: "config" }
 * useSetRetention().mutate(14);
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";

const schema = z.object({
  retention: z.object({ days: z.number(), source: z.enum(["database", "config"]) }),
});

export const useRetention = () =>
  useQuery({
    queryKey: copyKeys.retention(),
    queryFn: ({ signal }) => apiRequest("/api/manage/retention", { schema, signal }).then((r) => r.retention),
  });

export function useSetRetention() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (days: number) =>
      apiRequest("/api/manage/retention", { method: "PUT", body: { days }, schema }).then((r) => r.retention),
    onSuccess: (retention) => queryClient.setQueryData(copyKeys.retention(), retention),
  });
}
