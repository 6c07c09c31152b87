// Loads the real Diia/IIT test material from ../shared (never copied into the repo) once per test file. When
// ../shared is missing the tests that need it fail with the reason: they never skip (the project's own vectors in
// test/vectors/ carry the same suites without it, see material.ts).
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { vi } from "vitest";
import { type Certificate, loadCertificate } from "../../src/certificate.ts";
import { type KeyStore, loadKeyStore } from "../../src/keys.ts";

// Opening a key container runs 10,000 pure-JS GOST PBKDF rounds (~0.5 s, several times that when test files
// share the 2 cores), so default timeouts are too short here.
vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

export const FIXTURES = join(
  dirname(fileURLToPath(import.meta.url)),
  "../../../../shared/fixtures/diia-iit-test",
);
export function fixture(name: string): Buffer {
  if (!existsSync(FIXTURES))
    throw new Error(
      `the IIT/Diia test material is missing: ${FIXTURES} (clone the shared folder beside the repository)`,
    );
  return readFileSync(join(FIXTURES, name));
}

export const SIGN_CERT = "EU-5B63D88375D9201804000000E0BA0500B4810D00.cer";
export const KEP_CERT = "EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer";

let partner: KeyStore | undefined;
let diia: KeyStore | undefined;
/** Key-6.dat (the test partner "Тестовий Користувач 1"): signing key on 257, key agreement on 431. */
export const partnerKeys = (): KeyStore => {
  partner ??= loadKeyStore(fixture("Key-6.dat"), "12345677");
  return partner;
};
/** DiiaTest.pfx: Diia's own test identity. */
export const diiaKeys = (): KeyStore => {
  diia ??= loadKeyStore(fixture("DiiaTest.pfx"), "Test");
  return diia;
};
/** Narrows a value the test knows is present; fails the test loudly otherwise. */
export function must<T>(v: T | undefined | null): T {
  if (v === undefined || v === null) throw new Error("expected a value");
  return v;
}

export const cert = (name: string): Certificate => loadCertificate(fixture(name));

/** Signing pair / key-agreement pair of a store, found by certificate usage. */
export function pairs(store: KeyStore, signCert: Certificate, kaCert: Certificate) {
  const [signKey, kaKey] = [signCert, kaCert].map((c) =>
    store.keys.find((k) => k.curve.m === c.publicKey?.curve.m),
  );
  if (!signKey || !kaKey) throw new Error("fixture store lacks a key");
  return { signer: { key: signKey, cert: signCert }, originator: { key: kaKey, cert: kaCert } };
}
