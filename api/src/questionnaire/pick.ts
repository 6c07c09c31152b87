// Reading one value out of several shared documents: the identity document speaks first, then the rest in the
// order Diia sent them, so a passport's spelling wins over a certificate's.
import type { NormalisedDocument, NormalisedPerson } from "@stiika/diia/metadata/normalise";

const PRIORITY: Record<NormalisedDocument["kind"], number> = {
  identity: 0,
  tax: 1,
  idp: 2,
  driving: 3,
  birth: 4,
  vehicle: 5,
};

export function byPriority(documents: readonly NormalisedDocument[]): NormalisedDocument[] {
  return [...documents].sort((a, b) => PRIORITY[a.kind] - PRIORITY[b.kind]);
}

/** The identity document (internal passport before international), if one was shared. */
export function identityDocument(documents: readonly NormalisedDocument[]): NormalisedDocument | undefined {
  return (
    documents.find((d) => d.type === "internal-passport") ??
    documents.find((d) => d.type === "foreign-passport")
  );
}

type PersonText = Exclude<keyof NormalisedPerson, "lastName" | "firstName" | "middleName">;

export function personValue(documents: readonly NormalisedDocument[], key: PersonText): string | undefined {
  for (const d of byPriority(documents)) {
    const value = d.person[key];
    if (value) return value;
  }
  return undefined;
}

export function personName(
  documents: readonly NormalisedDocument[],
  key: "lastName" | "firstName" | "middleName",
): string | undefined {
  for (const d of byPriority(documents)) {
    const value = d.person[key]?.uk;
    if (value) return value;
  }
  return undefined;
}

/** An ISO date only: Diia's unreadable date text must not land in a date field. */
export function isoOnly(value: string | undefined): string | undefined {
  return value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? value : undefined;
}

/**
 * "series number" of the identity document, and only of it: a taxpayer card's number is the РНОКПП, a driving
 * licence's is not what «документ, що посвідчує особу» asks — either would be wrong data marked «з Дії».
 */
export function documentNumber(documents: readonly NormalisedDocument[]): string | undefined {
  const doc = identityDocument(documents);
  if (!doc?.document.number) return undefined;
  return [doc.document.series, doc.document.number].filter(Boolean).join(" ");
}
