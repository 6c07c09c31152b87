// Query keys of the late-deliveries feature (managers' genuine deliveries that came after their request closed).
export const lateKeys = {
  all: ["late-deliveries"] as const,
  list: () => [...lateKeys.all, "list"] as const,
};
