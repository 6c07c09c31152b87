/**
 * OCSP (RFC 6960) with DSTU 4145 signatures and GOST 34.311 certificate ids, as a Ukrainian CA's responder at the
 * URL in a certificate's authorityInfoAccess answers: requests (`buildOcspRequest`, `parseOcspRequest` for a
 * responder) and BasicOCSPResponses (`buildOcspResponse`, and `verifyOcspResponse`, which accepts an answer only
 * when it is signed by the issuing CA or by an OCSP signer that CA certified, is about exactly the certificate
 * asked for, is current, and echoes the request's nonce).
 *
 * @example
 * import { buildOcspRequest, verifyOcspResponse } from "@stiika/diia";
 * const req = buildOcspRequest({ certificate: signer, issuer: ca });
 * const res = await fetch(signer.ocspUrls[0], { method: "POST", body: req.der, headers: { "content-type": "application/ocsp-request" } });
 * const answer = verifyOcspResponse(new Uint8Array(await res.arrayBuffer()), { certificate: signer, issuer: ca, nonce: req.nonce, now: new Date() });
 * answer.status; // { status: "good" } | { status: "revoked", revokedAt, reason } | { status: "unknown" }
 */
import { createHash, randomBytes } from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate as X509Certificate } from "@peculiar/asn1-x509";
import { type Certificate, loadCertificate } from "./certificate.ts";
import { type CertificateStatus, REVOCATION_REASONS, reasonName } from "./crl.ts";
import { bytesEqual } from "./lib/cms/bytes.ts";
import {
  Fields,
  isContext,
  isUniversal,
  type Node,
  octets as readOctets,
  oid as readOid,
  T,
} from "./lib/cms/der.ts";
import { encodePublicKey } from "./lib/cms/dstu.ts";
import { OID } from "./lib/cms/oids.ts";
import { gost34311 } from "./lib/primitives.ts";
import {
  dstuSignedBy,
  expectAlgorithm,
  parseDer,
  readExtensions,
  reading,
  readTime,
  refuse,
  SIGNATURE_OID,
  signatureContent,
} from "./lib/revocation/read.ts";
import {
  dstuAlgorithm,
  enumerated,
  explicit,
  extension,
  generalizedTime,
  integerBytes,
  octets,
  oid,
  seq,
  signatureBits,
  tlv,
} from "./lib/revocation/write.ts";
import type { KeyWithCert } from "./wrap.ts";

/** Which certificate an OCSP request or response is about (RFC 6960 §4.1.1). */
export interface CertId {
  /** The hash of the two issuer hashes; we ask with GOST 34.311. */
  hashAlgorithm: string;
  issuerNameHash: Uint8Array;
  issuerKeyHash: Uint8Array;
  /** INTEGER content of the serial, as the certificate encodes it. */
  serial: Uint8Array;
}

/**
 * The issuer's public key as the BIT STRING of its SubjectPublicKeyInfo carries it (what KeyHash covers). Besides
 * DSTU 4145 CAs this takes the CAs of ECDSA Дія.Підпис certificates, whose responders sign with DSTU 4145 keys the
 * CA certified (the sandbox's).
 */
function keyBytes(cert: Certificate): Uint8Array {
  if (cert.publicKey) return encodePublicKey(cert.publicKey.curve, cert.publicKey.q);
  try {
    const spki = AsnConvert.parse(cert.der, X509Certificate).tbsCertificate.subjectPublicKeyInfo;
    return new Uint8Array(spki.subjectPublicKey);
  } catch (cause) {
    throw refuse("UNSUPPORTED", "the certificate's public key cannot be read", cause);
  }
}

/** CertID of `certificate` issued by `issuer`, hashed with GOST 34.311. */
export function certIdOf(certificate: Certificate, issuer: Certificate): CertId {
  return {
    hashAlgorithm: OID.gost34311,
    issuerNameHash: gost34311(issuer.subjectNameDer),
    issuerKeyHash: gost34311(keyBytes(issuer)),
    serial: certificate.serialBytes,
  };
}

const writeCertId = (id: CertId) =>
  seq(
    seq(oid(id.hashAlgorithm)),
    octets(id.issuerNameHash),
    octets(id.issuerKeyHash),
    integerBytes(id.serial),
  );

