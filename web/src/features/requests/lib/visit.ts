/**
 * A client's visit: a service needs several documents, a barcode brings one, so the visit is the list of requests
 * (ids only — no personal data — carried in the URL as `?visit=a,b`) whose documents fill one questionnaire.
 *
 * @example
 * missingTypes(["passport", "taxpayer-card"], ["internal-passport"]); // ["taxpayer-card"]
 * withVisit("/scan", ["r1", "r2"]);                                   // "/scan?visit=r1%2Cr2"
 */

/** At most this many requests in one visit (a service asks for a handful of documents). */
const MAX_VISIT = 8;
const ID = /^[A-Za-z0-9-]{1,64}$/;

/** The request ids of `?visit=`, dropping anything that is not one. */
export function parseVisit(param: string | null): string[] {
  if (!param) return [];
  return [...new Set(param.split(",").filter((id) => ID.test(id)))].slice(0, MAX_VISIT);
}

export function withVisit(path: string, visit: readonly string[]): string {
  return visit.length === 0 ? path : `${path}?${new URLSearchParams({ visit: visit.join(",") })}`;
}

/** Whether a received document answers what the service asked for ("passport": either passport). */
function covers(asked: string, received: string): boolean {
  return asked === "passport"
    ? received === "internal-passport" || received === "foreign-passport"
    : asked === received;
}

/** The service's document types no received document covers yet, in the service's order. */
export function missingTypes(asked: readonly string[], received: readonly string[]): string[] {
  return asked.filter((a) => !received.some((r) => covers(a, r)));
}
