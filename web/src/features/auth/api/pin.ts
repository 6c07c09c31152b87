/**
 * The screen lock with a personal PIN (docs/api.md): `PUT /api/auth/pin` sets it (the current password confirms),
 * `POST /api/auth/lock` locks — keeping the session, locked, when a PIN is set — and `POST /api/auth/unlock`
 * reopens it. Wrong PINs count on the session only (never the sign-in limit); the third ends it.
 *
 * @example
 * const { pin } = await lockScreen(); // pin: the PIN can reopen this session
 * useUnlock().mutate({ pin: "4826" }, { onError: (e) => e.code === "PIN_WRONG" });
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest, setCsrfToken } from "../../../lib/api-client.ts";
import { authKeys } from "../query-keys.ts";
import { type Session, sessionSchema } from "./get-me.ts";

export async function lockScreen(): Promise<{ pin: boolean }> {
  return apiRequest("/api/auth/lock", { method: "POST", schema: z.object({ pin: z.boolean() }) });
}

export function useUnlock() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { pin: string }): Promise<Session> =>
      apiRequest("/api/auth/unlock", { method: "POST", body: input, schema: sessionSchema }),
    onSuccess: (session) => {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(authKeys.me(), session);
    },
  });
}

export function useSetPin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; pin: string }) =>
      apiRequest("/api/auth/pin", { method: "PUT", body: input, schema: z.object({ ok: z.literal(true) }) }),
    onSuccess: () =>
      queryClient.setQueryData<Session>(authKeys.me(), (me) =>
        me ? { ...me, employee: { ...me.employee, hasPin: true } } : me,
      ),
  });
}
