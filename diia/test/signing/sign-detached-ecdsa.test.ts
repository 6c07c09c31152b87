// signDetached with a P-256 key (the sandbox's Дія.Підпис for signAlgo "ECDSA") and issueCertificate's ECDSA
// certificates: OpenSSL (independent of our code) accepts the chain and the detached CAdES signature over the file,
// our verifier accepts it over the SHA-256 hash; another file, another key or another CA is refused by both.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildCrl, crlStatus, readCrl } from "../../src/crl.ts";
import { buildOcspRequest, buildOcspResponse, parseOcspRequest, verifyOcspResponse } from "../../src/ocsp.ts";
import {
  CERT_OID,
  createEcdsaSandboxCa,
  generateEcdsaKey,
  generateKeyPair,
  issueCertificate,
} from "../../src/pki.ts";
import { verifyDetachedSignature } from "../../src/signature.ts";
import { signDetached, signingDigest } from "../../src/signing.ts";
import { codeOf } from "../adversarial/code-of.ts";

const dir = mkdtempSync(join(tmpdir(), "stiika-ecdsa-sign-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`;

/** `openssl cms -verify` of a detached DER signature over `file`: true when OpenSSL accepts it. */
function opensslVerifies(signature: Uint8Array, file: Uint8Array, caPem: string): boolean {
  writeFileSync(join(dir, "sig.p7s"), signature);
  writeFileSync(join(dir, "file.pdf"), file);
  writeFileSync(join(dir, "ca.pem"), caPem);
  const args = ["cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file.pdf"];
  const run = spawnSync("openssl", [...args, "-CAfile", "ca.pem", "-purpose", "any", "-out", "/dev/null"], {
    cwd: dir,
  });
  return run.status === 0;
}

describe("signDetached with an ECDSA key", () => {
  const now = new Date();
  const ca = createEcdsaSandboxCa(
    { commonName: "Sandbox qualified ECDSA CA" },
    { from: new Date(now.getTime() - 86_400_000) },
  );
  const key = generateEcdsaKey();
  const cert = issueCertificate({
    key,
    subject: { commonName: "Шевченко Тарас Григорович", serialNumber: "TINUA-3652504575" },
    keyUsage: ["digitalSignature", "nonRepudiation"],
    issuer: ca,
    validFrom: new Date(now.getTime() - 3_600_000),
    profile: { drfo: "3652504575" },
  });
  const pdf = new TextEncoder().encode("%PDF-1.4\n% заява ECDSA\n%%EOF\n");
  const hash = signingDigest(pdf, "SHA256");
  const sig = signDetached(hash, { signer: { key, cert }, signingTime: now });

  it("is accepted by verifyDetachedSignature over the SHA-256 hash, with the РНОКПП", () => {
    const res = verifyDetachedSignature({
      signature: sig,
      expectedHash: hash,
      hashAlgorithm: "SHA256",
      trustedCAs: [ca.cert],
    });
    expect(res.rnokpp).toBe("3652504575");
    expect(res.signerCertificate.equals(cert)).toBe(true);
    expect(res.issuerCertificate.equals(ca.cert)).toBe(true);
    expect(cert.isSignedBy(ca.cert)).toBe(true);
    expect(cert.keyId).toMatch(/^[0-9a-f]{40}$/);
    expect(cert.authorityKeyId).toBe(ca.cert.keyId);
  });

  it("is refused over another hash, as GOST 34.311, and under another CA", () => {
    const other = signingDigest(new TextEncoder().encode("інший файл"), "SHA256");
    const base = { signature: sig, expectedHash: hash, trustedCAs: [ca.cert] } as const;
    expect(
      codeOf(() => verifyDetachedSignature({ ...base, expectedHash: other, hashAlgorithm: "SHA256" })),
    ).toBe("HASH_MISMATCH");
    expect(codeOf(() => verifyDetachedSignature({ ...base, hashAlgorithm: "GOST34311" }))).toBe("MALFORMED");
    const stranger = createEcdsaSandboxCa({ commonName: "Sandbox qualified ECDSA CA" });
    expect(
      codeOf(() =>
        verifyDetachedSignature({ ...base, hashAlgorithm: "SHA256", trustedCAs: [stranger.cert] }),
      ),
    ).toBe("UNTRUSTED_CHAIN");
  });

  it("refuses a key that is not the certificate's", () => {
    expect(() => signDetached(hash, { signer: { key: generateEcdsaKey(), cert } })).toThrow(
      expect.objectContaining({ code: "NO_SUITABLE_KEY" }),
    );
  });

  it("is accepted by OpenSSL cms -verify over the file; another file is refused", () => {
    expect(opensslVerifies(sig, pdf, pem(ca.cert.der))).toBe(true);
    expect(opensslVerifies(sig, new TextEncoder().encode("%PDF-1.4\n% інша\n"), pem(ca.cert.der))).toBe(
      false,
    );
    const stranger = createEcdsaSandboxCa({ commonName: "Sandbox qualified ECDSA CA" });
    expect(opensslVerifies(sig, pdf, pem(stranger.cert.der))).toBe(false);
    // OpenSSL reads the chain too: the certificate's extensions are what the sandbox wrote.
    writeFileSync(join(dir, "leaf.pem"), pem(cert.der));
    const text = execFileSync("openssl", ["x509", "-in", "leaf.pem", "-noout", "-text"], {
      cwd: dir,
    }).toString();
    expect(text).toContain("ecdsa-with-SHA256");
    expect(text).toContain("Digital Signature, Non Repudiation");
  });
});

describe("OCSP about an ECDSA certificate", () => {
  const now = new Date();
  const ca = createEcdsaSandboxCa(
    { commonName: "Sandbox qualified ECDSA CA" },
    { from: new Date(now.getTime() - 60_000) },
  );
  const cert = issueCertificate({
    key: generateEcdsaKey(),
    subject: { commonName: "Шевченко Тарас Григорович", serialNumber: "TINUA-3652504575" },
    keyUsage: ["digitalSignature", "nonRepudiation"],
    issuer: ca,
    validFrom: new Date(now.getTime() - 60_000),
  });
  const responderKey = generateKeyPair(257);
  const responder = {
    key: responderKey,
    cert: issueCertificate({
      key: responderKey,
      subject: { commonName: "OCSP (sandbox)" },
      keyUsage: ["digitalSignature"],
      issuer: ca,
      validFrom: new Date(now.getTime() - 60_000),
      profile: { extendedKeyUsage: [CERT_OID.ocspSigning] },
    }),
  };

  it("is asked and answered by a DSTU responder the ECDSA CA certified; a responder it did not certify is refused", () => {
    const request = buildOcspRequest({ certificate: cert, issuer: ca.cert });
    const { certIds, nonce } = parseOcspRequest(request.der);
    const answer = (signer: typeof responder) =>
      buildOcspResponse({
        signer,
        certs: [signer.cert],
        producedAt: now,
        responses: certIds.map((certId) => ({ certId, status: { status: "good" }, thisUpdate: now })),
        ...(nonce ? { nonce } : {}),
      });
    const verify = (der: Uint8Array) =>
      verifyOcspResponse(der, { certificate: cert, issuer: ca.cert, now, ...(nonce ? { nonce } : {}) });
    expect(verify(answer(responder))).toMatchObject({ status: { status: "good" }, signedBy: "delegated" });
    const other = createEcdsaSandboxCa({ commonName: "Sandbox qualified ECDSA CA" });
    const rogue = {
      ...responder,
      cert: issueCertificate({
        key: responderKey,
        subject: { commonName: "OCSP (sandbox)" },
        keyUsage: ["digitalSignature"],
        issuer: other,
        profile: { extendedKeyUsage: [CERT_OID.ocspSigning] },
      }),
    };
    expect(() => verify(answer(rogue))).toThrow(expect.objectContaining({ code: "UNAUTHORIZED_SIGNER" }));
  });
});

describe("a CRL of an ECDSA CA", () => {
  const now = new Date(Math.floor(Date.now() / 1000) * 1000);
  const ca = createEcdsaSandboxCa(
    { commonName: "Sandbox qualified ECDSA CA" },
    { from: new Date(now.getTime() - 60_000) },
  );
  const cert = issueCertificate({
    key: generateEcdsaKey(),
    subject: { commonName: "Шевченко Тарас Григорович", serialNumber: "TINUA-3652504575" },
    keyUsage: ["digitalSignature", "nonRepudiation"],
    issuer: ca,
  });
  const crl = (
    issuer = ca,
    revoked = [{ serial: cert.serialBytes, revokedAt: now, reason: "keyCompromise" as const }],
  ) =>
    buildCrl({
      issuer,
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 3_600_000),
      number: 7n,
      revoked,
    });

  it("is signed ECDSA with SHA-256 and read back: revoked, good when not listed", () => {
    const read = readCrl(crl(), { issuer: ca.cert, now });
    expect(crlStatus(read, cert)).toMatchObject({ status: "revoked", reason: "keyCompromise" });
    expect(crlStatus(readCrl(crl(ca, []), { issuer: ca.cert, now }), cert)).toEqual({ status: "good" });
  });

  it("signed by another key under the same name is refused", () => {
    const impostor = { ...createEcdsaSandboxCa({ commonName: "Sandbox qualified ECDSA CA" }), cert: ca.cert };
    expect(() => readCrl(crl(impostor), { issuer: ca.cert, now })).toThrow(
      expect.objectContaining({ code: "BAD_SIGNATURE" }),
    );
  });

  it("is verified by OpenSSL against the CA", () => {
    writeFileSync(join(dir, "ecdsa.crl"), crl());
    writeFileSync(join(dir, "ecdsa-ca.pem"), pem(ca.cert.der));
    const ok = spawnSync(
      "openssl",
      ["crl", "-inform", "DER", "-in", "ecdsa.crl", "-CAfile", "ecdsa-ca.pem", "-noout"],
      {
        cwd: dir,
      },
    );
    expect(ok.status).toBe(0);
    expect(ok.stderr.toString()).toContain("verify OK");
    const other = createEcdsaSandboxCa({ commonName: "Sandbox qualified ECDSA CA" });
    writeFileSync(join(dir, "other-ca.pem"), pem(other.cert.der));
    const bad = spawnSync(
      "openssl",
      ["crl", "-inform", "DER", "-in", "ecdsa.crl", "-CAfile", "other-ca.pem", "-noout"],
      {
        cwd: dir,
      },
    );
    expect(bad.stderr.toString()).not.toContain("verify OK");
  });
});
