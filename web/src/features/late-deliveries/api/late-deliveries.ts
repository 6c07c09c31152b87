/**
 * `GET /api/manage/late-deliveries`, `POST /api/manage/late-deliveries/:id/attach`,
 * `DELETE /api/manage/late-deliveries/:id`: genuine deliveries that came after their request closed, and the
 * manager's decision on each (attach to the client's visit, or delete). Both decisions are audited by the server.
 *
 * @example
 * const { data } = useLateDeliveries(); // data?.[0].consentedAt
 * const attach = useAttachLateDelivery();
 * attach.mutate(id, { onSuccess: ({ requestId }) => navigate(`/manage/copies/${requestId}`) });
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { lateKeys } from "../query-keys.ts";

export const LATE_REASONS = ["expired", "cancelled", "declined", "received", "failed"] as const;
export type LateReason = (typeof LATE_REASONS)[number];

const lateDelivery = z.object({
  id: z.string(),
  requestId: z.string(),
  receivedAt: z.string(),
  consentedAt: z.string(),
  reason: z.enum(LATE_REASONS),
  documentTypes: z.array(z.string()),
  request: z.object({
    kind: z.enum(["barcode", "qr", "deeplink"]),
    service: z.string(),
    createdAt: z.string(),
    expiresAt: z.string(),
    employee: z.object({ id: z.string(), name: z.string() }),
  }),
});
export type LateDelivery = z.infer<typeof lateDelivery>;

export const useLateDeliveries = () =>
  useQuery({
    queryKey: lateKeys.list(),
    queryFn: ({ signal }) =>
      apiRequest("/api/manage/late-deliveries", {
        schema: z.object({ deliveries: z.array(lateDelivery) }),
        signal,
      }).then((r) => r.deliveries),
  });

export function useAttachLateDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/manage/late-deliveries/${encodeURIComponent(id)}/attach`, {
        method: "POST",
        schema: z.object({ attached: z.literal(true), requestId: z.string() }),
      }),
    // The copies this changes belong to another feature: the page that composes both refreshes them.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lateKeys.all }),
  });
}

export function useDeleteLateDelivery() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      apiRequest(`/api/manage/late-deliveries/${encodeURIComponent(id)}`, {
        method: "DELETE",
        schema: z.object({ deleted: z.literal(true) }),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: lateKeys.all }),
  });
}
