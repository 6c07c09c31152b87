import { DOCUMENT_SCHEMAS, parseMetadata, type SharedDocumentType } from "@stiika/diia";
import { describe, expect, it } from "vitest";
import { CITIZENS } from "../../src/citizens/citizens.ts";

// Spellings the schemas accept as alternatives, and the per-delivery file name: the demo data uses the other one.
const NOT_EXPECTED: Partial<Record<SharedDocumentType, string[]>> = {
  "reference-internally-displaced-person": ["birthday"],
};
const ALWAYS_OPTIONAL = ["fileName"];

const ALL = CITIZENS.flatMap((citizen) => citizen.documents.map((document) => ({ citizen, document })));

describe("demo metadata against the @stiika/diia schemas", () => {
  it.each(ALL.map((x) => [x.document.type, x.citizen.id, x.document] as const))(
    "when %s of %s is checked, then its schema accepts it and every top-level field is present",
    (type, _id, document) => {
      const schema = DOCUMENT_SCHEMAS[type];
      expect(schema.safeParse(document.metadata).success).toBe(true);
      const skip = [...ALWAYS_OPTIONAL, ...(NOT_EXPECTED[type] ?? [])];
      const expected = Object.keys(schema.shape).filter((key) => !skip.includes(key));
      expect(Object.keys(document.metadata).sort()).toEqual(expect.arrayContaining(expected.sort()));
    },
  );

  it.each(CITIZENS.map((c) => [c.fullName, c] as const))(
    "when %s shares everything by deeplink and each document by barcode, then parseMetadata reads all dates",
    (_name, citizen) => {
      const types = [...new Set(citizen.documents.map((d) => d.type))];
      const deeplink = parseMetadata({
        requestId: "demo",
        documentTypes: types,
        data: Object.fromEntries(
          types.map((t) => [t, citizen.documents.filter((d) => d.type === t).map((d) => d.metadata)]),
        ),
      });
      expect(deeplink.flow).toBe("deeplink");
      expect(deeplink.documents.map((d) => d.raw)).toEqual(
        expect.arrayContaining(citizen.documents.map((d) => d.metadata)),
      );
      for (const doc of deeplink.documents) {
        expect(doc.known).toBe(true);
        expect(doc.normalised?.invalidDates, doc.type).toEqual([]);
        expect(doc.normalised?.person.birthDate, doc.type).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      }
      for (const document of citizen.documents) {
        const barcode = parseMetadata({
          barcode: "4006381333931",
          documentTypes: [document.type],
          data: { [document.type]: document.metadata },
        });
        expect(barcode.documents).toHaveLength(1);
        expect(barcode.documents[0]?.raw).toEqual(document.metadata);
      }
    },
  );
});
