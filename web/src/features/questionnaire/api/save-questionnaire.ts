/**
 * `PUT /api/requests/:id/questionnaire` `{template, fields}` → `{saved: true}`, for each request of the client's
 * visit (each copy a manager opens shows the questionnaire its documents went into). Saving again overwrites, so a
 * retry after a half-done save is safe.
 *
 * @example
 * useSaveQuestionnaire().mutate({ requestIds: [id], template: "bank-account", fields }, { onSuccess: () => navigate("/scan") });
 */

import type { Answers, TemplateId } from "@stiika/api";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { questionnaireKeys } from "../query-keys.ts";

export interface SaveQuestionnaireInput {
  requestIds: string[];
  template: TemplateId;
  fields: Answers;
}

export async function saveQuestionnaire({ requestIds, template, fields }: SaveQuestionnaireInput) {
  for (const requestId of requestIds) {
    await apiRequest(`/api/requests/${encodeURIComponent(requestId)}/questionnaire`, {
      method: "PUT",
      body: { template, fields },
      schema: z.object({ saved: z.literal(true) }),
    });
  }
}

export function useSaveQuestionnaire() {
  return useMutation({
    mutationKey: questionnaireKeys.all,
    mutationFn: saveQuestionnaire,
  });
}
