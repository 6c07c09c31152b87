/**
 * Reads the decrypted `encodeData` metadata of a verified delivery without ever throwing: whatever shape Diia sent,
 * the result keeps the metadata as it arrived (`raw`), lists every field of every document (`fields`), fills the
 * questionnaire shape where a schema fits (`normalised`), and marks what did not fit as "needs manual check"
 * (`manualCheck`, per field path, and `needsManualCheck` per document and for the whole delivery) instead of
 * failing. A delivery the citizen consented to and Diia signed must never be lost to its metadata's shape.
 *
 * Tolerated on top of `parseMetadata`: `null` for a type or a field (absent), numbers and booleans where text is
 * expected (read as text), an object per type in a deeplink delivery and an array in a barcode delivery (both read
 * as "one or more items"), metadata carrying both `requestId` and `barcode` (the Java and Python SDKs' recorded
 * payloads do: it is a deeplink delivery that also names its barcode), types without a schema, and anything else
 * (a non-object item, a non-JSON text), which ends up as a document or delivery marked for manual check.
 *
 * Manual-check paths and codes name where the shape broke, never the values, which are personal data.
 *
 * @example
 * import { readMetadata } from "@stiika/diia";
 * const meta = readMetadata(decryptedBytes);
 * for (const doc of meta.documents) {
 *   if (doc.normalised) fillQuestionnaire(doc.normalised, doc.manualCheck);
 *   else showRawFields(doc.fields); // labelled by path, each marked «перевірте вручну»
 * }
 */
import { isSharedDocumentType } from "../document-types.ts";
import type { MetadataIssue } from "../errors.ts";
import { type NormalisedDocument, normaliseDocument, type TypedDocumentItem } from "./normalise.ts";
import { DOCUMENT_SCHEMAS } from "./schemas.ts";

/** One leaf of a document as Diia sent it: a dotted path ("child.lastName", "categories.0") and its text. */
export interface MetadataField {
  path: string;
  value: string;
}

/** One delivered document, whatever its shape. */
export interface ReadDocument {
  /** The `data` key it came under, e.g. "internal-passport" or "student-id-card". */
  type: string;
  /** Whether this library has an item schema (and so a questionnaire shape) for `type`. */
  known: boolean;
  /** The item exactly as Diia sent it (any JSON value). */
  raw: unknown;
  /** Every non-null leaf of `raw` as text, in Diia's order: what a manager sees for a type without a schema. */
  fields: MetadataField[];
  /** The questionnaire shape, when `type` has a schema and the item is an object. */
  normalised: NormalisedDocument | undefined;
  /** Field paths (relative to the item; "" for the item itself) whose shape did not fit and were left out. */
  manualCheck: MetadataIssue[];
  /** True when something of this document could not be read into the questionnaire and a person must look. */
  needsManualCheck: boolean;
}

export interface ReadMetadata {
  /** `deeplink` when a `requestId` came, else `barcode` when a barcode came, else `unknown`. */
  flow: "deeplink" | "barcode" | "unknown";
  requestId: string | undefined;
  barcode: string | undefined;
  /** `documentTypes` as Diia listed them (text only), else the `data` keys. */
  documentTypes: string[];
  documents: ReadDocument[];
  /** The metadata as parsed from JSON; `undefined` when it was not JSON (then `rawText` has it). */
  raw: unknown;
  /** The text when it was UTF-8 but not JSON, so it can be sealed and looked at; else undefined (keep the bytes). */
  rawText: string | undefined;
  /** Envelope-level shape problems ("" = the whole metadata, "requestId", "data", "documentTypes"). */
  manualCheck: MetadataIssue[];
  /** True when the envelope or any document needs a person to look. */
  needsManualCheck: boolean;
}

const NOT_TEXT = "not_text";
const NOT_OBJECT = "not_object";

/**
 * @param input the decrypted metadata as bytes (UTF-8) or text, or a value already parsed from JSON. Never throws.
 */
