/**
 * One shape for every shared document, for the counter's questionnaire: who the person is, which document it is,
 * and what only this kind of document says.
 *
 * - Dates become ISO `yyyy-mm-dd` from every format Diia uses ("17.01.1997", "05.05.2015 00.00.00.000",
 *   "22 Жовтня 2017"). A date that cannot be read is kept as Diia's text and its path is listed in
 *   `invalidDates`, so nothing a person could still read is dropped.
 * - Names are trimmed and title-cased for display ("ДІЯ" → "Дія"); other texts are trimmed with inner whitespace
 *   collapsed. The validated item itself is never changed.
 * - Gender is "F" or "M" from Ж/Ч, Жінка/Чоловік or F/M, undefined otherwise.
 * - Every field is optional because Diia may omit any of them; empty strings count as absent.
 *
 * @example
 * import { normaliseDocument } from "@stiika/diia";
 * const doc = normaliseDocument({ type: "internal-passport", item: { lastNameUA: "ДІЯ", birthday: "17.01.1997" } });
 * doc.kind;                  // "identity"
 * doc.person.lastName?.uk;   // "Дія"
 * doc.person.birthDate;      // "1997-01-17"
 */
import type { SharedDocumentType } from "../document-types.ts";
import { toIsoDate } from "./lib/dates.ts";
import { cleanText, displayName, toGender } from "./lib/text.ts";
import type {
  BirthCertificate,
  DocumentItem,
  DriverLicense,
  ForeignPassport,
  IdpReference,
  InternalPassport,
  TaxpayerCard,
  VehicleLicense,
} from "./schemas.ts";

/** A name in Ukrainian and, where the document has it, in its official Latin spelling. */
export interface LocalisedName {
  uk: string;
  en?: string;
}

/** The holder (for a birth certificate: the child; for a vehicle certificate: the owner or user). */
export interface NormalisedPerson {
  lastName?: LocalisedName;
  firstName?: LocalisedName;
  middleName?: LocalisedName;
  /** ISO yyyy-mm-dd (Diia's text if unreadable, see `invalidDates`). */
  birthDate?: string;
  birthPlace?: string;
  gender?: "F" | "M";
  /** РНОКПП, 10 digits. */
  taxpayerNumber?: string;
  /** УНЗР, the demographic register record number, e.g. "19970117-7001". */
  unzr?: string;
  nationality?: string;
  /** Registered (for IDPs: actual) address as one line. */
  address?: string;
}

/** The document itself. Dates are ISO yyyy-mm-dd (Diia's text if unreadable, see `invalidDates`). */
export interface NormalisedDocumentInfo {
  number?: string;
  series?: string;
  issueDate?: string;
  expiryDate?: string;
  /** Issuing authority as Diia names it (often a 4-digit code on passports). */
  issuer?: string;
  /** ICAO code of the issuing state, e.g. "UKR" (international passports). */
  countryCode?: string;
}

interface Common<K extends string, T extends SharedDocumentType, E> {
  kind: K;
  type: T;
  /** Diia's item id (e.g. "19970117-7001-2018-09-12"), when sent. */
  id?: string;
  /** Name of the matching file part, when sent. */
  fileName?: string;
  person: NormalisedPerson;
  document: NormalisedDocumentInfo;
  extra: E;
  /** Dotted paths (e.g. "person.birthDate") whose value is Diia's unreadable date text, not an ISO date. */
  invalidDates: string[];
}

export type IdentityDocument = Common<
  "identity",
  "internal-passport" | "foreign-passport",
  {
    /** Issuing authority in English (international passports). */
    issuerEn?: string;
  }
>;
export type TaxDocument = Common<"tax", "taxpayer-card", Record<string, never>>;
export type IdpDocument = Common<
  "idp",
  "reference-internally-displaced-person",
  {
    /** "person" or "accompanied". */
    certificateFor?: string;
    legalRepresentative?: string;
    /** The identity document the certificate was issued against. */
    identityDocument?: { number?: string; issueDate?: string; issuer?: string };
    addresses: { birth?: string; registration?: string; actual?: string };
  }
>;
export interface ParentInfo {
  fullName?: string;
  citizenship?: string;
}
export type BirthDocument = Common<
  "birth",
  "birth-certificate",
  {
    father?: ParentInfo;
    mother?: ParentInfo;
    /** The civil registration act record. */
    act?: { name?: string; registrationPlace?: string };
  }
