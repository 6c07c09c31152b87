// Дія.Підпис verification on real material: the IIT test user's key (Key-6.dat) signs a PDF's GOST 34.311 hash
// with jkurwa + gost89 (test/signing/jk-sign.ts, nothing from src/), and verifyDetachedSignature checks it against
// IIT's test CA bundle. Each trick below is refused alone, and the same input without it is accepted.
import { beforeAll, describe, expect, it } from "vitest";
import { type Certificate, loadCertificates } from "../../src/certificate.ts";
import { type VerifyDetachedOptions, verifyDetachedSignature } from "../../src/signature.ts";
import { signingDigest } from "../../src/signing.ts";
import { codeOf } from "../adversarial/code-of.ts";
import { cert, fixture, SIGN_CERT } from "../crypto/fixtures.ts";
import {
  attackerKey,
  forgeCertificate,
  gostHash,
  iitKeyAgreement,
  iitSigner,
  type JkSigner,
  jkDetachedSignature,
  jkSignerFor,
} from "./jk-sign.ts";

// A small but real PDF (one page, one line of text); its bytes are what the client signs.
const PDF = new TextEncoder().encode(
  [
    "%PDF-1.4",
    "1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj",
    "2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj",
    "3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >> endobj",
    "4 0 obj << /Length 44 >> stream",
    "BT /F1 12 Tf 72 770 Td (Zayava nomer 1) Tj ET",
    "endstream endobj",
    "trailer << /Root 1 0 R >>",
    "%%EOF",
    "",
  ].join("\n"),
);
// Inside the test certificates' validity (2024-08-30 … 2025-08-29).
const SIGNED_AT = new Date("2025-03-14T09:30:00Z");