export function readMetadata(input: string | Uint8Array | unknown): ReadMetadata {
  let json: unknown;
  if (input instanceof Uint8Array || typeof input === "string") {
    const parsed = parseJson(input);
    if (!parsed.ok) return unreadable(parsed.text, parsed.code);
    json = parsed.value;
  } else {
    json = input;
  }
  const manualCheck: MetadataIssue[] = [];
  if (!isRecord(json)) {
    return {
      flow: "unknown",
      requestId: undefined,
      barcode: undefined,
      documentTypes: [],
      documents: [],
      raw: json,
      rawText: undefined,
      manualCheck: [{ path: "", code: NOT_OBJECT }],
      needsManualCheck: true,
    };
  }
  const requestId = envelopeText(json, "requestId", manualCheck);
  const barcode = envelopeText(json, "barcode", manualCheck);
  const flow = requestId !== undefined ? "deeplink" : barcode !== undefined ? "barcode" : "unknown";
  if (flow === "unknown") manualCheck.push({ path: "", code: "no_request_id_or_barcode" });

  const data = json.data;
  let documents: ReadDocument[] = [];
  if (isRecord(data)) {
    documents = Object.entries(data).flatMap(([type, value]) => readType(type, value));
  } else if (data !== undefined && data !== null) {
    manualCheck.push({ path: "data", code: NOT_OBJECT });
  }

  let documentTypes: string[];
  if (Array.isArray(json.documentTypes)) {
    documentTypes = json.documentTypes.flatMap((t) => (asText(t) === undefined ? [] : [asText(t) as string]));
    if (documentTypes.length !== json.documentTypes.filter((t) => t !== null).length) {
      manualCheck.push({ path: "documentTypes", code: NOT_TEXT });
    }
  } else {
    if (json.documentTypes !== undefined && json.documentTypes !== null) {
      manualCheck.push({ path: "documentTypes", code: "not_array" });
    }
    documentTypes = isRecord(data) ? Object.keys(data) : [];
  }

  return {
    flow,
    requestId,
    barcode,
    documentTypes,
    documents,
    raw: json,
    rawText: undefined,
    manualCheck,
    needsManualCheck: manualCheck.length > 0 || documents.some((d) => d.needsManualCheck),
  };
}

/** Every non-null leaf of a stored document item as labelled text (what `ReadDocument.fields` holds). */
export function documentFields(raw: unknown): MetadataField[] {
  return leaves(raw);
}

// Stand-ins no Diia value holds: put where a field needed a manual check, found again in the questionnaire shape.
const MARK = "⟦⁇⟧";

/**
 * Which parts of the questionnaire shape (`normalised` paths such as "person.lastName.uk", "document.number")
 * would have come from the fields that needed a manual check: each such field is set to a stand-in text, the
 * item read again, and the paths where the stand-in lands are the answer. So the teller's form can mark exactly
 * those fields «перевірте вручну», without a second copy of the schema-to-questionnaire mapping.
 *
 * @param manualCheck the document's `manualCheck` as stored; an entry for the whole item ("") gives no paths
 *   (there is no questionnaire shape at all then).
 */
export function manualCheckTargets(
  type: string,
  raw: unknown,
  manualCheck: readonly MetadataIssue[],
): string[] {
  if (!isSharedDocumentType(type) || !isRecord(raw)) return [];
  let marked: unknown = raw;
  for (const issue of manualCheck) {
    if (issue.path !== "") marked = withValue(marked, issue.path.split("."), MARK);
  }
  const { normalised } = readDocument(type, marked);
  if (!normalised) return [];
  return leaves(normalised)
    .filter((f) => f.value.includes(MARK))
    .map((f) => f.path);
}

function withValue(value: unknown, path: readonly string[], leaf: unknown): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value) && /^\d+$/.test(head)) {
    return value.map((v, i) => (i === Number(head) ? withValue(v, rest, leaf) : v));
  }
  const record = isRecord(value) ? value : {};
  return { ...record, [head]: withValue(record[head], rest, leaf) };
}

/** The documents of one `data` entry: an array is one document per item, anything else is one document. */
function readType(type: string, value: unknown): ReadDocument[] {
  // `null` for a type: Diia sent the key without a document; nothing to show, nothing lost.
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.filter((v) => v !== null).map((item) => readDocument(type, item));
  return [readDocument(type, value)];
}