export const sameCertId = (a: CertId, b: CertId) =>
  a.hashAlgorithm === b.hashAlgorithm &&
  bytesEqual(a.issuerNameHash, b.issuerNameHash) &&
  bytesEqual(a.issuerKeyHash, b.issuerKeyHash) &&
  bytesEqual(a.serial, b.serial);

function readCertId(node: Node | undefined): CertId {
  const f = new Fields(node ?? refusing("CertID"), "CertID");
  const alg = f.required((n) => isUniversal(n, T.SEQUENCE, true), "hashAlgorithm");
  const [algId, params, ...rest] = alg.children;
  if (rest.length > 0 || (params && !isUniversal(params, T.NULL, false)))
    throw refuse("MALFORMED", "the CertID's hash algorithm has unexpected parameters");
  const hashAlgorithm = readOid(algId, "hashAlgorithm");
  const issuerNameHash = readOctets(
    f.required((n) => isUniversal(n, T.OCTET_STRING), "issuerNameHash"),
    "issuerNameHash",
    false,
  );
  const issuerKeyHash = readOctets(
    f.required((n) => isUniversal(n, T.OCTET_STRING), "issuerKeyHash"),
    "issuerKeyHash",
    false,
  );
  const serial = f.required((n) => isUniversal(n, T.INTEGER, false), "serialNumber").content;
  f.end();
  if (serial.length === 0) throw refuse("MALFORMED", "the CertID's serial is empty");
  return { hashAlgorithm, issuerNameHash, issuerKeyHash, serial };
}

function refusing(what: string): never {
  throw refuse("MALFORMED", `${what} is missing`);
}

/** The nonce extension's value: the nonce as an OCTET STRING (RFC 8954 §2.1). */
const nonceExtension = (nonce: Uint8Array) => extension(OID.ocspNonce, octets(nonce));

export interface OcspRequest {
  der: Uint8Array;
  certId: CertId;
  nonce: Uint8Array | undefined;
}

/** An unsigned request for one certificate, with a fresh 20-byte nonce unless `nonce: false`. */
export function buildOcspRequest(o: {
  certificate: Certificate;
  issuer: Certificate;
  nonce?: Uint8Array | false;
}): OcspRequest {
  const certId = certIdOf(o.certificate, o.issuer);
  const nonce = o.nonce === false ? undefined : (o.nonce ?? new Uint8Array(randomBytes(20)));
  const tbs = seq(seq(seq(writeCertId(certId))), ...(nonce ? [explicit(2, seq(nonceExtension(nonce)))] : []));
  return { der: seq(tbs), certId, nonce };
}

/** Reads a request as a responder must: the certificate ids asked about and the nonce, if any. */
export function parseOcspRequest(der: Uint8Array): { certIds: CertId[]; nonce: Uint8Array | undefined } {
  return reading("OCSP request", () => {
    const root = new Fields(parseDer(der, "OCSP request"), "OCSPRequest");
    const tbsNode = root.required((n) => isUniversal(n, T.SEQUENCE, true), "tbsRequest");
    // A signature on the request ([0]) is allowed by RFC 6960 and ignored: the answer is public anyway.
    root.optional((n) => isContext(n, 0));
    root.end();
    const f = new Fields(tbsNode, "TBSRequest");
    const version = f.optional((n) => isContext(n, 0));
    if (version) throw refuse("MALFORMED", "the request writes its DEFAULT version");
    f.optional((n) => isContext(n, 1));
    const list = f.required((n) => isUniversal(n, T.SEQUENCE, true), "requestList");
    const extsNode = f.optional((n) => isContext(n, 2));
    f.end();
    if (list.children.length === 0) throw refuse("MALFORMED", "the request asks about nothing");
    const certIds = list.children.map((r) => {
      const rf = new Fields(r, "Request");
      const id = readCertId(rf.required((n) => isUniversal(n, T.SEQUENCE, true), "reqCert"));
      rf.optional((n) => isContext(n, 0));
      rf.end();
      return id;
    });
    let nonce: Uint8Array | undefined;
    if (extsNode) {
      const exts = readExtensions(extsNode.children[0] ?? refusing("requestExtensions"), "request", [
        OID.ocspNonce,
      ]);
      const n = exts.get(OID.ocspNonce);
      if (n) nonce = readOctets(parseDer(n.value, "nonce"), "nonce", false);
    }
    return { certIds, nonce };
  });
}

export const OCSP_RESPONSE_STATUS = {
  successful: 0,
  malformedRequest: 1,
  internalError: 2,
  tryLater: 3,
  sigRequired: 5,
  unauthorized: 6,
} as const;
export type OcspResponseStatus = keyof typeof OCSP_RESPONSE_STATUS;

