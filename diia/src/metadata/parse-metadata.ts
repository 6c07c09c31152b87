/**
 * Reads the decrypted `encodeData` metadata of a sharing callback (spec §5) into a list of documents, each with
 * Diia's item untouched (`raw`) and the questionnaire shape (`normalised`, see `normaliseDocument`).
 *
 * The flow is told by the envelope: a `requestId` means deeplink sharing (an array of items per type), otherwise a
 * `barcode` means barcode/QR sharing (one item per type). Document types without a schema (`student-id-card`, …)
 * are kept with `known: false` and no normalised form, never rejected.
 *
 * Errors name where the JSON broke the schema (paths and zod issue codes) and never the values, which are personal
 * data.
 *
 * This is the strict reader (it throws on an unexpected shape). For a delivery that has already been decrypted and
 * verified use `readMetadata`, which never throws and marks what did not fit for manual check instead.
 *
 * @example
 * import { parseMetadata } from "@stiika/diia";
 * const meta = parseMetadata(decryptedBytes);
 * if (meta.flow === "barcode") console.log(meta.barcode);
 * for (const doc of meta.documents) if (doc.known) console.log(doc.normalised.person.lastName?.uk);
 */
import type { z } from "zod";
import { isSharedDocumentType, type SharedDocumentType } from "../document-types.ts";
import { MetadataError, type MetadataIssue } from "../errors.ts";
import { type NormalisedDocument, normaliseDocument, type TypedDocumentItem } from "./normalise.ts";
import { barcodeMetadataSchema, deeplinkMetadataSchema } from "./schemas.ts";

/** One delivered document. */
export type MetadataDocument =
  | {
      known: true;
      type: SharedDocumentType;
      /** The item exactly as Diia sent it. */
      raw: Record<string, unknown>;
      normalised: NormalisedDocument;
    }
  | {
      known: false;
      /** A type this library has no schema for, e.g. `student-id-card`. */
      type: string;
      raw: unknown;
      normalised: undefined;
    };

interface MetadataCommon {
  /** `documentTypes` as Diia listed them (the `data` keys when the list is missing). */
  documentTypes: string[];
  /** One entry per item, in the order of `data`. */
  documents: MetadataDocument[];
}
export interface BarcodeSharing extends MetadataCommon {
  flow: "barcode";
  barcode: string;
}
export interface DeeplinkSharing extends MetadataCommon {
  flow: "deeplink";
  requestId: string;
}
export type ParsedMetadata = BarcodeSharing | DeeplinkSharing;

/**
 * @param input the decrypted JSON as bytes (UTF-8) or text, or a value already parsed from JSON.
 * @throws MetadataError `NOT_JSON` (bytes that are not UTF-8 JSON text), `MALFORMED_METADATA` (valid JSON that
 *   does not fit either envelope; `issues` lists the paths).
 */
export function parseMetadata(input: string | Uint8Array | unknown): ParsedMetadata {
  const json = input instanceof Uint8Array || typeof input === "string" ? parseJson(input) : input;
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new MetadataError("MALFORMED_METADATA", "Diia metadata is not a JSON object");
  }
  if ("requestId" in json) {
    const meta = validate(deeplinkMetadataSchema, json);
    return {
      flow: "deeplink",
      requestId: meta.requestId,
      documentTypes: meta.documentTypes ?? Object.keys(rawDataOf(json)),
      documents: documentsOf(meta.data, rawDataOf(json), true),
    };
  }
  if ("barcode" in json) {
    const meta = validate(barcodeMetadataSchema, json);
    return {
      flow: "barcode",
      barcode: meta.barcode,
      documentTypes: meta.documentTypes ?? Object.keys(rawDataOf(json)),
      documents: documentsOf(meta.data, rawDataOf(json), false),
    };
  }
  throw new MetadataError(
    "MALFORMED_METADATA",
    "Diia metadata has neither requestId (deeplink sharing) nor barcode (barcode sharing)",
  );
}

function parseJson(input: string | Uint8Array): unknown {
  let text: string;
  try {
    text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    throw new MetadataError("NOT_JSON", "Diia metadata is not UTF-8 text");
  }
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch {
    // The SyntaxError quotes the text around the fault, i.e. personal data: it is deliberately not kept as cause.
    throw new MetadataError("NOT_JSON", "Diia metadata is not valid JSON");
  }
}

function validate<S extends z.ZodType>(schema: S, json: unknown): z.infer<S> {
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issues: MetadataIssue[] = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    code: issue.code,
  }));
  // A wholly wrong payload can break hundreds of fields: the message names a few, `issues` has them all.
  const paths = issues.slice(0, 5).map((i) => i.path || "(root)");
  if (issues.length > paths.length) paths.push(`and ${issues.length - paths.length} more`);
  throw new MetadataError(
    "MALFORMED_METADATA",
    `Diia metadata does not fit the schema at: ${paths.join(", ")}`,
    {
      issues,
    },
  );
}

/**
 * Pairs each validated item with the item as Diia sent it (`raw` stays what arrived; zod returns copies), walking
 * the types in Diia's order because zod's output lists the schema's keys first.
 */
function documentsOf(
  data: Record<string, unknown>,
  raw: Record<string, unknown>,
  arrays: boolean,
): MetadataDocument[] {
  return Object.keys(raw).flatMap((type) => {
    const items = data[type];
    const rawItems = raw[type];
    if (arrays && Array.isArray(items) && Array.isArray(rawItems)) {
      return items.map((item, i) => toDocument(type, item, rawItems[i]));
    }
    return [toDocument(type, items, rawItems)];
  });
}

// `data` as Diia sent it; only called once an envelope schema has checked that it is an object.
function rawDataOf(json: object): Record<string, unknown> {
  return (json as { data: Record<string, unknown> }).data;
}

function toDocument(type: string, item: unknown, raw: unknown): MetadataDocument {
  if (!isSharedDocumentType(type)) return { known: false, type, raw, normalised: undefined };
  // The envelope schema validated `item` with the schema of `type`, so the pair is a TypedDocumentItem.
  const typed = { type, item } as TypedDocumentItem;
  return { known: true, type, raw: raw as Record<string, unknown>, normalised: normaliseDocument(typed) };
}
