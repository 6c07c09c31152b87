// Query keys of the dashboard feature: one figure set per date range.
export const dashboardKeys = {
  all: ["dashboard"] as const,
  range: (from: string, to: string) => [...dashboardKeys.all, from, to] as const,
};
