/**
 * What every admin change shares: after it succeeds, the list it changed (`adminKeys.branches()` or `.employees()`)
 * is fetched again; and the server's plain acknowledgements.
 *
 * @example
 * export const useDeleteService = () =>
 *   useAdminMutation(adminKeys.branches(), (id: string) =>
 *     apiRequest(`/api/admin/services/${id}`, { method: "DELETE", schema: deletedResponse }));
 */
import { type QueryKey, useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";

export const updatedResponse = z.object({ updated: z.literal(true) });
export const deletedResponse = z.object({ deleted: z.literal(true) });

export function useAdminMutation<V, T>(refetch: QueryKey, mutationFn: (v: V) => Promise<T>) {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn, onSuccess: () => queryClient.invalidateQueries({ queryKey: refetch }) });
}
