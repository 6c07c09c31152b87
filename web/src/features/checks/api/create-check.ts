/**
 * `POST /api/checks` → `{result, message, checkedAt}`: check-only mode — Diia says whether the client's document is
 * genuine and current; no copy is received and the server keeps nothing about the client.
 *
 * @example
 * const check = useCreateCheck();
 * check.mutate({ serviceId, barcode: "2858364170864" }, { onSuccess: (a) => a.result === "valid" });
 */
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

export const CHECK_RESULTS = [
  "valid",
  "invalid",
  "code_expired",
  "code_used",
  "unknown_code",
  "diia_unavailable",
] as const;
export type CheckResult = (typeof CHECK_RESULTS)[number];

export const checkAnswerSchema = z.object({
  result: z.enum(CHECK_RESULTS),
  message: z.string(),
  checkedAt: z.iso.datetime({ offset: true }),
});
export type CheckAnswer = z.infer<typeof checkAnswerSchema>;

export interface CheckInput {
  serviceId?: string;
  barcode: string;
}

export function createCheck(input: CheckInput): Promise<CheckAnswer> {
  return apiRequest("/api/checks", { method: "POST", body: input, schema: checkAnswerSchema });
}

export function useCreateCheck() {
  return useMutation({ mutationFn: createCheck });
}