/** An OCSPResponse carrying only an error status (no responseBytes, so unsigned, as RFC 6960 §2.3 has it). */
export function buildOcspErrorResponse(status: Exclude<OcspResponseStatus, "successful">): Uint8Array {
  return seq(enumerated(OCSP_RESPONSE_STATUS[status]));
}

export interface OcspSingleAnswer {
  certId: CertId;
  status: CertificateStatus;
  thisUpdate: Date;
  nextUpdate?: Date;
}

export interface BuildOcspResponseOptions {
  /** The key that signs: the issuing CA's, or a delegated responder's (then put its certificate in `certs`). */
  signer: KeyWithCert;
  /** Certificates to carry in the response (a delegated responder's own). */
  certs?: readonly Certificate[];
  /** ResponderID by name (default) or by key hash (SHA-1 of the key, RFC 6960 §4.2.1). */
  responderId?: "name" | "key";
  producedAt: Date;
  responses: readonly OcspSingleAnswer[];
  /** The request's nonce, echoed in responseExtensions. */
  nonce?: Uint8Array;
}

function writeStatus(s: CertificateStatus): Uint8Array {
  if (s.status === "good") return Uint8Array.of(0x80, 0x00);
  if (s.status === "unknown") return Uint8Array.of(0x82, 0x00);
  return tlv(
    0xa1,
    generalizedTime(s.revokedAt),
    ...(s.reason === undefined ? [] : [explicit(0, enumerated(REVOCATION_REASONS[s.reason]))]),
  );
}

/** A successful OCSPResponse around a BasicOCSPResponse signed by `signer` (GOST 34.311 + DSTU 4145). */
export function buildOcspResponse(o: BuildOcspResponseOptions): Uint8Array {
  const responderId =
    o.responderId === "key"
      ? tlv(0xa2, octets(createHash("sha1").update(keyBytes(o.signer.cert)).digest()))
      : tlv(0xa1, o.signer.cert.subjectNameDer);
  const singles = o.responses.map((r) =>
    seq(
      writeCertId(r.certId),
      writeStatus(r.status),
      generalizedTime(r.thisUpdate),
      ...(r.nextUpdate ? [explicit(0, generalizedTime(r.nextUpdate))] : []),
    ),
  );
  const tbs = seq(
    responderId,
    generalizedTime(o.producedAt),
    seq(...singles),
    ...(o.nonce ? [explicit(1, seq(nonceExtension(o.nonce)))] : []),
  );
  const basic = seq(
    tbs,
    dstuAlgorithm(),
    signatureBits(o.signer.key, tbs),
    ...(o.certs?.length ? [explicit(0, seq(...o.certs.map((c) => c.der)))] : []),
  );
  return seq(enumerated(0), explicit(0, seq(oid(OID.ocspBasic), octets(basic))));
}

export interface VerifyOcspOptions {
  /** The certificate asked about, and the CA that issued it (trusted: it verified the certificate). */
  certificate: Certificate;
  issuer: Certificate;
  now: Date;
  /** The nonce the request sent: the response must echo it. */
  nonce?: Uint8Array;
  /** Clock difference tolerated on producedAt / thisUpdate / nextUpdate (default 2 minutes). */
  skewMs?: number;
  /** How old an answer without nextUpdate may be (default 10 minutes). */
  maxAgeMs?: number;
}

export interface OcspAnswer {
  status: CertificateStatus;
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate: Date | undefined;
  /** Who signed: the issuing CA itself, or a responder certificate it issued for OCSP signing. */
  signedBy: "issuer" | "delegated";
}

function readStatus(node: Node | undefined): CertificateStatus {
  if (node?.cls === 2 && !node.constructed && node.tagNumber === 0 && node.content.length === 0)
    return { status: "good" };
  if (node?.cls === 2 && !node.constructed && node.tagNumber === 2 && node.content.length === 0)
    return { status: "unknown" };
  if (node?.cls === 2 && node.constructed && node.tagNumber === 1) {
    const f = new Fields(node, "RevokedInfo");
    const revokedAt = readTime(
      f.required(() => true, "revocationTime"),
      "revocationTime",
      true,
    );
    const reasonNode = f.optional((n) => isContext(n, 0));
    f.end();
    let reason: ReturnType<typeof reasonName>;
    if (reasonNode) {
      const e = reasonNode.children[0];
      if (reasonNode.children.length !== 1 || !isUniversal(e, 10, false) || e.content.length !== 1)
        throw refuse("MALFORMED", "revocationReason is not an ENUMERATED");
      reason = reasonName(e.content[0] ?? -1);
      if (reason === undefined) throw refuse("MALFORMED", "revocationReason is not a CRLReason");
    }
    return { status: "revoked", revokedAt, reason };
  }
  throw refuse("MALFORMED", "certStatus is none of good, revoked, unknown");
}

