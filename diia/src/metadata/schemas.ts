/**
 * zod schemas of the metadata JSON Diia sends as `encodeData` (spec §5), one per shared document type, and the two
 * envelopes around them.
 *
 * Tolerance is deliberate: Diia omits fields freely, so every field is optional (and `null` counts as absent);
 * unknown fields are kept (`z.looseObject`) so nothing a newer Diia adds is lost; every spelling the sources
 * disagree on is accepted (IDP `birthDate`/`birthday`, birth-certificate `series`/`serie`); dates stay the text
 * Diia wrote (see `normaliseDocument` for ISO dates). Document types without a known schema (`student-id-card`,
 * …) pass through as raw JSON.
 *
 * @example
 * import { barcodeMetadataSchema } from "@stiika/diia";
 * const meta = barcodeMetadataSchema.parse(JSON.parse(text));
 * meta.data["internal-passport"]?.docNumber; // "002307001"
 */
import { z } from "zod";
import type { SharedDocumentType } from "../document-types.ts";

// A field Diia may omit or send as null; values are always strings (spec §5).
const text = z.string().nullish();

/** Fields Diia adds to items in real deliveries: an item id and the name of the matching file part. */
const itemFields = { id: text, fileName: text };

const personUaFields = {
  lastNameUA: text,
  firstNameUA: text,
  middleNameUA: text,
  birthday: text,
};

const passportFields = {
  ...itemFields,
  ...personUaFields,
  taxpayerNumber: text,
  residenceUA: text,
  docNumber: text,
  genderUA: text,
  nationalityUA: text,
  birthPlaceUA: text,
  issueDate: text,
  expirationDate: text,
  /** УНЗР, the unique record number in the demographic register, e.g. "19800124-12345". */
  recordNumber: text,
  genderEN: text,
  lastNameEN: text,
  firstNameEN: text,
};

/** ID card (`internal-passport`). `department` is the issuing authority's code. */
export const internalPassportSchema = z.looseObject({ ...passportFields, department: text });

/** International passport (`foreign-passport`): issuer in two languages and the ICAO country code. */
export const foreignPassportSchema = z.looseObject({
  ...passportFields,
  departmentUA: text,
  departmentEN: text,
  countryCode: text,
});

/** Taxpayer card (`taxpayer-card`): `docNumber` is the РНОКПП itself. */
export const taxpayerCardSchema = z.looseObject({
  ...itemFields,
  ...personUaFields,
  creationDate: text,
  docNumber: text,
});

/** IDP certificate (`reference-internally-displaced-person`). Dates may carry a time: "05.05.2015 00.00.00.000". */
export const idpReferenceSchema = z.looseObject({
  ...itemFields,
  /** "person" or "accompanied" (the certificate of an accompanied child). */
  docType: text,
  docNumber: text,
  department: text,
  lastName: text,
  firstName: text,
  middleName: text,
  issueDate: text,
  /** JAVA and PY sources spell it `birthDate`, JS and .NET `birthday`: both are read. */
  birthDate: text,
  birthday: text,
  /** "Жінка" / "Чоловік". */
  gender: text,
  legalRepresentative: text,
  docIdentity: z.looseObject({ number: text, issueDate: text, department: text }).nullish(),
  address: z.looseObject({ birth: text, registration: text, actual: text }).nullish(),
});

const parentSchema = z.looseObject({ fullName: text, citizenship: text }).nullish();

/** Birth certificate (`birth-certificate`): the person is the child. */
export const birthCertificateSchema = z.looseObject({
  ...itemFields,
  document: z
    .looseObject({
      /** JAVA, JS and .NET spell it `series`, PY `serie`: both are read. */
      series: text,
      serie: text,
      number: text,
      department: text,
      issueDate: text,
    })
    .nullish(),
  child: z
    .looseObject({
      lastName: text,
      firstName: text,
      middleName: text,
      birthDate: text,
      birthPlace: text,
      currentRegistrationPlaceUA: text,
      citizenship: text,
    })
    .nullish(),
  parents: z.looseObject({ father: parentSchema, mother: parentSchema }).nullish(),
  act: z.looseObject({ name: text, registrationPlace: text }).nullish(),
});

