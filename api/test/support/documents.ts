// Test material: normalised documents built by @stiika/diia itself (from the real Diia test fixture or from items
// shaped like Diia's), so the templates see exactly what the server stores and sends.
import { readFileSync } from "node:fs";
import {
  type NormalisedDocument,
  normaliseDocument,
  type TypedDocumentItem,
} from "@stiika/diia/metadata/normalise";
import { parseMetadata } from "@stiika/diia/metadata/parse-metadata";

/** The internal passport of the IIT test citizen, from the shared fixture's decrypted metadata. */
export function fixturePassport(): NormalisedDocument {
  const file = new URL(
    "../../../../shared/fixtures/diia-iit-test/encodedData.expected.json",
    import.meta.url,
  );
  const doc = parseMetadata(readFileSync(file, "utf8")).documents[0];
  if (!doc?.known) throw new Error("fixture has no known document");
  return doc.normalised;
}

export function normalised(input: TypedDocumentItem): NormalisedDocument {
  return normaliseDocument(input);
}
