// Query keys of the copies feature (managers' received copies), general to specific.
import type { CopyFilter } from "./api/list-copies.ts";

export const copyKeys = {
  all: ["copies"] as const,
  list: (filter: CopyFilter) => [...copyKeys.all, "list", filter] as const,
  detail: (id: string) => [...copyKeys.all, "detail", id] as const,
  filters: () => [...copyKeys.all, "filters"] as const,
  retention: () => [...copyKeys.all, "retention"] as const,
};