>;
export type DrivingDocument = Common<
  "driving",
  "driver-license",
  {
    /** Licence categories, e.g. ["D", "B"]. */
    categories: string[];
  }
>;
export type VehicleDocument = Common<
  "vehicle",
  "vehicle-license",
  {
    /** "owner" or "properUser". */
    ownerType?: string;
    vehicle: {
      licensePlate?: string;
      brand?: string;
      model?: string;
      vin?: string;
      color?: string;
      kindBody?: string;
      makeYear?: string;
      totalWeight?: string;
      ownWeight?: string;
      capacity?: string;
      fuel?: string;
      rankCategory?: string;
      seatsNumber?: string;
      standingNumber?: string;
      /** ISO date of the first registration anywhere (the certificate's own date is `document.issueDate`). */
      firstRegistrationDate?: string;
    };
  }
>;

/** The normalised form of any shared document; switch on `kind` (or `type`). */
export type NormalisedDocument =
  | IdentityDocument
  | TaxDocument
  | IdpDocument
  | BirthDocument
  | DrivingDocument
  | VehicleDocument;

/** A validated item together with its document type, as `parseMetadata` yields it. */
export type TypedDocumentItem = {
  [T in SharedDocumentType]: { type: T; item: DocumentItem<T> };
}[SharedDocumentType];

type Text = string | null | undefined;

