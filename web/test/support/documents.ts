// Test material: normalised documents built by @stiika/diia itself (from the real Diia test fixture or from items
// shaped like Diia's), so the web tests see exactly what the server will send.
import { readFileSync } from "node:fs";
// happy-dom replaces the global URL, so paths are built with node:path, not new URL(…, import.meta.url).
import path from "node:path";
import type { NormalisedDocument, TypedDocumentItem } from "@stiika/diia/metadata/normalise";
import { normaliseDocument } from "@stiika/diia/metadata/normalise";
import { parseMetadata } from "@stiika/diia/metadata/parse-metadata";

/** The internal passport of the IIT test citizen, from the shared fixture's decrypted metadata. */
export function fixturePassport(): NormalisedDocument {
  const file = path.join(
    import.meta.dirname,
    "../../../../shared/fixtures/diia-iit-test/encodedData.expected.json",
  );
  const meta = parseMetadata(readFileSync(file, "utf8"));
  const doc = meta.documents[0];
  if (!doc?.known) throw new Error("fixture has no known document");
  return doc.normalised;
}

export function normalised(input: TypedDocumentItem): NormalisedDocument {
  return normaliseDocument(input);
}
