// The tolerant metadata reader: every shape the spec and the SDKs' recorded payloads show, plus the shapes real
// deliveries broke `parseMetadata` with, read without throwing; what does not fit is marked for manual check.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  documentFields,
  MetadataError,
  manualCheckTargets,
  parseMetadata,
  readMetadata,
  SCHEMALESS_DOCUMENT_TYPES,
  SHARED_DOCUMENT_TYPES,
} from "../../src/index.ts";
import { SAMPLE_ITEMS } from "./samples.ts";

const passport = SAMPLE_ITEMS["internal-passport"];
const REQUEST_ID = "abc1234d-1234-1234-1234-1a2b3c4d5e6f";

describe("recorded payloads of the official SDKs", () => {
  it("Python tests/data/metadata_part.json: a deeplink delivery with an object (not an array) per type", () => {
    const meta = readMetadata({
      requestId: REQUEST_ID,
      documentTypes: ["foreign-passport"],
      data: { "foreign-passport": SAMPLE_ITEMS["foreign-passport"] },
    });
    expect(meta).toMatchObject({ flow: "deeplink", requestId: REQUEST_ID, needsManualCheck: false });
    expect(meta.documents).toHaveLength(1);
    expect(meta.documents[0]?.normalised?.document.number).toBe(SAMPLE_ITEMS["foreign-passport"].docNumber);
    expect(() =>
      parseMetadata({
        requestId: REQUEST_ID,
        data: { "foreign-passport": SAMPLE_ITEMS["foreign-passport"] },
      }),
    ).toThrow(MetadataError);
  });

  it("Java response-pretty-encodedData.json / Python metadata_all.json: requestId and barcode together, arrays", () => {
    const meta = readMetadata({
      requestId: REQUEST_ID,
      barcode: "1213187292345",
      documentTypes: [...SHARED_DOCUMENT_TYPES],
      data: Object.fromEntries(SHARED_DOCUMENT_TYPES.map((t) => [t, [SAMPLE_ITEMS[t]]])),
    });
    expect(meta).toMatchObject({ flow: "deeplink", requestId: REQUEST_ID, barcode: "1213187292345" });
    expect(meta.documents.map((d) => [d.type, d.known, d.needsManualCheck])).toEqual(
      SHARED_DOCUMENT_TYPES.map((t) => [t, true, false]),
    );
    expect(meta.documents.every((d) => d.normalised !== undefined)).toBe(true);
  });
});

describe("shapes that broke the strict parser", () => {
  it("null for a type is absent; null fields are absent", () => {
    const meta = readMetadata({
      barcode: "1213187292345",
      data: { "internal-passport": { ...passport, middleNameUA: null }, "taxpayer-card": null },
    });
    expect(meta.documents.map((d) => d.type)).toEqual(["internal-passport"]);
    expect(meta.needsManualCheck).toBe(false);
    expect(meta.documents[0]?.normalised?.person.middleName).toBeUndefined();
  });

  it("numbers where text is expected are read as text, not rejected", () => {
    const meta = readMetadata({
      requestId: 42,
      data: { "internal-passport": [{ ...passport, docNumber: 123456789 }] },
    });
    expect(meta.requestId).toBe("42");
    expect(meta.documents[0]?.normalised?.document.number).toBe("123456789");
    expect(meta.needsManualCheck).toBe(false);
  });

  it("an array in a barcode delivery is one document per item", () => {
    const meta = readMetadata({
      barcode: "1213187292345",
      data: { "internal-passport": [passport, passport] },
    });
    expect(meta.flow).toBe("barcode");
    expect(meta.documents).toHaveLength(2);
    expect(meta.needsManualCheck).toBe(false);
  });

  it("a field of the wrong shape is dropped from the questionnaire and marked, the rest still fills it", () => {
    const meta = readMetadata({
      requestId: REQUEST_ID,
      data: { "internal-passport": [{ ...passport, lastNameUA: { a: 1 }, birthday: ["24.01.1980"] }] },
    });
    const [doc] = meta.documents;
    expect(doc?.manualCheck.map((m) => m.path).sort()).toEqual(["birthday", "lastNameUA"]);
    expect(doc?.needsManualCheck).toBe(true);
    // The Ukrainian name is gone, so the Latin one stands in, as it does for any missing Ukrainian name.
    expect(doc?.normalised?.person.lastName).toEqual({ uk: "Diia", en: "Diia" });
    expect(doc?.normalised?.document.number).toBe(passport.docNumber);
    // The raw item is kept as it came, and its odd fields are still listed for the manager.
    expect(doc?.raw).toMatchObject({ lastNameUA: { a: 1 } });
    expect(doc?.fields).toContainEqual({ path: "lastNameUA.a", value: "1" });
    expect(meta.needsManualCheck).toBe(true);
  });

  it("an item that is not an object is one document marked for manual check, with its text as a field", () => {
    const meta = readMetadata({ requestId: REQUEST_ID, data: { "internal-passport": ["a text"] } });
    expect(meta.documents[0]).toMatchObject({
      type: "internal-passport",
      normalised: undefined,
      fields: [{ path: "", value: "a text" }],
      needsManualCheck: true,
    });
  });

  it.each(SCHEMALESS_DOCUMENT_TYPES)("%s without a schema: raw kept and its fields listed", (type) => {
    const item = { docNumber: "ST 123", person: { lastName: "ДІЯ" }, issued: 2020 };
    const meta = readMetadata({ requestId: REQUEST_ID, data: { [type]: [item] } });
    expect(meta.documents[0]).toMatchObject({ type, known: false, raw: item, normalised: undefined });
    expect(meta.documents[0]?.fields).toEqual([
      { path: "docNumber", value: "ST 123" },
      { path: "person.lastName", value: "ДІЯ" },
      { path: "issued", value: "2020" },
    ]);
    expect(meta.documents[0]?.needsManualCheck).toBe(true);
  });

  it("an envelope it cannot place still keeps everything: no id, data not an object, not JSON", () => {
    expect(readMetadata({ data: { "internal-passport": passport } })).toMatchObject({
      flow: "unknown",
      needsManualCheck: true,
      documents: [{ type: "internal-passport" }],
    });
    expect(readMetadata({ requestId: REQUEST_ID, data: "x" }).manualCheck).toEqual([
      { path: "data", code: "not_object" },
    ]);
    expect(readMetadata("{not json")).toMatchObject({
      rawText: "{not json",
      manualCheck: [{ code: "not_json" }],
    });
    expect(readMetadata(new Uint8Array([0xff, 0xfe, 0x00]))).toMatchObject({
      manualCheck: [{ code: "not_utf8" }],
    });
    expect(readMetadata([1, 2])).toMatchObject({ raw: [1, 2], manualCheck: [{ code: "not_object" }] });
  });

  it("manual-check entries name paths and codes, never the values", () => {
    const secret = "ТАЄМНИЦЯ-1234567890";
    const meta = readMetadata({
      requestId: { secret },
      data: { "internal-passport": [{ lastNameUA: [secret] }] },
    });
    expect(JSON.stringify([meta.manualCheck, meta.documents.map((d) => d.manualCheck)])).not.toContain(
      secret,
    );
  });
});

