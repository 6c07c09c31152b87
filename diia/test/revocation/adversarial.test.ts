// Be the attacker against the revocation readers: every OCSP response and CRL here is assembled by hand and
// signed by jkurwa (./hand.ts). Each trick is refused with its code, and the same answer without the trick passes,
// so it is the check under test, not some other one, that stops it.
import { describe, expect, it } from "vitest";
import { type Certificate, loadCertificate } from "../../src/certificate.ts";
import { crlStatus, readCrl } from "../../src/crl.ts";
import { verifyOcspResponse } from "../../src/ocsp.ts";
import {
  CERT_OID,
  createSandboxCa,
  createSandboxIdentity,
  generateKeyPair,
  issueCertificate,
} from "../../src/pki.ts";
import type { KeyWithCert } from "../../src/wrap.ts";
import { at, cat, element, items, rebuild } from "../adversarial/asn1.ts";
import { certInfo } from "../adversarial/forge.ts";
import {
  deltaIndicator,
  HAND_OID,
  type HandCrl,
  type HandOcsp,
  handCertId,
  handCrl,
  handOcspResponse,
  revocationCode,
} from "./hand.ts";

const now = new Date(Math.floor(Date.now() / 1000) * 1000);
const minutes = (n: number) => new Date(now.getTime() + n * 60_000);

/** The key's OCTET STRING inside a certificate's SubjectPublicKeyInfo BIT STRING, cut out by hand. */
function keyOctets(der: Uint8Array): Uint8Array {
  const fields = items(at(der, 0));
  const spki = fields[(fields[0]?.[0] ?? 0) === 0xa0 ? 6 : 5] as Uint8Array;
  return element(at(spki, 1)).body.subarray(1);
}
/** The subject Name of a certificate, by hand. */
const subjectOf = (der: Uint8Array) => {
  const fields = items(at(der, 0));
  return fields[(fields[0]?.[0] ?? 0) === 0xa0 ? 5 : 4] as Uint8Array;
};

const ca = createSandboxCa({ commonName: "ЦСК пісочниці" });
const signer = createSandboxIdentity(ca, { commonName: "ДП ДІЯ (пісочниця)" }).signer.cert;
// Another CA under the very same name: its key is the only difference.
const impostor = createSandboxCa({ commonName: "ЦСК пісочниці" });
const caName = subjectOf(ca.cert.der);
const caKey = keyOctets(ca.cert.der);
const serial = element(certInfo(signer.der).serial).body;
const certId = handCertId(caName, caKey, serial);

function delegate(opts: { issuer: KeyWithCert; ocspSigning: boolean }): KeyWithCert {
  const key = generateKeyPair(257);
  const cert = issueCertificate({
    key,
    subject: { commonName: "OCSP-сервер ЦСК пісочниці" },
    keyUsage: ["digitalSignature"],
    issuer: opts.issuer,
    validFrom: minutes(-60),
    profile: opts.ocspSigning ? { extendedKeyUsage: [CERT_OID.ocspSigning] } : {},
  });
  return { key, cert };
}

const genuine = (over: Partial<HandOcsp> = {}): HandOcsp => ({
  signKey: ca.key,
  responder: { name: caName },
  certId,
  status: "good",
  producedAt: now,
  thisUpdate: now,
  nextUpdate: minutes(60),
  ...over,
});
const verify = (der: Uint8Array, nonce?: Uint8Array, cert: Certificate = signer) =>
  verifyOcspResponse(der, { certificate: cert, issuer: ca.cert, now, ...(nonce ? { nonce } : {}) });
const ocspCode = (o: HandOcsp, nonce?: Uint8Array) =>
  revocationCode(() => verify(handOcspResponse(o), nonce));

