// Test material: normalised documents built by @stiika/diia itself (from the real Diia test fixture or from items
// shaped like Diia's), so the web tests see exactly what the server will send.
import { readFileSync } from "node:fs";
// happy-dom replaces the global URL, so paths are built with node:path, not new URL(…, import.meta.url).
import path from "node:path";
import type { NormalisedDocument, TypedDocumentItem } from "@stiika/diia/metadata/normalise";
import { normaliseDocument } from "@stiika/diia/metadata/normalise";
import { parseMetadata } from "@stiika/diia/metadata/parse-metadata";
import { manualCheckTargets, readMetadata } from "@stiika/diia/metadata/read-metadata";

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

/**
 * Documents as the server sends them (docs/api.md) for a delivery of the fixture's citizen, each item changed by
 * `overrides[type]` (odd shapes welcome): read with @stiika/diia's tolerant reader, `manualFields` found the way
 * the server finds them.
 */
export function serverDocuments(overrides: Record<string, Record<string, unknown>>) {
  const file = path.join(
    import.meta.dirname,
    "../../../../shared/fixtures/diia-iit-test/encodedData.expected.json",
  );
  const passport = (
    JSON.parse(readFileSync(file, "utf8")) as { data: Record<string, Record<string, string>> }
  ).data["internal-passport"] as Record<string, string>;
  // The same person's taxpayer card, shaped as spec §5 lists it.
  const base: Record<string, Record<string, string | undefined>> = {
    "internal-passport": passport,
    "taxpayer-card": {
      docNumber: passport.taxpayerNumber,
      lastNameUA: passport.lastNameUA,
      firstNameUA: passport.firstNameUA,
      middleNameUA: passport.middleNameUA,
      birthday: passport.birthday,
      creationDate: "08.09.2020",
    },
  };
  const data = Object.fromEntries(
    Object.entries(overrides).map(([type, changes]) => [type, [{ ...base[type], ...changes }]]),
  );
  return readMetadata({ requestId: "req-1", data }).documents.map((d) => ({
    type: d.type,
    title: d.type,
    normalised: d.normalised ?? null,
    manualFields: manualCheckTargets(d.type, d.raw, d.manualCheck),
  }));
}