/** Whether the ResponderID names `cert`: by its subject Name, or by the SHA-1 (RFC) or GOST 34.311 (IIT) key hash. */
function names(responder: Node, cert: Certificate): boolean {
  const inner = responder.children[0];
  if (responder.children.length !== 1 || inner === undefined) throw refuse("MALFORMED", "bad ResponderID");
  if (responder.tagNumber === 1) return bytesEqual(inner.bytes, cert.subjectNameDer);
  const hash = readOctets(inner, "ResponderID byKey", false);
  if (!cert.publicKey) return false;
  const key = keyBytes(cert);
  return bytesEqual(hash, createHash("sha1").update(key).digest()) || bytesEqual(hash, gost34311(key));
}

/** A delegated responder (RFC 6960 §4.2.2.2): issued by the CA itself, for OCSP signing, current, for signing. */
function authorisedDelegate(cert: Certificate, issuer: Certificate, now: Date): boolean {
  return (
    bytesEqual(cert.issuerNameDer, issuer.subjectNameDer) &&
    cert.extendedKeyUsage.includes(OID.ocspSigning) &&
    (cert.keyUsage.length === 0 ||
      cert.keyUsage.includes("digitalSignature") ||
      cert.keyUsage.includes("nonRepudiation")) &&
    cert.isValidAt(now) &&
    cert.isSignedBy(issuer)
  );
}

