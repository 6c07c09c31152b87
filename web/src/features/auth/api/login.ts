/**
 * `POST /api/auth/login` `{login, password}` → `{employee, csrfToken}`; the answer becomes the cached `me`.
 *
 * @example
 * const login = useLogin();
 * login.mutate({ login: "teller1", password }, { onError: (e) => e.code === "BAD_CREDENTIALS" });
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest, setCsrfToken } from "../../../lib/api-client.ts";
import { authKeys } from "../query-keys.ts";
import { type Session, sessionSchema } from "./get-me.ts";

export const loginInput = z.object({
  login: z.string().trim().min(1).max(100),
  password: z.string().min(1).max(1000),
});
export type LoginInput = z.infer<typeof loginInput>;

export async function login(input: LoginInput): Promise<Session> {
  const session = await apiRequest("/api/auth/login", { method: "POST", body: input, schema: sessionSchema });
  setCsrfToken(session.csrfToken);
  return session;
}

export function useLogin() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: login,
    onSuccess: (session) => queryClient.setQueryData(authKeys.me(), session),
  });
}
