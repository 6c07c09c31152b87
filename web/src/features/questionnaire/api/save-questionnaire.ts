/**
 * `PUT /api/requests/:id/questionnaire` `{template, fields}` → `{saved: true}`.
 *
 * @example
 * useSaveQuestionnaire().mutate({ requestId, template: "bank-account", fields }, { onSuccess: () => navigate("/scan") });
 */
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import type { Answers, TemplateId } from "../lib/template.ts";
import { questionnaireKeys } from "../query-keys.ts";

export interface SaveQuestionnaireInput {
  requestId: string;
  template: TemplateId;
  fields: Answers;
}

export function saveQuestionnaire({ requestId, template, fields }: SaveQuestionnaireInput) {
  return apiRequest(`/api/requests/${encodeURIComponent(requestId)}/questionnaire`, {
    method: "PUT",
    body: { template, fields },
    schema: z.object({ saved: z.literal(true) }),
  });
}

export function useSaveQuestionnaire() {
  return useMutation({
    mutationKey: questionnaireKeys.all,
    mutationFn: saveQuestionnaire,
  });
}
