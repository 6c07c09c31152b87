/**
 * Document types Diia shares (the part names of a deeplink delivery and the keys of metadata `data`).
 * `passport` is only a request scope: Diia answers it with an internal or a foreign passport.
 *
 * @example
 * if (isSharedDocumentType(partName)) metadata.data[partName]
 */
export const SHARED_DOCUMENT_TYPES = [
  "internal-passport",
  "foreign-passport",
  "taxpayer-card",
  "reference-internally-displaced-person",
  "birth-certificate",
  "driver-license",
  "vehicle-license",
] as const;
export type SharedDocumentType = (typeof SHARED_DOCUMENT_TYPES)[number];

/**
 * Document types Diia may share that have no item schema here (no source documents their fields; spec §5
 * "scope-only types"). They are still requested, delivered and shown: `readMetadata` lists their fields as sent.
 * The act-record and newer types are the ones the PHP SDK lists as available for sharing; the residence-permit
 * names follow the pattern of the others [?].
 */
export const SCHEMALESS_DOCUMENT_TYPES = [
  "student-id-card",
  "pension-card",
  "education-document",
  "veteran-certificate",
  "name-change-act-record",
  "marriage-act-record",
  "divorce-act-record",
  "residence-permit-permanent",
  "residence-permit-temporary",
] as const;
export type SchemalessDocumentType = (typeof SCHEMALESS_DOCUMENT_TYPES)[number];

/** Every document type Diia may share: those with an item schema, then those without. */
export const DIIA_DOCUMENT_TYPES = [...SHARED_DOCUMENT_TYPES, ...SCHEMALESS_DOCUMENT_TYPES] as const;
export type DiiaDocumentType = (typeof DIIA_DOCUMENT_TYPES)[number];

/** Every scope Diia accepts in `scopes.sharing`: each type it may share plus the `passport` alias. */
export const DIIA_SHARING_SCOPES = ["passport", ...DIIA_DOCUMENT_TYPES] as const;
export type DiiaSharingScope = (typeof DIIA_SHARING_SCOPES)[number];

/** Scopes a branch or offer may ask for in `scopes.sharing`: every shared type plus the `passport` alias. */
export const SHARING_SCOPES = ["passport", ...SHARED_DOCUMENT_TYPES] as const;
export type SharingScope = (typeof SHARING_SCOPES)[number];

/** Types Diia can validate through `document-identification` (spec §3.1). */
export const IDENTIFICATION_DOCUMENT_TYPES = [
  "internal-passport",
  "foreign-passport",
  "taxpayer-card",
] as const;
export type IdentificationDocumentType = (typeof IDENTIFICATION_DOCUMENT_TYPES)[number];

export function isSharedDocumentType(value: string): value is SharedDocumentType {
  return (SHARED_DOCUMENT_TYPES as readonly string[]).includes(value);
}

/** Whether a document of `type` may be delivered for a request scoped to `scopes` (`passport` = either passport). */
export function scopeAllows(scopes: readonly string[], type: SharedDocumentType): boolean {
  if (scopes.includes(type)) return true;
  return scopes.includes("passport") && (type === "internal-passport" || type === "foreign-passport");
}

/** Ukrainian and English names of each type Diia may share, for people. */
export const DOCUMENT_TYPE_TITLES: Record<DiiaDocumentType, { uk: string; en: string }> = {
  "internal-passport": { uk: "Паспорт громадянина України (ID-картка)", en: "Ukrainian ID card" },
  "foreign-passport": { uk: "Закордонний паспорт", en: "International passport" },
  "taxpayer-card": { uk: "Картка платника податків (РНОКПП)", en: "Taxpayer card" },
  "reference-internally-displaced-person": { uk: "Довідка ВПО", en: "IDP certificate" },
  "birth-certificate": { uk: "Свідоцтво про народження", en: "Birth certificate" },
  "driver-license": { uk: "Посвідчення водія", en: "Driver's licence" },
  "vehicle-license": { uk: "Техпаспорт", en: "Vehicle registration certificate" },
  "student-id-card": { uk: "Студентський квиток", en: "Student ID card" },
  "pension-card": { uk: "Пенсійне посвідчення", en: "Pension certificate" },
  "education-document": { uk: "Документ про освіту", en: "Education document" },
  "veteran-certificate": { uk: "Посвідчення ветерана", en: "Veteran certificate" },
  "name-change-act-record": { uk: "Актовий запис про зміну імені", en: "Name change record" },
  "marriage-act-record": { uk: "Актовий запис про шлюб", en: "Marriage record" },
  "divorce-act-record": { uk: "Актовий запис про розірвання шлюбу", en: "Divorce record" },
  "residence-permit-permanent": { uk: "Посвідка на постійне проживання", en: "Permanent residence permit" },
  "residence-permit-temporary": { uk: "Посвідка на тимчасове проживання", en: "Temporary residence permit" },
};

/** A type's name for people, or the type as Diia spells it when this library does not know it. */
export function documentTypeTitle(type: string, lang: "uk" | "en"): string {
  return Object.hasOwn(DOCUMENT_TYPE_TITLES, type)
    ? DOCUMENT_TYPE_TITLES[type as DiiaDocumentType][lang]
    : type;
}
