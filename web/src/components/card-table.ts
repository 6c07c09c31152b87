// A table that is a table from `lg` up and a stack of cards below (a tablet held upright): each cell then shows its
// column's name from `data-label`, and the row's actions wrap inside the card instead of running off-screen.
export const cardTable = {
  table: "block w-full text-left lg:table",
  thead: "sr-only border-b border-neutral-200 text-sm text-neutral-700 lg:not-sr-only lg:table-header-group",
  tbody: "flex flex-col gap-3 lg:table-row-group",
  tr: "flex flex-col gap-1 rounded-xl border border-neutral-200 p-3 lg:table-row lg:rounded-none lg:border-0 lg:border-b lg:border-neutral-100 lg:p-0 lg:last:border-0",
  td: "flex flex-wrap items-baseline gap-x-3 before:min-w-32 before:text-sm before:text-neutral-600 before:content-[attr(data-label)] lg:table-cell lg:px-4 lg:py-3 lg:before:content-none",
  actions: "flex flex-wrap gap-2 pt-2 lg:table-cell lg:px-4 lg:py-2 lg:text-right",
} as const;
