/**
 * `POST /api/auth/password` `{currentPassword, newPassword}` → `{employee}` (required first after a one-time
 * password); the cached `me` gets the updated employee.
 *
 * @example
 * useChangePassword().mutate({ currentPassword, newPassword });
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { authKeys } from "../query-keys.ts";
import { employeeSchema, type Session } from "./get-me.ts";

export interface ChangePasswordInput {
  currentPassword: string;
  newPassword: string;
}

export async function changePassword(input: ChangePasswordInput) {
  return apiRequest("/api/auth/password", {
    method: "POST",
    body: input,
    schema: z.object({ employee: employeeSchema }),
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    onSuccess: ({ employee }) =>
      queryClient.setQueryData<Session>(authKeys.me(), (old) => (old ? { ...old, employee } : old)),
  });
}
