// The two sets of key material the envelope suites (wrap, tamper, fuzz, CLI) run over: the project's own vectors,
// committed in test/vectors/project/ (made by test/vectors/generate.ts with the sandbox PKI), and the real IIT/Diia
// test material from ../shared. The first makes the crypto core's tests self-contained; the second proves the
// same code on what Diia really sends. ../shared missing fails the IIT suites: they never skip.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Certificate, loadCertificate } from "../../src/certificate.ts";
import { type KeyStore, loadKeyStore } from "../../src/keys.ts";
import { ENVELOPE_SIGNING_TIME, PASSWORD, VALIDITY } from "../vectors/constants.ts";
import { FIXTURES, fixture, KEP_CERT, must, SIGN_CERT } from "./fixtures.ts";

export interface Party {
  /** Its key store (signing and key-agreement keys). */
  keys(): KeyStore;
  sign: Certificate;
  kep: Certificate;
}

export interface Material {
  name: string;
  diia: Party & { commonName: string };
  partner: Party;
  /** Inside the Diia certificates' validity, and after it (CERT_EXPIRED_AT_SIGNING). */
  diiaValidAt: Date;
  diiaExpiredAt: Date;
  /** Inside the partner's signing certificate validity. */
  partnerValidAt: Date;
  /** A recorded envelope sent to the partner: the base64 text as received, what it opens to, who signed it. */
  envelope: { text: string; expected: Uint8Array; signingTime: string; signerKeyId: string };
  /**
   * Files for the CLI: the partner's key-agreement container (+ password and certificate), the recorded envelope,
   * its signer's certificate and another signing certificate (pinning to it must refuse the envelope).
   */
  files: {
    key: string;
    password: string;
    kepCert: string;
    envelope: string;
    signer: string;
    otherSigner: string;
  };
}

const lazy = <T>(make: () => T): (() => T) => {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
};

const VECTORS = join(dirname(fileURLToPath(import.meta.url)), "../vectors/project");
const vector = (name: string) => join(VECTORS, name);
const vectorCert = (name: string) => loadCertificate(readFileSync(vector(name)));
/**
 * A party's two PBES2 containers (one key each) and its two certificates as one key store, as a .pfx holds them
 * (a bare key is only tried on recipient entries naming no certificate we know: a pinned one is known).
 */
const vectorKeys = (base: string) =>
  lazy((): KeyStore => {
    const [sign, kep] = ["sign", "kep"].map((s) =>
      loadKeyStore(readFileSync(vector(`${base}-${s}.key`)), PASSWORD),
    );
    return {
      keys: [...(sign?.keys ?? []), ...(kep?.keys ?? [])],
      certificates: [vectorCert(`${base}-sign.cer`), vectorCert(`${base}-kep.cer`)],
    };
  });

export const projectMaterial: Material = {
  name: "project vectors",
  diia: {
    keys: vectorKeys("diia"),
    sign: vectorCert("diia-sign.cer"),
    kep: vectorCert("diia-kep.cer"),
    commonName: "ДП ДІЯ (тестові вектори)",
  },
  partner: {
    keys: vectorKeys("partner"),
    sign: vectorCert("partner-sign.cer"),
    kep: vectorCert("partner-kep.cer"),
  },
  diiaValidAt: new Date("2026-06-01T12:00:00Z"),
  diiaExpiredAt: new Date(VALIDITY.diia.to.getTime() + 86_400_000),
  partnerValidAt: new Date("2026-06-01T12:00:00Z"),
  envelope: {
    text: readFileSync(vector("vectors-metadata.p7s.p7e.b64"), "utf8"),
    expected: new Uint8Array(readFileSync(vector("vectors-metadata.expected.json"))),
    signingTime: ENVELOPE_SIGNING_TIME.toISOString(),
    signerKeyId: must(vectorCert("diia-sign.cer").keyId),
  },
  files: {
    key: vector("partner-kep.key"),
    password: PASSWORD,
    kepCert: vector("partner-kep.cer"),
    envelope: vector("vectors-metadata.p7s.p7e.b64"),
    signer: vector("diia-sign.cer"),
    otherSigner: vector("partner-sign.cer"),
  },
};

/** Read on first use, so a missing ../shared fails the tests that need it with fixtures.ts's message. */
const iitCert = (name: string) => lazy(() => loadCertificate(fixture(name)));
const iit = {
  diiaSign: iitCert("DiiaKey1.cer"),
  diiaKep: iitCert("DiiaKey2.cer"),
  sign: iitCert(SIGN_CERT),
  kep: iitCert(KEP_CERT),
  envelope: lazy(() => fixture("encodedData.json.p7s.p7e").toString("utf8")),
  expected: lazy(() => new Uint8Array(fixture("encodedData.expected.json"))),
};
export const iitMaterial: Material = {
  name: "IIT/Diia test material (../shared)",
  diia: {
    keys: lazy(() => loadKeyStore(fixture("DiiaTest.pfx"), "Test")),
    get sign() {
      return iit.diiaSign();
    },
    get kep() {
      return iit.diiaKep();
    },
    commonName: "ДП ДІЯ (Тестування)",
  },
  partner: {
    keys: lazy(() => loadKeyStore(fixture("Key-6.dat"), "12345677")),
    get sign() {
      return iit.sign();
    },
    get kep() {
      return iit.kep();
    },
  },
  // DiiaKey certificates: 2022-04-05 … 2024-04-05; the Key-6 user's: 2024-08-30 … 2025-08-29.
  diiaValidAt: new Date("2023-06-01T12:00:00Z"),
  diiaExpiredAt: new Date("2025-01-01T00:00:00Z"),
  partnerValidAt: new Date("2024-10-24T10:00:00Z"),
  envelope: {
    get text() {
      return iit.envelope();
    },
    get expected() {
      return iit.expected();
    },
    // The recorded envelope was signed by the Key-6 user (SIGN_CERT), not by DiiaKey1.
    signingTime: "2024-10-24T10:22:56.000Z",
    signerKeyId: "6c1ae74656b3ae83d5f346455f442cfb38262fd6b0eaa30b1f06eaa3372400e6",
  },
  files: {
    key: join(FIXTURES, "Key-6.dat"),
    password: "12345677",
    kepCert: join(FIXTURES, KEP_CERT),
    envelope: join(FIXTURES, "encodedData.json.p7s.p7e"),
    signer: join(FIXTURES, SIGN_CERT),
    otherSigner: join(FIXTURES, "DiiaKey1.cer"),
  },
};

export const MATERIALS: readonly Material[] = [projectMaterial, iitMaterial];

/** Signing pair / key-agreement pair of a party, its keys found by certificate curve. */
export function pairsOf(party: Party) {
  const store = party.keys();
  const [signKey, kaKey] = [party.sign, party.kep].map((c) =>
    store.keys.find((k) => k.curve.m === c.publicKey?.curve.m),
  );
  if (!signKey || !kaKey) throw new Error("the key store lacks a key");
  return { signer: { key: signKey, cert: party.sign }, originator: { key: kaKey, cert: party.kep } };
}
