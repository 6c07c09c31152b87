/**
 * `GET /api/manage/dashboard?from&to` → figures computed in SQL: copies per day per branch, outcomes, time to
 * consent (median, p90), and per document type.
 *
 * @example
 * const { data } = useDashboard({ from: "2026-03-01", to: "2026-03-31" }); // data?.consentSeconds.p90
 */
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

const seconds = z.number().nullable();
export const dashboardSchema = z.object({
  from: z.string(),
  to: z.string(),
  perDay: z.array(
    z.object({ day: z.string(), branchId: z.string(), branchName: z.string(), copies: z.number() }),
  ),
  outcomes: z.object({
    total: z.number(),
    received: z.number(),
    declined: z.number(),
    expired: z.number(),
    other: z.number(),
    waiting: z.number(),
  }),
  consentSeconds: z.object({ median: seconds, p90: seconds, count: z.number() }),
  byType: z.array(
    z.object({ type: z.string(), requests: z.number(), received: z.number(), medianSeconds: seconds }),
  ),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export function useDashboard(range: { from?: string; to?: string }) {
  const params = new URLSearchParams();
  if (range.from) params.set("from", range.from);
  if (range.to) params.set("to", range.to);
  return useQuery({
    queryKey: ["dashboard", range.from ?? "", range.to ?? ""],
    queryFn: ({ signal }) =>
      apiRequest(`/api/manage/dashboard?${params}`, {
        schema: z.object({ dashboard: dashboardSchema }),
        signal,
      }).then((r) => r.dashboard),
  });
}