/** Checks an OCSPResponse for `o.certificate`; throws RevocationError when it cannot be relied on. */
export function verifyOcspResponse(der: Uint8Array, o: VerifyOcspOptions): OcspAnswer {
  const skew = o.skewMs ?? 120_000;
  const maxAge = o.maxAgeMs ?? 600_000;
  return reading("OCSP response", () => {
    const root = new Fields(parseDer(der, "OCSP response"), "OCSPResponse");
    const statusNode = root.required((n) => isUniversal(n, 10, false), "responseStatus");
    const bytesNode = root.optional((n) => isContext(n, 0));
    root.end();
    const code = statusNode.content.length === 1 ? (statusNode.content[0] ?? -1) : -1;
    const statusName = Object.entries(OCSP_RESPONSE_STATUS).find(([, v]) => v === code)?.[0];
    if (statusName === undefined) throw refuse("MALFORMED", "responseStatus is not an OCSPResponseStatus");
    if (statusName !== "successful") {
      if (bytesNode) throw refuse("MALFORMED", "an error response carries responseBytes");
      throw refuse("RESPONDER_ERROR", `the responder answered ${statusName}`);
    }
    if (bytesNode?.children.length !== 1)
      throw refuse("MALFORMED", "a successful response has no responseBytes");
    const rb = new Fields(bytesNode.children[0] as Node, "ResponseBytes");
    const type = readOid(
      rb.required((n) => isUniversal(n, T.OID), "responseType"),
      "responseType",
    );
    const basicDer = readOctets(
      rb.required((n) => isUniversal(n, T.OCTET_STRING), "response"),
      "response",
      false,
    );
    rb.end();
    if (type !== OID.ocspBasic) throw refuse("UNSUPPORTED", `responseType ${type} is not id-pkix-ocsp-basic`);

    const basic = new Fields(parseDer(basicDer, "BasicOCSPResponse"), "BasicOCSPResponse");
    const tbsNode = basic.required((n) => isUniversal(n, T.SEQUENCE, true), "tbsResponseData");
    expectAlgorithm(
      basic.required((n) => isUniversal(n, T.SEQUENCE, true), "signatureAlgorithm"),
      SIGNATURE_OID,
      "the response's signature algorithm",
    );
    const sig = signatureContent(basic.required((n) => isUniversal(n, T.BIT_STRING), "signature"));
    const certsNode = basic.optional((n) => isContext(n, 0));
    basic.end();

    const f = new Fields(tbsNode, "ResponseData");
    if (f.optional((n) => isContext(n, 0)))
      throw refuse("MALFORMED", "the response writes its DEFAULT version");
    const responder = f.required(
      (n) => n.cls === 2 && n.constructed && (n.tagNumber === 1 || n.tagNumber === 2),
      "responderID",
    );
    const producedAt = readTime(
      f.required(() => true, "producedAt"),
      "producedAt",
      true,
    );
    const list = f.required((n) => isUniversal(n, T.SEQUENCE, true), "responses");
    const extsNode = f.optional((n) => isContext(n, 1));
    f.end();

    // Who signed. The issuer is trusted already; any other signer must be a delegate the issuer certified.
    let signer: Certificate | undefined;
    let signedBy: OcspAnswer["signedBy"] = "issuer";
    if (names(responder, o.issuer)) signer = o.issuer;
    else {
      const carried = certsNode?.children[0]?.children ?? [];
      if (
        certsNode &&
        (certsNode.children.length !== 1 || !isUniversal(certsNode.children[0], T.SEQUENCE, true))
      )
        throw refuse("MALFORMED", "certs is not a SEQUENCE OF Certificate");
      const delegate = carried
        .map((c) => {
          try {
            return loadCertificate(c.bytes);
          } catch (cause) {
            throw refuse("MALFORMED", "a carried certificate cannot be read", cause);
          }
        })
        .find((c) => names(responder, c));
      if (!delegate || !authorisedDelegate(delegate, o.issuer, o.now))
        throw refuse(
          "UNAUTHORIZED_SIGNER",
          "the response is signed by neither the issuer nor an OCSP signer it certified",
        );
      signer = delegate;
      signedBy = "delegated";
    }
    if (!dstuSignedBy(signer, tbsNode.bytes, sig))
      throw refuse("BAD_SIGNATURE", "the response's signature does not verify");

    // Only signed bytes from here on.
    const want = certIdOf(o.certificate, o.issuer);
    const singles = list.children.map((s) => {
      const sf = new Fields(s, "SingleResponse");
      const certId = readCertId(sf.required((n) => isUniversal(n, T.SEQUENCE, true), "certID"));
      const status = readStatus(sf.required(() => true, "certStatus"));
      const thisUpdate = readTime(
        sf.required(() => true, "thisUpdate"),
        "thisUpdate",
        true,
      );
      const nextNode = sf.optional((n) => isContext(n, 0));
      const singleExts = sf.optional((n) => isContext(n, 1));
      sf.end();
      if (singleExts)
        readExtensions(singleExts.children[0] ?? refusing("singleExtensions"), "single response", []);
      if (nextNode && nextNode.children.length !== 1) throw refuse("MALFORMED", "nextUpdate is not one time");
      const nextUpdate = nextNode ? readTime(nextNode.children[0], "nextUpdate", true) : undefined;
      return { certId, status, thisUpdate, nextUpdate };
    });
    const mine = singles.filter((s) => sameCertId(s.certId, want));
    if (mine.length === 0)
      throw refuse("CERT_ID_MISMATCH", "the response is not about the certificate asked for");
    if (mine.length > 1) throw refuse("MALFORMED", "the response answers for the certificate twice");
    const single = mine[0] as (typeof mine)[number];

    let echoed: Uint8Array | undefined;
    if (extsNode) {
      const exts = readExtensions(extsNode.children[0] ?? refusing("responseExtensions"), "response", [
        OID.ocspNonce,
      ]);
      echoed = exts.get(OID.ocspNonce)?.value;
    }
    // The nonce as RFC 8954 writes it (an OCTET STRING) or as older responders do (the bare bytes).
    if (o.nonce && !(echoed && (bytesEqual(echoed, octets(o.nonce)) || bytesEqual(echoed, o.nonce))))
      throw refuse("NONCE_MISMATCH", "the response does not echo the request's nonce");

    const now = o.now.getTime();
    if (producedAt.getTime() > now + skew || single.thisUpdate.getTime() > now + skew)
      throw refuse("NOT_YET_VALID", "the response is dated in the future");
    if (
      single.nextUpdate
        ? single.nextUpdate.getTime() < now - skew
        : single.thisUpdate.getTime() < now - maxAge
    )
      throw refuse("STALE", "the response is out of date");
    return {
      status: single.status,
      producedAt,
      thisUpdate: single.thisUpdate,
      nextUpdate: single.nextUpdate,
      signedBy,
    };
  });
}
