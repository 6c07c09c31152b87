// What the phone shows on each document card (holder, number, a few facts), taken from the demo citizens'
// metadata. The control API only carries ids and live codes; the card faces come from here.
import type { Citizen, CitizenDocument } from "../../citizens/citizens.ts";
import { parseDiiaDate } from "../../citizens/validators.ts";

export type Card = {
  holder: string;
  number: string;
  facts: { label: string; value: string }[];
  /** The paper document has a photo: the card shows a placeholder. */
  photo: boolean;
  expired: boolean;
};

const s = (value: unknown): string => (typeof value === "string" ? value : "");
const join = (...parts: unknown[]) => parts.map(s).filter(Boolean).join(" ");

function face(document: CitizenDocument): Omit<Card, "expired"> {
  const m = document.metadata;
  const nested = (key: string) => (m[key] ?? {}) as Record<string, unknown>;
  switch (document.type) {
    case "internal-passport":
    case "foreign-passport":
      return {
        holder: join(m.lastNameUA, m.firstNameUA, m.middleNameUA),
        number: s(m.docNumber),
        facts: [
          { label: "Дата народження", value: s(m.birthday) },
          { label: "Дійсний до", value: s(m.expirationDate) },
          { label: "УНЗР", value: s(m.recordNumber) },
        ],
        photo: true,
      };
    case "taxpayer-card":
      return {
        holder: join(m.lastNameUA, m.firstNameUA, m.middleNameUA),
        number: s(m.docNumber),
        facts: [{ label: "Дата народження", value: s(m.birthday) }],
        photo: false,
      };
    case "reference-internally-displaced-person":
      return {
        holder: join(m.lastName, m.firstName, m.middleName),
        number: s(m.docNumber),
        facts: [
          { label: "Дата видачі", value: s(m.issueDate).slice(0, 10) },
          { label: "Фактичне місце проживання", value: s(nested("address").actual) },
        ],
        photo: false,
      };
    case "birth-certificate": {
      const child = nested("child");
      const doc = nested("document");
      return {
        holder: join(child.lastName, child.firstName, child.middleName),
        number: join(doc.series ?? doc.serie, "№", doc.number),
        facts: [{ label: "Дата народження", value: s(child.birthDate) }],
        photo: false,
      };
    }
    case "driver-license":
      return {
        holder: join(m.lastNameUA, m.firstNameUA, m.middleNameUA),
        number: s(m.serialNumber),
        facts: [
          { label: "Категорії", value: s(m.categories) },
          { label: "Дійсне до", value: s(m.expirationDate) },
        ],
        photo: true,
      };
    case "vehicle-license":
      return {
        holder: join(m.brand, m.model, m.makeYear),
        number: s(m.licensePlate),
        facts: [
          { label: "Свідоцтво", value: s(m.docNumber) },
          {
            label: m.ownerType === "properUser" ? "Належний користувач" : "Власник",
            value: join(m.lastNameUA, m.firstNameUA),
          },
        ],
        photo: false,
      };
  }
}

/** Card faces of every document, keyed by document id. */
export function cardsFor(citizens: readonly Citizen[], now: Date): Record<string, Card> {
  const cards: Record<string, Card> = {};
  for (const document of citizens.flatMap((c) => c.documents)) {
    const expiry = parseDiiaDate(s(document.metadata.expirationDate));
    cards[document.id] = { ...face(document), expired: expiry !== undefined && expiry < now.getTime() };
  }
  return cards;
}
