// Query keys of the admin feature, general to specific: a change to a branch or service refetches the branches
// (their services nested), an employee's the staff list; the partner is its own record.
export const adminKeys = {
  all: ["admin"] as const,
  branches: () => [...adminKeys.all, "branches"] as const,
  partner: () => [...adminKeys.all, "partner"] as const,
  employees: () => [...adminKeys.all, "employees"] as const,
};
