/**
 * `GET /api/me` → the signed-in employee and the CSRF token (the token is handed to the API client, never stored).
 *
 * @example
 * const me = useMe(); // me.data?.employee.fullName; a 401 leaves me.error with code "UNAUTHENTICATED"
 */
import { ROLES } from "@stiika/api";
import { queryOptions, useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest, setCsrfToken } from "../../../lib/api-client.ts";
import { authKeys } from "../query-keys.ts";

/** The signed-in employee, shaped as docs/api.md gives it. */
export const employeeSchema = z.object({
  id: z.string(),
  login: z.string(),
  fullName: z.string(),
  role: z.enum(ROLES),
  branch: z.object({
    id: z.string(),
    name: z.string(),
    /** Seconds without input before this branch's counter screens lock (an admin's setting). */
    idleLockSeconds: z.number().int().min(10).max(3600).optional(),
  }),
  mustChangePassword: z.boolean(),
  /** The employee has an unlock PIN: a lock keeps the session, locked, and the PIN reopens it. */
  hasPin: z.boolean().default(false),
});
export type Employee = z.output<typeof employeeSchema>;

export const sessionSchema = z.object({ employee: employeeSchema, csrfToken: z.string().min(1) });
export type Session = z.infer<typeof sessionSchema>;

export async function getMe(signal?: AbortSignal): Promise<Session> {
  const session = await apiRequest("/api/me", { schema: sessionSchema, signal });
  setCsrfToken(session.csrfToken);
  return session;
}

export const meQueryOptions = () =>
  queryOptions({
    queryKey: authKeys.me(),
    queryFn: ({ signal }) => getMe(signal),
    retry: false,
    staleTime: Infinity,
  });

/** `enabled: false` while the screen is locked: the server session is over, asking would only earn a 401. */
export function useMe({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...meQueryOptions(), enabled });
}
