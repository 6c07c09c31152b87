// Query keys of the signing feature (Дія.Підпис of the application), general to specific.
export const signingKeys = {
  all: ["signings"] as const,
  details: () => [...signingKeys.all, "detail"] as const,
  detail: (id: string) => [...signingKeys.details(), id] as const,
};
