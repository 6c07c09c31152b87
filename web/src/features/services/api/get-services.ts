/**
 * `GET /api/services` → what a teller can request at this branch (the documents asked for, the questionnaire
 * template, whether it is a check only).
 *
 * @example
 * const { data } = useServices(); // data?.services[0].template === "bank-account"
 */
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { serviceKeys } from "../query-keys.ts";

export const serviceSchema = z.object({
  id: z.string(),
  name: z.string(),
  documentTypes: z.array(z.string()),
  template: z.enum(["bank-account", "hotel-check-in", "cnap-service"]),
  checkOnly: z.boolean(),
});
export type Service = z.infer<typeof serviceSchema>;

const servicesResponse = z.object({ services: z.array(serviceSchema) });

export function getServices(signal?: AbortSignal): Promise<Service[]> {
  return apiRequest("/api/services", { schema: servicesResponse, signal }).then((r) => r.services);
}

export const servicesQueryOptions = () =>
  queryOptions({
    queryKey: serviceKeys.list(),
    queryFn: ({ signal }) => getServices(signal),
    staleTime: 5 * 60_000,
  });

export function useServices() {
  return useQuery(servicesQueryOptions());
}
