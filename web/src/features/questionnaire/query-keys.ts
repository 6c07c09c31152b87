// Query keys of the questionnaire feature.
export const questionnaireKeys = {
  all: ["questionnaire"] as const,
  ofRequest: (requestId: string) => [...questionnaireKeys.all, requestId] as const,
};
