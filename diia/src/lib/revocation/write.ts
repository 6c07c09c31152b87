// DER for the CRL and OCSP structures, written field by field: each is a few nested elements, and writing them
// directly keeps the code in the shape of the ASN.1 modules of RFC 5280 §5.1 and RFC 6960 §4.
import { KeyObject, sign as nodeSign } from "node:crypto";
import type { PrivateKey } from "../../keys.ts";
import { concat } from "../cms/der.ts";
import { encodeCertSignature } from "../cms/dstu.ts";
import { OID } from "../cms/oids.ts";
import { dstuSign, gost34311 } from "../primitives.ts";

export type Der = Uint8Array;

function length(n: number): Der {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export const tlv = (tag: number, ...body: Der[]): Der => {
  const content = concat(body);
  return concat([Uint8Array.of(tag), length(content.length), content]);
};
export const seq = (...c: Der[]) => tlv(0x30, ...c);
export const octets = (b: Der) => tlv(0x04, b);
export const explicit = (n: number, inner: Der) => tlv(0xa0 | n, inner);
export const bool = (v: boolean) => Uint8Array.of(0x01, 0x01, v ? 0xff : 0x00);
export const enumerated = (v: number) => Uint8Array.of(0x0a, 0x01, v);
export const nullValue = () => Uint8Array.of(0x05, 0x00);

/** INTEGER from its two's-complement content bytes (a serial as a certificate carries it). */
export const integerBytes = (content: Der) => tlv(0x02, content);
export function integer(v: bigint | number): Der {
  let n = BigInt(v);
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if ((out[0] ?? 0) & 0x80) out.unshift(0);
  return tlv(0x02, Uint8Array.from(out));
}

export function oid(text: string): Der {
  const [a = 0, b = 0, ...rest] = text.split(".").map(Number);
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");
/** GeneralizedTime "YYYYMMDDHHMMSSZ" (whole seconds, as RFC 5280 §4.1.2.5.2 and RFC 6960 want). */
export function generalizedTime(t: Date): Der {
  const s = `${t.getUTCFullYear()}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}Z`;
  return tlv(0x18, new TextEncoder().encode(s));
}
/** Time as RFC 5280 wants it: UTCTime through 2049, GeneralizedTime after. */
export function time(t: Date): Der {
  if (t.getUTCFullYear() >= 2050) return generalizedTime(t);
  const s = `${pad(t.getUTCFullYear() % 100)}${pad(t.getUTCMonth() + 1)}${pad(t.getUTCDate())}${pad(t.getUTCHours())}${pad(t.getUTCMinutes())}${pad(t.getUTCSeconds())}Z`;
  return tlv(0x17, new TextEncoder().encode(s));
}

export const extension = (id: string, value: Der, critical = false) =>
  seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));

/** AlgorithmIdentifier of DSTU 4145 (little-endian), as certificates carry it: no parameters. */
export const dstuAlgorithm = () => seq(oid(OID.dstu4145le));

/** AlgorithmIdentifier of what `key` signs with: DSTU 4145, or ECDSA with SHA-256 for a P-256 key. */
export const signatureAlgorithm = (key: PrivateKey | KeyObject) =>
  key instanceof KeyObject ? seq(oid(OID.ecdsaWithSha256)) : dstuAlgorithm();

/**
 * The signature BIT STRING of a signed structure: GOST 34.311 of `tbs`, DSTU 4145 r ‖ s in an OCTET STRING; with a
 * P-256 key, the DER Ecdsa-Sig-Value over SHA-256 of `tbs` (RFC 5758).
 */
export function signatureBits(key: PrivateKey | KeyObject, tbs: Der): Der {
  if (key instanceof KeyObject)
    return tlv(0x03, Uint8Array.of(0), new Uint8Array(nodeSign("sha256", tbs, { key, dsaEncoding: "der" })));
  const sig = encodeCertSignature(key.curve, dstuSign(key.curve, key.d, gost34311(tbs)));
  return tlv(0x03, Uint8Array.of(0), sig);
}
