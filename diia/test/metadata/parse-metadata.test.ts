import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { SHARED_DOCUMENT_TYPES } from "../../src/document-types.ts";
import { MetadataError } from "../../src/errors.ts";
import { parseMetadata } from "../../src/metadata/parse-metadata.ts";
import { barcodeMetadataSchema, deeplinkMetadataSchema } from "../../src/metadata/schemas.ts";
import { SAMPLE_ITEMS } from "./samples.ts";

// Real plaintext of the encodeData fixture published with Diia's SDK, read from shared/ (never copied here).
const FIXTURE = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/fixtures/diia-iit-test/encodedData.expected.json",
);

function metadataError(fn: () => unknown): MetadataError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MetadataError) return e;
    throw e;
  }
  throw new Error("expected a MetadataError");
}

// A missing ../shared fails these tests (readFileSync's ENOENT names the path): they never skip.
describe("parseMetadata on the real barcode metadata (shared/fixtures)", () => {
  const bytes = readFileSync(FIXTURE);

  it("reads the envelope and the raw item untouched", () => {
    const meta = parseMetadata(new Uint8Array(bytes));
    expect(meta.flow).toBe("barcode");
    expect(meta.flow === "barcode" && meta.barcode).toBe("2858364170864");
    expect(meta.documentTypes).toEqual(["internal-passport"]);
    expect(meta.documents).toHaveLength(1);
    const doc = meta.documents[0];
    expect(doc?.type).toBe("internal-passport");
    expect(doc?.known).toBe(true);
    expect(doc?.raw).toEqual(JSON.parse(bytes.toString("utf8")).data["internal-passport"]);
    expect(doc?.raw).toHaveProperty(
      "birthPlaceUA",
      "СМТ. ЮР'ЇВКА ЮР'ЇВСЬКИЙ РАЙОН ДНІПРОПЕТРОВСЬКА  ОБЛАСТЬ УКРАЇНА",
    );
  });

  it("normalises the ID card", () => {
    const doc = parseMetadata(bytes.toString("utf8")).documents[0];
    expect(doc?.normalised).toEqual({
      kind: "identity",
      type: "internal-passport",
      id: "19970117-7001-2018-09-12",
      person: {
        lastName: { uk: "Дія", en: "Diia" },
        firstName: { uk: "Надія", en: "Nadia" },
        middleName: { uk: "Володимирівна" },
        birthDate: "1997-01-17",
        birthPlace: "СМТ. ЮР'ЇВКА ЮР'ЇВСЬКИЙ РАЙОН ДНІПРОПЕТРОВСЬКА ОБЛАСТЬ УКРАЇНА",
        gender: "F",
        taxpayerNumber: "1234567001",
        unzr: "19970117-7001",
        nationality: "Україна",
        address: "УКРАЇНА СМТ. ЮР'ЇВКА ЮР'ЇВСЬКИЙ РАЙОН ДНІПРОПЕТРОВСЬКА ОБЛАСТЬ ВУЛ. ЛЕНІНА БУД. 4",
      },
      document: { number: "002307001", issueDate: "2018-09-12", expiryDate: "2028-09-12", issuer: "1263" },
      extra: {},
      invalidDates: [],
    });
  });

  it("reads the same from bytes with a BOM and from already-parsed JSON", () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes]);
    const expected = parseMetadata(bytes.toString("utf8"));
    expect(parseMetadata(withBom)).toEqual(expected);
    expect(parseMetadata(JSON.parse(bytes.toString("utf8")))).toEqual(expected);
  });
});

