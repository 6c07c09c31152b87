// OCSP responses and CRLs assembled by hand (../adversarial/asn1.ts) and signed by unmodified jkurwa + gost89
// (../adversarial/forge.ts), so a shared bug in our writer and reader cannot make a forgery pass. Every field is
// a parameter: a test changes one thing and keeps the rest genuine.
import { createHash } from "node:crypto";
import { RevocationError } from "../../src/errors.ts";
import { type Bytes, bits, ctx, int, octet, oid, seq, tlv } from "../adversarial/asn1.ts";
import { type Key, sign } from "../adversarial/forge.ts";
import { oracle } from "../fast/oracle.ts";

export const HAND_OID = {
  dstu: "1.2.804.2.1.1.1.1.3.1.1",
  gost34311: "1.2.804.2.1.1.1.1.2.1",
  sha1: "1.3.14.3.2.26",
  basic: "1.3.6.1.5.5.7.48.1.1",
  nonce: "1.3.6.1.5.5.7.48.1.2",
  crlReason: "2.5.29.21",
  crlNumber: "2.5.29.20",
  deltaCrlIndicator: "2.5.29.27",
};

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
const digits = (t: Date) =>
  `${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}Z`;
export const gtime = (t: Date) => tlv(0x18, new TextEncoder().encode(`${t.getUTCFullYear()}${digits(t)}`));
export const utime = (t: Date) =>
  tlv(0x17, new TextEncoder().encode(`${pad(t.getUTCFullYear() % 100)}${digits(t)}`));
export const enumerated = (v: number) => Uint8Array.of(0x0a, 0x01, v);
const ext = (id: string, value: Bytes, critical = false) =>
  seq(oid(id), ...(critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []), octet(value));

/** Certificate-style DSTU signature: BIT STRING { OCTET STRING { r ‖ s } } over GOST 34.311 of `tbs`. */
export const signatureBits = (key: Key, tbs: Bytes) => bits(octet(sign(key, tbs)));
const dstuAlg = () => seq(oid(HAND_OID.dstu));

export interface HandCertId {
  hashAlg?: string;
  nameHash: Bytes;
  keyHash: Bytes;
  /** INTEGER content bytes. */
  serial: Bytes;
}
/** CertID of a certificate: GOST 34.311 (gost89) of the issuer's Name DER and of its key's OCTET STRING. */
export function handCertId(issuerNameDer: Bytes, issuerKeyOctetString: Bytes, serial: Bytes): HandCertId {
  return { nameHash: oracle.hash(issuerNameDer), keyHash: oracle.hash(issuerKeyOctetString), serial };
}
const certIdDer = (c: HandCertId) =>
  seq(seq(oid(c.hashAlg ?? HAND_OID.gost34311)), octet(c.nameHash), octet(c.keyHash), tlv(0x02, c.serial));

export type HandStatus = "good" | "unknown" | { revokedAt: Date; reason?: number };
const statusDer = (s: HandStatus) =>
  s === "good"
    ? Uint8Array.of(0x80, 0)
    : s === "unknown"
      ? Uint8Array.of(0x82, 0)
      : tlv(0xa1, gtime(s.revokedAt), ...(s.reason === undefined ? [] : [ctx(0, enumerated(s.reason))]));

export interface HandOcsp {
  signKey: Key;
  /** byName: the Name DER; byKey: the key's OCTET STRING (hashed with SHA-1 here). */
  responder: { name: Bytes } | { key: Bytes };
  certId: HandCertId;
  status: HandStatus;
  producedAt: Date;
  thisUpdate: Date;
  nextUpdate?: Date;
  nonce?: Bytes;
  /** Certificates carried in certs [0]. */
  certs?: Bytes[];
  /** Changes the signed ResponseData after signing (the tamper cases). */
  afterSigning?: (tbs: Bytes) => Bytes;
}

export function handTbsResponse(o: HandOcsp): Bytes {
  const responder =
    "name" in o.responder
      ? tlv(0xa1, o.responder.name)
      : tlv(0xa2, octet(new Uint8Array(createHash("sha1").update(o.responder.key).digest())));
  const single = seq(
    certIdDer(o.certId),
    statusDer(o.status),
    gtime(o.thisUpdate),
    ...(o.nextUpdate ? [ctx(0, gtime(o.nextUpdate))] : []),
  );
  return seq(
    responder,
    gtime(o.producedAt),
    seq(single),
    ...(o.nonce ? [tlv(0xa1, seq(ext(HAND_OID.nonce, octet(o.nonce))))] : []),
  );
}

export function handOcspResponse(o: HandOcsp): Bytes {
  const tbs = handTbsResponse(o);
  const signature = signatureBits(o.signKey, tbs);
  const carried = o.afterSigning ? o.afterSigning(tbs) : tbs;
  const basic = seq(carried, dstuAlg(), signature, ...(o.certs?.length ? [ctx(0, seq(...o.certs))] : []));
  return seq(enumerated(0), ctx(0, seq(oid(HAND_OID.basic), octet(basic))));
}

export interface HandCrl {
  signKey: Key;
  issuerName: Bytes;
  thisUpdate: Date;
  nextUpdate?: Date;
  revoked: { serial: Bytes; at: Date; reason?: number }[];
  extraExtensions?: Bytes[];
  afterSigning?: (tbs: Bytes) => Bytes;
}

export function handTbsCrl(o: HandCrl): Bytes {
  const entries = o.revoked.map((r) =>
    seq(
      tlv(0x02, r.serial),
      utime(r.at),
      ...(r.reason === undefined ? [] : [seq(ext(HAND_OID.crlReason, enumerated(r.reason)))]),
    ),
  );
  return seq(
    int(1),
    dstuAlg(),
    o.issuerName,
    utime(o.thisUpdate),
    ...(o.nextUpdate ? [utime(o.nextUpdate)] : []),
    ...(entries.length ? [seq(...entries)] : []),
    ctx(0, seq(ext(HAND_OID.crlNumber, int(1)), ...(o.extraExtensions ?? []))),
  );
}

export function handCrl(o: HandCrl): Bytes {
  const tbs = handTbsCrl(o);
  const signature = signatureBits(o.signKey, tbs);
  return seq(o.afterSigning ? o.afterSigning(tbs) : tbs, dstuAlg(), signature);
}

export const deltaIndicator = () => ext(HAND_OID.deltaCrlIndicator, int(1), true);

/** The refusal's code, "OK" when accepted, untyped failures spelled out. */
export const revocationCode = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof RevocationError ? e.code : `untyped:${String(e)}`;
  }
  return "OK";
};
