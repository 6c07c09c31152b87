// Query keys of the documents feature, general to specific.
export const documentKeys = {
  all: ["documents"] as const,
  ofRequest: (requestId: string) => [...documentKeys.all, "request", requestId] as const,
  pdf: (documentId: string) => [...documentKeys.all, "pdf", documentId] as const,
};