describe("what a person must check by hand, for the teller's form and the manager's view", () => {
  it("names the questionnaire paths the broken fields would have filled, and only those", () => {
    const raw = { ...passport, lastNameUA: ["КОВАЛЕНКО"], residenceUA: { city: "Київ" }, birthday: 19800124 };
    const [doc] = readMetadata({ barcode: "4006381333931", data: { "internal-passport": raw } }).documents;
    expect(doc?.manualCheck.map((m) => m.path).sort()).toEqual(["lastNameUA", "residenceUA"]);
    expect(manualCheckTargets("internal-passport", doc?.raw, doc?.manualCheck ?? []).sort()).toEqual([
      "person.address",
      "person.lastName.uk",
    ]);
    // The number read as text fills the form; nothing to check there.
    expect(doc?.normalised?.person.birthDate).toBe("19800124");
  });

  it("gives no paths for a type without a schema or an item that is not an object", () => {
    expect(manualCheckTargets("student-id-card", { number: "1" }, [])).toEqual([]);
    expect(manualCheckTargets("internal-passport", "text", [{ path: "", code: "not_object" }])).toEqual([]);
  });

  it("lists a stored item's leaves with their paths", () => {
    expect(documentFields({ a: "x", b: { c: 1, d: null }, e: ["y"] })).toEqual([
      { path: "a", value: "x" },
      { path: "b.c", value: "1" },
      { path: "e.0", value: "y" },
    ]);
  });
});

describe("property: never throws, never loses a document", () => {
  const itemShape = fc.oneof(
    fc.jsonValue(),
    fc.record(
      { lastNameUA: fc.jsonValue(), docNumber: fc.jsonValue(), birthday: fc.jsonValue() },
      { requiredKeys: [] },
    ),
    fc.constant(passport),
  );
  const typeKey = fc.oneof(
    fc.constantFrom(...SHARED_DOCUMENT_TYPES, ...SCHEMALESS_DOCUMENT_TYPES),
    fc.string(),
  );
  const envelope = fc.record(
    {
      requestId: fc.oneof(fc.string(), fc.integer(), fc.jsonValue()),
      barcode: fc.oneof(fc.stringMatching(/^\d{13}$/), fc.jsonValue()),
      documentTypes: fc.oneof(fc.array(fc.string()), fc.jsonValue()),
      data: fc.oneof(
        fc.dictionary(typeKey, fc.oneof(itemShape, fc.array(itemShape), fc.constant(null))),
        fc.jsonValue(),
      ),
    },
    { requiredKeys: [] },
  );

  it("for any JSON value the envelope could carry", () => {
    fc.assert(
      // A top-level string is read as JSON text (the bytes' form), so values are given parsed, and as text below.
      fc.property(
        fc.oneof(
          envelope,
          fc.jsonValue().filter((v) => typeof v !== "string"),
        ),
        (value) => {
          const meta = readMetadata(value);
          expect(meta.raw).toBe(value);
          // Every non-null item under data is one document.
          const data = (value as { data?: unknown } | null)?.data;
          if (typeof data === "object" && data !== null && !Array.isArray(data)) {
            const expected = Object.values(data).reduce<number>(
              (n, v) => n + (v === null ? 0 : Array.isArray(v) ? v.filter((x) => x !== null).length : 1),
              0,
            );
            expect(meta.documents).toHaveLength(expected);
          }
          // And the same value as JSON text reads the same.
          expect(readMetadata(JSON.stringify(value)).documents.length).toBe(meta.documents.length);
        },
      ),
      { seed: 16_2026, numRuns: 400 },
    );
  });
});
