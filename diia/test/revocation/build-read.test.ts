// Our writers (what the sandbox serves) read back through the strict readers, and requests carry what a
// responder needs. The readers themselves are attacked in adversarial.test.ts with hand-built input.
import { describe, expect, it } from "vitest";
import { buildCrl, crlStatus, readCrl } from "../../src/crl.ts";
import {
  buildOcspErrorResponse,
  buildOcspRequest,
  buildOcspResponse,
  certIdOf,
  parseOcspRequest,
  sameCertId,
  verifyOcspResponse,
} from "../../src/ocsp.ts";
import {
  CERT_OID,
  createSandboxCa,
  createSandboxIdentity,
  generateKeyPair,
  issueCertificate,
} from "../../src/pki.ts";
import { revocationCode } from "./hand.ts";

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const later = (min: number) => new Date(now.getTime() + min * 60_000);
const ca = createSandboxCa({ commonName: "ЦСК" }, { from: later(-60) });
const signer = createSandboxIdentity(ca, { commonName: "Дія" }, { from: later(-60) }).signer.cert;

describe("OCSP request and response", () => {
  it("a request names the certificate by GOST 34.311 hashes of the issuer and carries a nonce", () => {
    const req = buildOcspRequest({ certificate: signer, issuer: ca.cert });
    const parsed = parseOcspRequest(req.der);
    expect(parsed.certIds).toHaveLength(1);
    expect(sameCertId(parsed.certIds[0] as never, certIdOf(signer, ca.cert))).toBe(true);
    // IIT's key identifier is the same GOST hash of the key: the issuer key hash equals the CA's SKI.
    expect(Buffer.from(req.certId.issuerKeyHash).toString("hex")).toBe(ca.cert.keyId);
    expect(parsed.nonce).toEqual(req.nonce);
    expect(req.nonce).toHaveLength(20);
    expect(
      parseOcspRequest(buildOcspRequest({ certificate: signer, issuer: ca.cert, nonce: false }).der).nonce,
    ).toBe(undefined);
  });

  it("responses signed by the CA or its delegated responder verify, with their status and dates", () => {
    const req = buildOcspRequest({ certificate: signer, issuer: ca.cert });
    const single = { certId: req.certId, thisUpdate: now, nextUpdate: later(5) };
    const good = buildOcspResponse({
      signer: ca,
      producedAt: now,
      responses: [{ ...single, status: { status: "good" } }],
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    const opts = { certificate: signer, issuer: ca.cert, now, ...(req.nonce ? { nonce: req.nonce } : {}) };
    expect(verifyOcspResponse(good, opts)).toMatchObject({
      status: { status: "good" },
      signedBy: "issuer",
      nextUpdate: later(5),
    });

    const key = generateKeyPair(257);
    const responder = {
      key,
      cert: issueCertificate({
        key,
        subject: { commonName: "OCSP" },
        keyUsage: ["digitalSignature"],
        issuer: ca,
        validFrom: later(-60),
        profile: { extendedKeyUsage: [CERT_OID.ocspSigning] },
      }),
    };
    const revoked = buildOcspResponse({
      signer: responder,
      certs: [responder.cert],
      responderId: "key",
      producedAt: now,
      responses: [{ ...single, status: { status: "revoked", revokedAt: later(-1), reason: "superseded" } }],
      ...(req.nonce ? { nonce: req.nonce } : {}),
    });
    expect(verifyOcspResponse(revoked, opts)).toMatchObject({
      status: { status: "revoked", revokedAt: later(-1), reason: "superseded" },
      signedBy: "delegated",
    });
    expect(revocationCode(() => verifyOcspResponse(buildOcspErrorResponse("tryLater"), opts))).toBe(
      "RESPONDER_ERROR",
    );
  });
});

describe("CRL", () => {
  it("lists revoked serials with time and reason; the rest are good", () => {
    const der = buildCrl({
      issuer: ca,
      thisUpdate: now,
      nextUpdate: later(60),
      number: 3n,
      revoked: [{ serial: signer.serialBytes, revokedAt: later(-2), reason: "keyCompromise" }],
    });
    const crl = readCrl(der, { issuer: ca.cert, now });
    expect(crl.number).toBe(3n);
    expect(crlStatus(crl, signer)).toEqual({
      status: "revoked",
      revokedAt: later(-2),
      reason: "keyCompromise",
    });
    const empty = readCrl(
      buildCrl({ issuer: ca, thisUpdate: now, nextUpdate: later(60), number: 4n, revoked: [] }),
      {
        issuer: ca.cert,
        now,
      },
    );
    expect(crlStatus(empty, signer)).toEqual({ status: "good" });
  });

  it("a CA whose certificate may not sign CRLs is refused", () => {
    const key = generateKeyPair(257);
    const notCrl = {
      key,
      cert: issueCertificate({ key, subject: { commonName: "ЦСК" }, keyUsage: ["keyCertSign"] }),
    };
    const der = buildCrl({ issuer: notCrl, thisUpdate: now, nextUpdate: later(60), number: 1n, revoked: [] });
    expect(revocationCode(() => readCrl(der, { issuer: notCrl.cert, now }))).toBe("UNAUTHORIZED_SIGNER");
  });
});