function readDocument(type: string, raw: unknown): ReadDocument {
  const fields = leaves(raw);
  const known = isSharedDocumentType(type);
  if (!isRecord(raw)) {
    return {
      type,
      known,
      raw,
      fields,
      normalised: undefined,
      manualCheck: [{ path: "", code: NOT_OBJECT }],
      needsManualCheck: true,
    };
  }
  if (!isSharedDocumentType(type)) {
    // No schema: the fields are the document; a person reads them as labelled raw fields.
    return { type, known, raw, fields, normalised: undefined, manualCheck: [], needsManualCheck: true };
  }
  const manualCheck: MetadataIssue[] = [];
  let item = asTextLeaves(raw);
  // Drop each part that breaks the type's schema (a list where text goes, an object where a name goes …) and try
  // again; every drop is one manual-check entry, so the rest still fills the questionnaire.
  for (let round = 0; round < 50; round++) {
    const result = DOCUMENT_SCHEMAS[type].safeParse(item);
    if (result.success) {
      const normalised = normaliseDocument({ type, item: result.data } as TypedDocumentItem);
      return { type, known, raw, fields, normalised, manualCheck, needsManualCheck: manualCheck.length > 0 };
    }
    for (const issue of result.error.issues) {
      const path = issue.path.map(String);
      manualCheck.push({ path: path.join("."), code: issue.code });
      item = withoutPath(item, path);
    }
  }
  // Unreachable in practice (each round removes at least one part); kept so the loop is bounded.
  return { type, known, raw, fields, normalised: undefined, manualCheck, needsManualCheck: true };
}

/** Text of an envelope member; a number is read as its digits, anything else is a manual-check entry. */
function envelopeText(
  json: Record<string, unknown>,
  key: string,
  manual: MetadataIssue[],
): string | undefined {
  const value = json[key];
  if (value === undefined || value === null) return undefined;
  const text = asText(value);
  if (text === undefined || text === "") manual.push({ path: key, code: NOT_TEXT });
  return text === "" ? undefined : text;
}

function asText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** Copy with scalars read as text and nulls dropped, so "a number where a string was expected" fits the schema. */
function asTextLeaves(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(asTextLeaves);
  if (isRecord(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, asTextLeaves(v)]),
    );
  }
  return asText(value) ?? value;
}

function withoutPath(value: unknown, path: readonly string[]): unknown {
  if (path.length === 0) return undefined;
  const [head, ...rest] = path as [string, ...string[]];
  if (Array.isArray(value)) {
    const i = Number(head);
    return rest.length === 0
      ? value.filter((_, j) => j !== i)
      : value.map((v, j) => (j === i ? withoutPath(v, rest) : v));
  }
  if (!isRecord(value)) return value;
  if (rest.length === 0) {
    const { [head]: _, ...others } = value;
    return others;
  }
  return { ...value, [head]: withoutPath(value[head], rest) };
}

/** Every non-null scalar under `value` with its dotted path; a scalar item itself has the path "". */
function leaves(value: unknown, prefix = ""): MetadataField[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, join(prefix, String(i))));
  if (isRecord(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, join(prefix, k)));
  const text = asText(value);
  return text === undefined ? [] : [{ path: prefix, value: text }];
}

const join = (prefix: string, key: string) => (prefix === "" ? key : `${prefix}.${key}`);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(
  input: string | Uint8Array,
): { ok: true; value: unknown } | { ok: false; text: string | undefined; code: string } {
  let text: string;
  try {
    text = typeof input === "string" ? input : new TextDecoder("utf-8", { fatal: true }).decode(input);
  } catch {
    return { ok: false, text: undefined, code: "not_utf8" };
  }
  try {
    return { ok: true, value: JSON.parse(text.replace(/^\uFEFF/, "")) };
  } catch {
    return { ok: false, text, code: "not_json" };
  }
}

function unreadable(rawText: string | undefined, code: string): ReadMetadata {
  return {
    flow: "unknown",
    requestId: undefined,
    barcode: undefined,
    documentTypes: [],
    documents: [],
    raw: undefined,
    rawText,
    manualCheck: [{ path: "", code }],
    needsManualCheck: true,
  };
}
