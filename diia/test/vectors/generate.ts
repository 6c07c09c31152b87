// Writes the project's own test vectors (test/vectors/project/) with the library's sandbox PKI and wrap: a Diia
// test CA, a Diia identity (signing 257 + key agreement 431), a partner identity, and one envelope Diia sends the
// partner. Every random byte comes from a fixed seed, so the same code writes the same bytes: `--check <dir>`
// writes into <dir> for test/vectors/vectors.test.ts to compare with what is committed.
//
//   pnpm --filter @stiika/diia exec tsx test/vectors/generate.ts            (rewrites test/vectors/project/)
//   pnpm --filter @stiika/diia exec tsx test/vectors/generate.ts --check /tmp/v
import { createHash } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { createRequire, syncBuiltinESMExports } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

// The library draws its randomness (keys, serials, signature nonces, CEK/IV/UKM, key-container salts) from
// node:crypto's randomBytes; a counter-mode SHA-256 stream replaces it here before anything runs.
const SEED = "stiika test vectors v1";
let block = 0;
const nodeCrypto = createRequire(import.meta.url)("node:crypto") as { randomBytes: (n: number) => Buffer };
nodeCrypto.randomBytes = (n: number): Buffer => {
  const out = Buffer.alloc(n);
  for (let at = 0; at < n; at += 32) createHash("sha256").update(`${SEED}/${block++}`).digest().copy(out, at);
  return out;
};
syncBuiltinESMExports();

const { createSandboxCa, createSandboxIdentity, saveCa, saveIdentity } = await import("../../src/pki.ts");
const { wrap } = await import("../../src/wrap.ts");
const { PASSWORD, VALIDITY, ENVELOPE_SIGNING_TIME } = await import("./constants.ts");

const args = process.argv.slice(2);
const folder =
  args[0] === "--check" && args[1] ? args[1] : join(dirname(fileURLToPath(import.meta.url)), "project");

const ca = createSandboxCa(
  { commonName: "Тестовий ЦСК векторів Стійки", organization: "Стійка (тестові вектори)" },
  VALIDITY.ca,
);
const diia = createSandboxIdentity(
  ca,
  { commonName: "ДП ДІЯ (тестові вектори)", organization: "ДП ДІЯ", serialNumber: "UA-43395033-VECTORS" },
  VALIDITY.diia,
);
const partner = createSandboxIdentity(
  ca,
  {
    commonName: "Партнер Стійки (тестові вектори)",
    organization: "Стійка",
    serialNumber: "UA-00000000-VECTORS",
  },
  VALIDITY.partner,
);

// Metadata as the sandbox sends it for a barcode share of an ID card: a made-up person.
const metadata = new TextEncoder().encode(
  JSON.stringify({
    requestId: "6f1c1f8e-2f51-4c5e-9d0b-000000000001",
    documentType: "internal-passport",
    data: [
      {
        docNumber: "000000001",
        lastNameUA: "Тестова",
        firstNameUA: "Олена",
        middleNameUA: "Петрівна",
        birthday: "01.02.1990",
        taxpayerNumber: "3287212345",
      },
    ],
  }),
);

await saveCa(folder, "diia-ca", ca, PASSWORD);
await saveIdentity(folder, "diia", diia, PASSWORD);
await saveIdentity(folder, "partner", partner, PASSWORD);
const envelope = wrap(metadata, {
  signer: diia.signer,
  originator: diia.keyAgreement,
  recipientCert: partner.keyAgreement.cert,
  signingTime: ENVELOPE_SIGNING_TIME,
});
// As Diia sends it: base64 text of the DER, beside the content it must open to.
await writeFile(join(folder, "vectors-metadata.p7s.p7e.b64"), Buffer.from(envelope).toString("base64"));
await writeFile(join(folder, "vectors-metadata.expected.json"), metadata);
