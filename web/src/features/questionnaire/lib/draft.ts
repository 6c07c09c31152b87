/**
 * What the teller typed into the questionnaire so far, kept in memory only (never storage): it survives the form
 * unmounting for a lock or while the next document of the same visit is scanned, and is dropped for the next
 * client and at sign-out. Only fields the teller changed are kept; the rest refills from the documents.
 *
 * @example
 * keepDraft(visitId, { phone: "+380…" });
 * takeDraft(visitId); // { phone: "+380…" } — undefined for any other visit
 * dropDraft();
 */
import type { Answers } from "@stiika/api";

let draft: { key: string; values: Answers } | null = null;

export function keepDraft(key: string, values: Answers): void {
  draft = { key, values: { ...values } };
}

export function takeDraft(key: string): Answers | undefined {
  return draft?.key === key ? { ...draft.values } : undefined;
}

export function dropDraft(): void {
  draft = null;
}