/** Converts one validated metadata item (see `DOCUMENT_SCHEMAS`) into the common shape. */
export function normaliseDocument(input: TypedDocumentItem): NormalisedDocument {
  const invalidDates: string[] = [];
  // Reads a date at `path`; an unreadable text is kept and flagged rather than lost.
  const date = (path: string, value: Text): string | undefined => {
    const raw = cleanText(value);
    if (raw === undefined) return undefined;
    const iso = toIsoDate(raw);
    if (iso !== undefined) return iso;
    invalidDates.push(path);
    return raw;
  };
  const source = { id: cleanText(input.item.id), fileName: cleanText(input.item.fileName) };
  switch (input.type) {
    case "internal-passport":
    case "foreign-passport": {
      const item: InternalPassport | ForeignPassport = input.item;
      const foreign = input.type === "foreign-passport" ? input.item : undefined;
      const internal = input.type === "internal-passport" ? input.item : undefined;
      return {
        kind: "identity",
        type: input.type,
        ...source,
        person: {
          lastName: localised(item.lastNameUA, item.lastNameEN),
          firstName: localised(item.firstNameUA, item.firstNameEN),
          middleName: localised(item.middleNameUA),
          birthDate: date("person.birthDate", item.birthday),
          birthPlace: cleanText(item.birthPlaceUA),
          gender: toGender(item.genderUA) ?? toGender(item.genderEN),
          taxpayerNumber: cleanText(item.taxpayerNumber),
          unzr: cleanText(item.recordNumber),
          nationality: cleanText(item.nationalityUA),
          address: cleanText(item.residenceUA),
        },
        document: {
          number: cleanText(item.docNumber),
          issueDate: date("document.issueDate", item.issueDate),
          expiryDate: date("document.expiryDate", item.expirationDate),
          issuer: cleanText(foreign?.departmentUA ?? internal?.department),
          countryCode: cleanText(foreign?.countryCode),
        },
        extra: { issuerEn: cleanText(foreign?.departmentEN) },
        invalidDates,
      };
    }
    case "taxpayer-card": {
      const item: TaxpayerCard = input.item;
      return {
        kind: "tax",
        type: input.type,
        ...source,
        person: {
          ...ukrainianNames(item.lastNameUA, item.firstNameUA, item.middleNameUA),
          birthDate: date("person.birthDate", item.birthday),
          taxpayerNumber: cleanText(item.docNumber),
        },
        document: {
          number: cleanText(item.docNumber),
          issueDate: date("document.issueDate", item.creationDate),
        },
        extra: {},
        invalidDates,
      };
    }
    case "reference-internally-displaced-person": {
      const item: IdpReference = input.item;
      const addresses = {
        birth: cleanText(item.address?.birth),
        registration: cleanText(item.address?.registration),
        actual: cleanText(item.address?.actual),
      };
      const identity = item.docIdentity;
      return {
        kind: "idp",
        type: input.type,
        ...source,
        person: {
          ...ukrainianNames(item.lastName, item.firstName, item.middleName),
          birthDate: date("person.birthDate", item.birthDate ?? item.birthday),
          gender: toGender(item.gender),
          // The certificate exists to state where the person lives now.
          address: addresses.actual ?? addresses.registration,
        },
        document: {
          number: cleanText(item.docNumber),
          issueDate: date("document.issueDate", item.issueDate),
          issuer: cleanText(item.department),
        },
        extra: {
          certificateFor: cleanText(item.docType),
          legalRepresentative: displayName(item.legalRepresentative),
          identityDocument: identity
            ? {
                number: cleanText(identity.number),
                issueDate: date("extra.identityDocument.issueDate", identity.issueDate),
                issuer: cleanText(identity.department),
              }
            : undefined,
          addresses,
        },
        invalidDates,
      };
    }
    case "birth-certificate": {
      const item: BirthCertificate = input.item;
      const child = item.child;
      return {
        kind: "birth",
        type: input.type,
        ...source,
        person: {
          ...ukrainianNames(child?.lastName, child?.firstName, child?.middleName),
          birthDate: date("person.birthDate", child?.birthDate),
          birthPlace: cleanText(child?.birthPlace),
          nationality: cleanText(child?.citizenship),
          address: cleanText(child?.currentRegistrationPlaceUA),
        },
        document: {
          number: cleanText(item.document?.number),
          series: cleanText(item.document?.series ?? item.document?.serie),
          issueDate: date("document.issueDate", item.document?.issueDate),
          issuer: cleanText(item.document?.department),
        },
        extra: {
          father: parent(item.parents?.father),
          mother: parent(item.parents?.mother),
          act: item.act
            ? { name: cleanText(item.act.name), registrationPlace: cleanText(item.act.registrationPlace) }
            : undefined,
        },
        invalidDates,
      };
    }
    case "driver-license": {
      const item: DriverLicense = input.item;
      return {
        kind: "driving",
        type: input.type,
        ...source,
        person: {
          ...ukrainianNames(item.lastNameUA, item.firstNameUA, item.middleNameUA),
          birthDate: date("person.birthDate", item.birthday),
        },
        document: {
          number: cleanText(item.serialNumber),
          expiryDate: date("document.expiryDate", item.expirationDate),
          issuer: cleanText(item.department),
        },
        extra: {
          categories: (item.categories ?? "")
            .split(/[,;\s]+/)
            .map((c) => c.trim())
            .filter((c) => c !== ""),
        },
        invalidDates,
      };
    }
    case "vehicle-license": {
      const item: VehicleLicense = input.item;
      return {
        kind: "vehicle",
        type: input.type,
        ...source,
        person: {
          ...ukrainianNames(item.lastNameUA, item.firstNameUA, item.middleNameUA),
          birthDate: date("person.birthDate", item.birthday),
          address: cleanText(item.address),
        },
        document: {
          number: cleanText(item.docNumber),
          issueDate: date("document.issueDate", item.dateReg),
        },
        extra: {
          ownerType: cleanText(item.ownerType),
          vehicle: {
            licensePlate: cleanText(item.licensePlate),
            brand: cleanText(item.brand),
            model: cleanText(item.model),
            vin: cleanText(item.vin),
            color: cleanText(item.color),
            kindBody: cleanText(item.kindBody),
            makeYear: cleanText(item.makeYear),
            totalWeight: cleanText(item.totalWeight),
            ownWeight: cleanText(item.ownWeight),
            capacity: cleanText(item.capacity),
            fuel: cleanText(item.fuel),
            rankCategory: cleanText(item.rankCategory),
            seatsNumber: cleanText(item.seatsNumber),
            standingNumber: cleanText(item.standingNumber),
            firstRegistrationDate: date("extra.vehicle.firstRegistrationDate", item.dateFirstReg),
          },
        },
        invalidDates,
      };
    }
  }
}

// A name Diia sent only in Latin still fills the Ukrainian slot rather than vanishing from the form.
function localised(uk: Text, en?: Text): LocalisedName | undefined {
  const ukName = displayName(uk);
  const enName = displayName(en);
  if (ukName === undefined) return enName === undefined ? undefined : { uk: enName, en: enName };
  return enName === undefined ? { uk: ukName } : { uk: ukName, en: enName };
}

function ukrainianNames(last: Text, first: Text, middle: Text): Partial<NormalisedPerson> {
  return { lastName: localised(last), firstName: localised(first), middleName: localised(middle) };
}

function parent(value: { fullName?: Text; citizenship?: Text } | null | undefined): ParentInfo | undefined {
  if (!value) return undefined;
  return { fullName: displayName(value.fullName), citizenship: cleanText(value.citizenship) };
}
