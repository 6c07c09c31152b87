// Query keys of the requests feature, general to specific.
export const requestKeys = {
  all: ["requests"] as const,
  details: () => [...requestKeys.all, "detail"] as const,
  detail: (id: string) => [...requestKeys.details(), id] as const,
};