/** Driver's licence (`driver-license`): `categories` is a list in one string, "D, B". */
export const driverLicenseSchema = z.looseObject({
  ...itemFields,
  ...personUaFields,
  expirationDate: text,
  categories: text,
  serialNumber: text,
  department: text,
});

/** Vehicle registration certificate (`vehicle-license`): dates are spelled out, "22 Жовтня 2017". */
export const vehicleLicenseSchema = z.looseObject({
  ...itemFields,
  ...personUaFields,
  licensePlate: text,
  docNumber: text,
  brand: text,
  model: text,
  vin: text,
  color: text,
  kindBody: text,
  makeYear: text,
  totalWeight: text,
  ownWeight: text,
  capacity: text,
  fuel: text,
  rankCategory: text,
  seatsNumber: text,
  standingNumber: text,
  dateFirstReg: text,
  dateReg: text,
  /** "owner" or "properUser" (someone allowed to use the vehicle). */
  ownerType: text,
  address: text,
});

/** The item schema of each shared document type. */
export const DOCUMENT_SCHEMAS = {
  "internal-passport": internalPassportSchema,
  "foreign-passport": foreignPassportSchema,
  "taxpayer-card": taxpayerCardSchema,
  "reference-internally-displaced-person": idpReferenceSchema,
  "birth-certificate": birthCertificateSchema,
  "driver-license": driverLicenseSchema,
  "vehicle-license": vehicleLicenseSchema,
} as const satisfies Record<SharedDocumentType, z.ZodType>;

/** A validated metadata item of document type `T`, unknown fields included. */
export type DocumentItem<T extends SharedDocumentType> = z.infer<(typeof DOCUMENT_SCHEMAS)[T]>;
export type InternalPassport = DocumentItem<"internal-passport">;
export type ForeignPassport = DocumentItem<"foreign-passport">;
export type TaxpayerCard = DocumentItem<"taxpayer-card">;
export type IdpReference = DocumentItem<"reference-internally-displaced-person">;
export type BirthCertificate = DocumentItem<"birth-certificate">;
export type DriverLicense = DocumentItem<"driver-license">;
export type VehicleLicense = DocumentItem<"vehicle-license">;

const documentTypes = z.array(z.string()).nullish();

/**
 * Barcode/QR sharing (spec §4.2): one object per type under `data`, no `requestId`. Types without a schema keep
 * whatever JSON Diia sent.
 */
export const barcodeMetadataSchema = z.looseObject({
  barcode: z.string(),
  documentTypes,
  data: z.looseObject({
    "internal-passport": internalPassportSchema.optional(),
    "foreign-passport": foreignPassportSchema.optional(),
    "taxpayer-card": taxpayerCardSchema.optional(),
    "reference-internally-displaced-person": idpReferenceSchema.optional(),
    "birth-certificate": birthCertificateSchema.optional(),
    "driver-license": driverLicenseSchema.optional(),
    "vehicle-license": vehicleLicenseSchema.optional(),
  }),
});
export type BarcodeMetadata = z.infer<typeof barcodeMetadataSchema>;

/**
 * Deeplink sharing (spec §4.1): `requestId` as the partner sent it, an array of items per type under `data`.
 */
export const deeplinkMetadataSchema = z.looseObject({
  requestId: z.string(),
  documentTypes,
  data: z.looseObject({
    "internal-passport": z.array(internalPassportSchema).optional(),
    "foreign-passport": z.array(foreignPassportSchema).optional(),
    "taxpayer-card": z.array(taxpayerCardSchema).optional(),
    "reference-internally-displaced-person": z.array(idpReferenceSchema).optional(),
    "birth-certificate": z.array(birthCertificateSchema).optional(),
    "driver-license": z.array(driverLicenseSchema).optional(),
    "vehicle-license": z.array(vehicleLicenseSchema).optional(),
  }),
});
export type DeeplinkMetadata = z.infer<typeof deeplinkMetadataSchema>;