describe("parseMetadata: both envelope shapes for every type", () => {
  it.each(SHARED_DOCUMENT_TYPES)("barcode shape with %s", (type) => {
    const json = { barcode: "1213187292345", documentTypes: [type], data: { [type]: SAMPLE_ITEMS[type] } };
    const meta = parseMetadata(JSON.stringify(json));
    expect(meta).toMatchObject({ flow: "barcode", barcode: "1213187292345", documentTypes: [type] });
    expect(meta.documents).toHaveLength(1);
    expect(meta.documents[0]).toMatchObject({ known: true, type, raw: SAMPLE_ITEMS[type] });
    expect(meta.documents[0]?.normalised?.type).toBe(type);
    expect(meta.documents[0]?.normalised?.invalidDates).toEqual([]);
  });

  it("deeplink shape with all types, one item each, in the order of data", () => {
    const json = {
      requestId: "abc1234d-1234-1234-1234-1a2b3c4d5e6f",
      documentTypes: [...SHARED_DOCUMENT_TYPES],
      data: Object.fromEntries(SHARED_DOCUMENT_TYPES.map((t) => [t, [SAMPLE_ITEMS[t]]])),
    };
    const meta = parseMetadata(new TextEncoder().encode(JSON.stringify(json)));
    expect(meta.flow).toBe("deeplink");
    expect(meta.flow === "deeplink" && meta.requestId).toBe("abc1234d-1234-1234-1234-1a2b3c4d5e6f");
    expect(meta.documents.map((d) => d.type)).toEqual([...SHARED_DOCUMENT_TYPES]);
    expect(meta.documents.map((d) => d.normalised?.kind)).toEqual([
      "identity",
      "identity",
      "tax",
      "idp",
      "birth",
      "driving",
      "vehicle",
    ]);
    expect(meta.documents.map((d) => d.normalised?.person.birthDate)).toEqual([
      "1980-01-24",
      "1991-08-24",
      "1980-01-24",
      "1973-02-07",
      "2015-05-28",
      "1991-08-24",
      "1991-08-24",
    ]);
  });

  it("deeplink shape with two items of one type (repeated parts)", () => {
    const second = { ...SAMPLE_ITEMS["taxpayer-card"], docNumber: "0987654321", id: "tax-2" };
    const meta = parseMetadata({
      requestId: "r-1",
      documentTypes: ["taxpayer-card"],
      data: { "taxpayer-card": [SAMPLE_ITEMS["taxpayer-card"], second] },
    });
    expect(meta.documents.map((d) => d.normalised?.document.number)).toEqual(["1234567890", "0987654321"]);
    expect(meta.documents[1]?.raw).toBe(second);
  });

  it("falls back to the data keys when documentTypes is missing", () => {
    const meta = parseMetadata({
      barcode: "2858364170864",
      data: { "taxpayer-card": SAMPLE_ITEMS["taxpayer-card"] },
    });
    expect(meta.documentTypes).toEqual(["taxpayer-card"]);
  });
});

describe("parseMetadata keeps what it does not know", () => {
  it("keeps unknown fields in raw and in the schema output", () => {
    const item = { ...SAMPLE_ITEMS["internal-passport"], photoHash: "abc", nested: { a: 1 } };
    const json = {
      barcode: "2858364170864",
      documentTypes: ["internal-passport"],
      data: { "internal-passport": item },
      extraTop: true,
    };
    const meta = parseMetadata(json);
    expect(meta.documents[0]?.raw).toMatchObject({ photoHash: "abc", nested: { a: 1 } });
    const parsed = barcodeMetadataSchema.parse(json);
    expect(parsed.extraTop).toBe(true);
    expect(parsed.data["internal-passport"]?.photoHash).toBe("abc");
    expect(parsed.data["internal-passport"]?.docNumber).toBe("123456789");
  });

  it("keeps unknown document types as raw objects (barcode) and per item (deeplink)", () => {
    const card = { number: "ST 123", university: "КНУ" };
    const barcode = parseMetadata({
      barcode: "2858364170864",
      documentTypes: ["student-id-card"],
      data: { "student-id-card": card },
    });
    expect(barcode.documents).toEqual([
      { known: false, type: "student-id-card", raw: card, normalised: undefined },
    ]);

    const deeplink = parseMetadata({
      requestId: "r-2",
      documentTypes: ["pension-card", "taxpayer-card"],
      data: { "pension-card": [card, { number: "2" }], "taxpayer-card": [SAMPLE_ITEMS["taxpayer-card"]] },
    });
    expect(deeplink.documents.map((d) => [d.type, d.known])).toEqual([
      ["pension-card", false],
      ["pension-card", false],
      ["taxpayer-card", true],
    ]);
    expect(deeplink.documents[1]?.raw).toEqual({ number: "2" });
    expect(
      deeplinkMetadataSchema.parse({ requestId: "r", data: { "pension-card": "x" } }).data["pension-card"],
    ).toBe("x");
  });
});

