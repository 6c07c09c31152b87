/**
 * `PUT /api/admin/branches/:id/idle-lock` `{seconds}` (30–3600) → `{updated: true}`: how long a counter screen of the
 * branch waits without input before it locks (the teller's app reads it from `/api/me`).
 *
 * @example
 * useSaveIdleLock().mutate({ id: branch.id, seconds: 120 });
 */
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { updatedResponse, useAdminMutation } from "./mutation.ts";

/** Minutes as an admin types them («1,5» or «1.5») → whole seconds within what the server takes (30–3600). */
export const idleLockMinutes = z
  .string()
  .transform((v) => Math.round(Number(v.replace(",", ".")) * 60))
  .pipe(z.number().int().min(30).max(3600));

export const useSaveIdleLock = () =>
  useAdminMutation(adminKeys.branches(), ({ id, seconds }: { id: string; seconds: number }) =>
    apiRequest(`/api/admin/branches/${encodeURIComponent(id)}/idle-lock`, {
      method: "PUT",
      body: { seconds },
      schema: updatedResponse,
    }),
  );