describe("OCSP responses built by hand", () => {
  it("accepts the genuine answers: good, revoked with reason and time, unknown", () => {
    expect(verify(handOcspResponse(genuine())).status).toEqual({ status: "good" });
    expect(
      verify(handOcspResponse(genuine({ status: { revokedAt: minutes(-5), reason: 1 } }))).status,
    ).toEqual({
      status: "revoked",
      revokedAt: minutes(-5),
      reason: "keyCompromise",
    });
    expect(verify(handOcspResponse(genuine({ status: "unknown" }))).status).toEqual({ status: "unknown" });
  });

  it("wrong signer: another key under the CA's name, or a responder certificate the CA did not issue", () => {
    expect(ocspCode(genuine({ signKey: impostor.key }))).toBe("BAD_SIGNATURE");
    const foreign = delegate({ issuer: impostor, ocspSigning: true });
    const byForeign = genuine({
      signKey: foreign.key,
      responder: { name: subjectOf(foreign.cert.der) },
      certs: [foreign.cert.der],
    });
    expect(ocspCode(byForeign)).toBe("UNAUTHORIZED_SIGNER");
    // The same responder certificate, issued by our CA, is a valid delegate.
    const ours = delegate({ issuer: ca, ocspSigning: true });
    const byOurs = genuine({
      signKey: ours.key,
      responder: { key: keyOctets(ours.cert.der) },
      certs: [ours.cert.der],
    });
    expect(ocspCode(byOurs)).toBe("OK");
    expect(verify(handOcspResponse(byOurs)).signedBy).toBe("delegated");
  });

  it("wrong signer: a certificate of the CA's without id-kp-OCSPSigning may not answer for it", () => {
    const plain = delegate({ issuer: ca, ocspSigning: false });
    expect(
      ocspCode(
        genuine({
          signKey: plain.key,
          responder: { name: subjectOf(plain.cert.der) },
          certs: [plain.cert.der],
        }),
      ),
    ).toBe("UNAUTHORIZED_SIGNER");
  });

  it("stale or future-dated answers are refused", () => {
    expect(ocspCode(genuine({ thisUpdate: minutes(-120), nextUpdate: minutes(-60) }))).toBe("STALE");
    // Without nextUpdate an answer is good for a few minutes only.
    const { nextUpdate: _, ...open } = genuine({ thisUpdate: minutes(-60) });
    expect(ocspCode(open)).toBe("STALE");
    expect(ocspCode({ ...open, thisUpdate: minutes(-1) })).toBe("OK");
    expect(ocspCode(genuine({ thisUpdate: minutes(30) }))).toBe("NOT_YET_VALID");
    expect(ocspCode(genuine({ thisUpdate: minutes(-120), nextUpdate: minutes(1) }))).toBe("OK");
  });

  it("an answer about another certificate: other serial, other issuer key, other hash algorithm", () => {
    const other = Uint8Array.from(serial);
    other[other.length - 1] = (other[other.length - 1] ?? 0) ^ 1;
    expect(ocspCode(genuine({ certId: { ...certId, serial: other } }))).toBe("CERT_ID_MISMATCH");
    expect(ocspCode(genuine({ certId: handCertId(caName, keyOctets(impostor.cert.der), serial) }))).toBe(
      "CERT_ID_MISMATCH",
    );
    expect(ocspCode(genuine({ certId: { ...certId, hashAlg: HAND_OID.sha1 } }))).toBe("CERT_ID_MISMATCH");
    expect(ocspCode(genuine({ certId }))).toBe("OK");
  });

  it("nonce: another one, or none, when the request sent one", () => {
    const nonce = Uint8Array.from({ length: 20 }, (_, i) => i + 1);
    expect(ocspCode(genuine({ nonce: Uint8Array.from(nonce).reverse() }), nonce)).toBe("NONCE_MISMATCH");
    expect(ocspCode(genuine(), nonce)).toBe("NONCE_MISMATCH");
    expect(ocspCode(genuine({ nonce }), nonce)).toBe("OK");
  });

  it("a signed 'revoked' answer whose status is changed to good without signing again", () => {
    const revoked = genuine({ status: { revokedAt: minutes(-5) } });
    // certStatus [1] { revocationTime } → [0] NULL, the rest of ResponseData untouched.
    const toGood = (tbs: Uint8Array) => {
      const [responder, produced, responses] = items(tbs) as [Uint8Array, Uint8Array, Uint8Array];
      const single = items(responses)[0] as Uint8Array;
      const [id, , ...rest] = items(single) as [Uint8Array, Uint8Array, ...Uint8Array[]];
      const forged = rebuild(single, [id, Uint8Array.of(0x80, 0), ...rest]);
      return rebuild(tbs, [responder, produced, rebuild(responses, [forged])]);
    };
    expect(ocspCode({ ...revoked, afterSigning: toGood })).toBe("BAD_SIGNATURE");
    expect(ocspCode(revoked)).toBe("OK");
  });

  it("error statuses and broken framing are typed refusals", () => {
    expect(revocationCode(() => verify(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03)))).toBe("RESPONDER_ERROR");
    const good = handOcspResponse(genuine());
    expect(revocationCode(() => verify(cat(good, Uint8Array.of(0))))).toBe("MALFORMED");
    expect(revocationCode(() => verify(good.subarray(0, good.length - 3)))).toBe("MALFORMED");
  });
});