describe("parseMetadata rejects bad input with typed errors that carry no personal data", () => {
  it("NOT_JSON for text that is not JSON, without quoting it", () => {
    const e = metadataError(() => parseMetadata('{"lastNameUA": "ДІЯ", oops}'));
    expect(e.code).toBe("NOT_JSON");
    expect(e.message).not.toContain("ДІЯ");
    expect(e.cause).toBeUndefined();
  });

  it("NOT_JSON for bytes that are not UTF-8", () => {
    expect(metadataError(() => parseMetadata(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]))).code).toBe(
      "NOT_JSON",
    );
  });

  it.each([
    ["an array", []],
    ["null", null],
    ["a number", 42],
    ["a JSON string literal", '"text"'],
  ])("MALFORMED_METADATA for %s", (_, input) => {
    expect(metadataError(() => parseMetadata(input)).code).toBe("MALFORMED_METADATA");
  });

  it("MALFORMED_METADATA when neither requestId nor barcode is there", () => {
    const e = metadataError(() => parseMetadata({ documentTypes: [], data: {} }));
    expect(e.code).toBe("MALFORMED_METADATA");
    expect(e.message).toMatch(/requestId.*barcode/);
  });

  it("lists the paths and issue codes of schema breaks, never the values", () => {
    const e = metadataError(() =>
      parseMetadata({
        requestId: "r-3",
        data: {
          "internal-passport": [
            { ...SAMPLE_ITEMS["internal-passport"], birthday: 19800124, lastNameUA: ["ДІЯ"] },
          ],
          "taxpayer-card": SAMPLE_ITEMS["taxpayer-card"],
        },
      }),
    );
    expect(e.code).toBe("MALFORMED_METADATA");
    expect(e.issues).toEqual([
      { path: "data.internal-passport.0.lastNameUA", code: "invalid_type" },
      { path: "data.internal-passport.0.birthday", code: "invalid_type" },
      { path: "data.taxpayer-card", code: "invalid_type" },
    ]);
    expect(e.message).toContain("data.internal-passport.0.birthday");
    expect(JSON.stringify(e.issues) + e.message).not.toMatch(/19800124|ДІЯ/);
  });

  it("names at most five paths in the message and keeps every issue", () => {
    const item = Object.fromEntries(Object.keys(SAMPLE_ITEMS["vehicle-license"]).map((k) => [k, 1]));
    const e = metadataError(() =>
      parseMetadata({ barcode: "2858364170864", data: { "vehicle-license": item } }),
    );
    expect(e.issues).toHaveLength(Object.keys(item).length);
    expect(e.message).toContain(`and ${Object.keys(item).length - 5} more`);
    expect(e.message.match(/data\.vehicle-license\./g)).toHaveLength(5);
  });

  it("rejects a barcode envelope with an array per type and a missing data object", () => {
    const arrayShape = metadataError(() =>
      parseMetadata({ barcode: "2858364170864", data: { "taxpayer-card": [SAMPLE_ITEMS["taxpayer-card"]] } }),
    );
    expect(arrayShape.issues).toEqual([{ path: "data.taxpayer-card", code: "invalid_type" }]);
    const noData = metadataError(() => parseMetadata({ barcode: "2858364170864" }));
    expect(noData.issues).toEqual([{ path: "data", code: "invalid_type" }]);
    const badBarcode = metadataError(() => parseMetadata({ barcode: 2858364170864, data: {} }));
    expect(badBarcode.issues).toEqual([{ path: "barcode", code: "invalid_type" }]);
  });
});
