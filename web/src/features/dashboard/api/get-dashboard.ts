/**
 * `GET /api/manage/dashboard?from&to` → figures computed in SQL: copies per day per branch, outcomes, time to
 * consent (median, p90), and per document type.
 *
 * @example
 * const { data } = useDashboard({ from: "2026-03-01", to: "2026-03-31" }); // data?.consentSeconds.p90
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { dashboardKeys } from "../query-keys.ts";

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
const response = z.object({ dashboard: dashboardSchema });

/** Whole days only (ISO); an open end is the server's default (the last 30 days, up to today). */
export interface DashboardRange {
  from?: string;
  to?: string;
}

export const dashboardQuery = ({ from = "", to = "" }: DashboardRange) =>
  queryOptions({
    queryKey: dashboardKeys.range(from, to),
    queryFn: ({ signal }) => {
      const params = new URLSearchParams();
      if (from) params.set("from", from);
      if (to) params.set("to", to);
      return apiRequest(`/api/manage/dashboard?${params}`, { schema: response, signal }).then(
        (r) => r.dashboard,
      );
    },
  });

export const useDashboard = (range: DashboardRange) => useQuery(dashboardQuery(range));