describe("a detached signature by the IIT test key, verified against IIT's CA bundle", () => {
  let trustedCAs: Certificate[];
  let signer: JkSigner;
  let genuine: Uint8Array;
  const verify = (signature: Uint8Array, o: Partial<VerifyDetachedOptions> = {}) =>
    verifyDetachedSignature({
      signature,
      expectedHash: signingDigest(PDF, "GOST34311"),
      hashAlgorithm: "GOST34311",
      trustedCAs,
      ...o,
    });
  const code = (signature: Uint8Array, o: Partial<VerifyDetachedOptions> = {}) =>
    codeOf(() => verify(signature, o));

  beforeAll(() => {
    trustedCAs = loadCertificates(fixture("CACertificates.Test.All.p7b"));
    signer = iitSigner();
    genuine = jkDetachedSignature(signer, gostHash(PDF), SIGNED_AT);
  });

  it("is accepted: signer, its CA, signing time; as DER and as the base64 Diia sends", () => {
    const res = verify(genuine);
    const leaf = cert(SIGN_CERT);
    expect(res.signerCertificate.equals(leaf)).toBe(true);
    expect(res.signer.subject.commonName).toBe("Тестовий Користувач 1");
    expect(res.issuerCertificate.subject.commonName).toBe('Тестовий ЦСК АТ "ІІТ"');
    expect(leaf.isSignedBy(res.issuerCertificate)).toBe(true);
    expect(res.signingTime?.toISOString()).toBe(SIGNED_AT.toISOString());
    // The IIT test user's certificate carries serialNumber 375520 and no ДРФО: no РНОКПП to report.
    expect(res.signer.subject.serialNumber).toBe("375520");
    expect(res.rnokpp).toBeUndefined();
    expect(res.signatureDigest).toMatch(/^[0-9a-f]{64}$/);
    const b64 = Buffer.from(genuine).toString("base64");
    expect(verify(new TextEncoder().encode(b64)).signer.serial).toBe(leaf.serial);
    expect(verifyDetachedSignature({ ...optionsOf(b64), trustedCAs }).signer.serial).toBe(leaf.serial);
    // The expected hash may also be given as the base64 we sent as fileHash.
    const fileHash = Buffer.from(signingDigest(PDF, "GOST34311")).toString("base64");
    expect(code(genuine, { expectedHash: fileHash })).toBe("OK");
  });

  const optionsOf = (signature: string) => ({
    signature,
    expectedHash: signingDigest(PDF, "GOST34311"),
    hashAlgorithm: "GOST34311" as const,
  });

  it("a changed byte in the PDF (so in the hash we recompute) is refused", () => {
    for (const offset of [0, 200, PDF.length - 2]) {
      const changed = Uint8Array.from(PDF);
      changed[offset] = (changed[offset] ?? 0) ^ 0x01;
      expect(code(genuine, { expectedHash: signingDigest(changed, "GOST34311") }), `byte ${offset}`).toBe(
        "HASH_MISMATCH",
      );
    }
    // A signature over the changed PDF's hash, checked against the original's, likewise.
    const other = Uint8Array.from(PDF);
    other[10] = 0x41;
    expect(code(jkDetachedSignature(signer, gostHash(other), SIGNED_AT))).toBe("HASH_MISMATCH");
  });

  it("a changed byte in the signed attributes is refused (signingTime, messageDigest)", () => {
    const text = Buffer.from(genuine).toString("latin1");
    const time = text.indexOf("250314093000Z");
    expect(time).toBeGreaterThan(0);
    const later = Uint8Array.from(genuine);
    later[time + 5] = "5".charCodeAt(0); // 2025-03-15: same validity window, so only the signature can stop it
    expect(code(later)).toBe("BAD_SIGNATURE");
    // Change the signed messageDigest to the hash of another PDF and ask for that one: the digest check passes,
    // the signature over the attributes does not.
    const other = Uint8Array.from(PDF);
    other[10] = 0x41;
    const at = Buffer.from(genuine).indexOf(Buffer.from(gostHash(PDF)));
    const swapped = Uint8Array.from(genuine);
    swapped.set(gostHash(other), at);
    expect(code(swapped, { expectedHash: signingDigest(other, "GOST34311") })).toBe("BAD_SIGNATURE");
    expect(code(genuine)).toBe("OK");
  });

  it("a signature by another key under the same certificate, or a certificate with the same subject and another key, is refused", () => {
    const leafDer = signer.certDer;
    const key = attackerKey(leafDer);
    // The genuine certificate, signed with the attacker's key.
    expect(code(jkDetachedSignature(jkSignerFor(leafDer, key), gostHash(PDF), SIGNED_AT))).toBe(
      "BAD_SIGNATURE",
    );
    // A certificate like the genuine one (subject, serial, issuer, extensions) with the attacker's key, its TBS
    // signed by the attacker: the signature over the attributes is sound, the certificate is not from the CA.
    const forged = forgeCertificate(leafDer, key, key);
    const sig = jkDetachedSignature(jkSignerFor(forged, key), gostHash(PDF), SIGNED_AT);
    expect(code(sig)).toBe("UNTRUSTED_CHAIN");
    // The same forgery with the attacker's stand-in of the CA trusted instead: accepted, so the chain check is
    // what stopped it.
    const caDer = trustedCAs.find((c) => cert(SIGN_CERT).isSignedBy(c))?.der ?? new Uint8Array();
    const fakeCa = forgeCertificate(caDer, key, key);
    expect(code(sig, { trustedCAs: loadCertificates(fakeCa) })).toBe("OK");
  });

  it("a certificate issued by a CA outside the trusted set is refused", () => {
    const caDer = trustedCAs.find((c) => cert(SIGN_CERT).isSignedBy(c))?.der ?? new Uint8Array();
    // The attacker's CA: IIT's CA certificate with the attacker's key (same name and key id), self-signed; it
    // issues a certificate for the attacker's user key under the test user's name.
    const caKey = attackerKey(caDer);
    const userKey = attackerKey(signer.certDer);
    const fakeCa = forgeCertificate(caDer, caKey, caKey);
    const user = forgeCertificate(signer.certDer, userKey, caKey);
    const sig = jkDetachedSignature(jkSignerFor(user, userKey), gostHash(PDF), SIGNED_AT);
    expect(code(sig)).toBe("UNTRUSTED_CHAIN");
    expect(code(sig, { trustedCAs: loadCertificates(fakeCa) })).toBe("OK");
    // And the genuine signature with a trust list that lacks IIT's CA.
    expect(code(genuine, { trustedCAs: [cert("DiiaKey1.cer")] })).toBe("UNTRUSTED_CHAIN");
    expect(code(genuine, { trustedCAs: [] })).toBe("UNTRUSTED_CHAIN");
  });

  it("the key-agreement key's certificate (keyUsage keyAgreement) cannot sign", () => {
    const ka = iitKeyAgreement();
    expect(code(jkDetachedSignature(ka, gostHash(PDF), SIGNED_AT))).toBe("SIGNER_KEY_USAGE");
  });

  it("validity at the signing time; a signing time in the future is refused", () => {
    expect(code(jkDetachedSignature(signer, gostHash(PDF), new Date("2025-09-01T00:00:00Z")))).toBe(
      "CERT_EXPIRED_AT_SIGNING",
    );
    expect(code(jkDetachedSignature(signer, gostHash(PDF), new Date("2024-08-01T00:00:00Z")))).toBe(
      "CERT_EXPIRED_AT_SIGNING",
    );
    expect(code(genuine, { at: new Date("2025-03-14T09:00:00Z") })).toBe("SIGNING_TIME_IN_FUTURE");
    expect(code(genuine, { at: new Date("2025-03-14T09:26:00Z") })).toBe("OK"); // within the 5-minute skew
  });

  it("attached content, or signed attributes that do not name the certificate, are refused", () => {
    expect(code(jkDetachedSignature(signer, gostHash(PDF), SIGNED_AT, { attached: PDF }))).toBe(
      "NOT_DETACHED",
    );
    const withoutCertRef = jkDetachedSignature(signer, gostHash(PDF), SIGNED_AT, {
      edit: (attrs) => {
        const i = attrs.findIndex((a) => a.type === "signingCertificateV2");
        attrs.splice(i, 1);
      },
    });
    expect(code(withoutCertRef)).toBe("NO_SIGNING_CERTIFICATE_ATTR");
  });

  it("a malformed signature or a wrong expected hash is a clear error", () => {
    expect(code(new TextEncoder().encode("not a signature"))).toBe("MALFORMED");
    expect(code(genuine.subarray(0, genuine.length - 1))).not.toBe("OK");
    expect(() => verify(genuine, { expectedHash: new Uint8Array(31) })).toThrow(TypeError);
    expect(code(genuine, { hashAlgorithm: "SHA256", expectedHash: signingDigest(PDF, "SHA256") })).toBe(
      "MALFORMED",
    );
  });
});
