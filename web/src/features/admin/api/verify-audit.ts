/**
 * `POST /api/admin/audit/verify` → the server recomputes the whole audit hash chain (and records that it did).
 *
 * @example
 * const verify = useVerifyAudit(); verify.mutate(); // verify.data?.ok
 */
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

const schema = z.object({
  result: z.union([
    z.object({ ok: z.literal(true), rows: z.number() }),
    z.object({ ok: z.literal(false), rows: z.number(), seq: z.number(), reason: z.string() }),
  ]),
});

export const useVerifyAudit = () =>
  useMutation({
    mutationFn: () => apiRequest("/api/admin/audit/verify", { method: "POST", schema }).then((r) => r.result),
  });