const crlOf = (over: Partial<HandCrl> = {}): HandCrl => ({
  signKey: ca.key,
  issuerName: caName,
  thisUpdate: minutes(-10),
  nextUpdate: minutes(60),
  revoked: [{ serial, at: minutes(-5), reason: 1 }],
  ...over,
});
const read = (der: Uint8Array) => readCrl(der, { issuer: ca.cert, now });
const crlCode = (o: HandCrl) => revocationCode(() => read(handCrl(o)));

describe("CRLs built by hand", () => {
  it("reads a genuine CRL: the listed certificate revoked (time, reason), an empty one good", () => {
    expect(crlStatus(read(handCrl(crlOf())), signer)).toEqual({
      status: "revoked",
      revokedAt: minutes(-5),
      reason: "keyCompromise",
    });
    expect(crlStatus(read(handCrl(crlOf({ revoked: [] }))), signer)).toEqual({ status: "good" });
  });

  it("wrong signer or issuer: another key under the same name; another name", () => {
    expect(crlCode(crlOf({ signKey: impostor.key }))).toBe("BAD_SIGNATURE");
    const stranger = subjectOf(createSandboxCa({ commonName: "Інший ЦСК" }).cert.der);
    expect(crlCode(crlOf({ issuerName: stranger }))).toBe("WRONG_ISSUER");
  });

  it("stale, future or undated CRLs are refused", () => {
    expect(crlCode(crlOf({ thisUpdate: minutes(-120), nextUpdate: minutes(-30) }))).toBe("STALE");
    expect(crlCode(crlOf({ thisUpdate: minutes(30) }))).toBe("NOT_YET_VALID");
    const { nextUpdate: _, ...undated } = crlOf();
    expect(crlCode(undated)).toBe("MALFORMED");
  });

  it("an entry taken off a signed CRL breaks its signature", () => {
    const dropEntries = (tbs: Uint8Array) => {
      const f = items(tbs);
      return rebuild(tbs, [...f.slice(0, 5), ...f.slice(6)]);
    };
    expect(crlCode(crlOf({ afterSigning: dropEntries }))).toBe("BAD_SIGNATURE");
  });

  it("a delta CRL (critical deltaCRLIndicator) is not taken for a full one", () => {
    expect(crlCode(crlOf({ extraExtensions: [deltaIndicator()] }))).toBe("UNKNOWN_CRITICAL_EXTENSION");
  });

  it("the CRL of one CA says nothing about another CA's certificates", () => {
    const theirs = createSandboxIdentity(impostor, { commonName: "x" }).signer.cert;
    const other = loadCertificate(theirs.der);
    expect(revocationCode(() => crlStatus(read(handCrl(crlOf())), other))).toBe("OK");
    const foreignIssuer = createSandboxIdentity(createSandboxCa({ commonName: "Інший ЦСК" }), {
      commonName: "y",
    });
    expect(revocationCode(() => crlStatus(read(handCrl(crlOf())), foreignIssuer.signer.cert))).toBe(
      "WRONG_ISSUER",
    );
  });
});
