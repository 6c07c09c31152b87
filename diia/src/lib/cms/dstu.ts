// DSTU 4145 data formats: curve parameters in SubjectPublicKeyInfo, little-endian keys and signatures, key ids,
// and the DSTSZI key-derivation input. Pure encoding; the math is in ../primitives.ts.
import * as asn1js from "asn1js";
import {
  type CurveParams,
  DEFAULT_DKE,
  type DstuSignature,
  dstuStandardCurve,
  gost34311,
} from "../primitives.ts";
import { OID } from "./oids.ts";

export const STANDARD_M = [163, 167, 173, 179, 191, 233, 257, 307, 367, 431];

export function leToBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (let i = bytes.length - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i] ?? 0);
  return v;
}

export function bigintToLe(v: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let x = v;
  for (let i = 0; i < len; i++) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new RangeError("value does not fit");
  return out;
}

const bitLength = (v: bigint): number => v.toString(2).length;

/** Raised for DER we cannot read as DSTU data; callers map it to their own typed error. */
export class DstuFormatError extends Error {}

function parseDer(bytes: ArrayBuffer | Uint8Array): asn1js.AsnType {
  const r = asn1js.fromBER(bytes);
  if (r.offset === -1) throw new DstuFormatError("not DER");
  return r.result;
}

function intValue(node: unknown): bigint {
  if (!(node instanceof asn1js.Integer)) throw new DstuFormatError("expected INTEGER");
  return node.toBigInt();
}

function octets(node: unknown): Uint8Array {
  if (!(node instanceof asn1js.OctetString) || node.idBlock.isConstructed) {
    throw new DstuFormatError("expected OCTET STRING");
  }
  return new Uint8Array(node.valueBlock.valueHexView);
}

function seqItems(node: unknown): asn1js.AsnType[] {
  if (!(node instanceof asn1js.Sequence)) throw new DstuFormatError("expected SEQUENCE");
  return node.valueBlock.value;
}

export interface DstuKeyParams {
  readonly curve: CurveParams;
  /** Packed 64-byte S-box (DKE) for GOST 28147/34.311 tied to the key. */
  readonly dke: Uint8Array;
}

/** Reads DSTU4145Params ::= SEQUENCE { ECBinary | namedCurve OID, dke OCTET STRING OPTIONAL }. */
export function parseDstuKeyParams(der: ArrayBuffer | Uint8Array): DstuKeyParams {
  const [definition, dkeNode] = seqItems(parseDer(der));
  const dke = dkeNode === undefined ? DEFAULT_DKE : octets(dkeNode);
  if (dke.length !== 64) throw new DstuFormatError("DKE must be 64 bytes");
  if (definition instanceof asn1js.ObjectIdentifier) {
    const oid = definition.valueBlock.toString();
    const idx = oid.startsWith(OID.dstuNamedCurvePrefix)
      ? Number(oid.slice(OID.dstuNamedCurvePrefix.length))
      : -1;
    const m = STANDARD_M[idx];
    if (m === undefined) throw new DstuFormatError("unknown named curve");
    return { curve: dstuStandardCurve(m), dke };
  }
  let items = seqItems(definition);
  // version [0] EXPLICIT INTEGER DEFAULT 0
  if (items[0]?.idBlock.tagClass === 3) items = items.slice(1);
  const [fieldNode, aNode, bNode, nNode, bpNode] = items;
  const [mNode, polyNode] = seqItems(fieldNode);
  const m = Number(intValue(mNode));
  if (!Number.isInteger(m) || m < 100 || m > 600) throw new DstuFormatError("unsupported field degree");
  const ks =
    polyNode instanceof asn1js.Integer
      ? [Number(intValue(polyNode))]
      : seqItems(polyNode).map((k) => Number(intValue(k)));
  if (ks.length !== 1 && ks.length !== 3) throw new DstuFormatError("bad field polynomial");
  const a = intValue(aNode);
  if (a !== 0n && a !== 1n) throw new DstuFormatError("bad curve coefficient a");
  const n = intValue(nNode);
  if (n <= 1n) throw new DstuFormatError("bad curve order");
  const curve: CurveParams = {
    m,
    ks,
    a: a === 0n ? 0 : 1,
    b: leToBigint(octets(bNode)),
    n,
    base: leToBigint(octets(bpNode)),
  };
  return { curve, dke };
}

/** Writes explicit curve parameters and the DKE the way IIT certificates (and the Diia fixture) carry them. */
export function encodeDstuKeyParams(curve: CurveParams, dke: Uint8Array = DEFAULT_DKE): ArrayBuffer {
  const fieldLen = Math.ceil(curve.m / 8);
  const poly =
    curve.ks.length === 1
      ? new asn1js.Integer({ value: curve.ks[0] })
      : new asn1js.Sequence({ value: curve.ks.map((k) => new asn1js.Integer({ value: k })) });
  const ecBinary = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({ value: [new asn1js.Integer({ value: curve.m }), poly] }),
      new asn1js.Integer({ value: curve.a }),
      new asn1js.OctetString({ valueHex: bigintToLe(curve.b, fieldLen) }),
      asn1js.Integer.fromBigInt(curve.n),
      new asn1js.OctetString({ valueHex: bigintToLe(curve.base, fieldLen) }),
    ],
  });
  return new asn1js.Sequence({ value: [ecBinary, new asn1js.OctetString({ valueHex: dke })] }).toBER();
}

/** Public key as SubjectPublicKeyInfo carries it inside the BIT STRING: OCTET STRING of LE compressed x. */
export function encodePublicKey(curve: CurveParams, q: bigint): Uint8Array {
  return new Uint8Array(new asn1js.OctetString({ valueHex: bigintToLe(q, Math.ceil(curve.m / 8)) }).toBER());
}

export function decodePublicKey(bitStringContent: Uint8Array): bigint {
  return leToBigint(octets(parseDer(bitStringContent)));
}

/** Key identifier as IIT computes it: GOST 34.311 of the DER public-key OCTET STRING. */
export function dstuKeyId(curve: CurveParams, q: bigint): Uint8Array {
  return gost34311(encodePublicKey(curve, q));
}

const sigHalf = (curve: CurveParams): number => Math.ceil(bitLength(curve.n) / 8);

/** CMS SignerInfo signature value: r ‖ s, each little-endian over ceil(bits(n)/8) bytes. */
export function encodeSignature(curve: CurveParams, sig: DstuSignature): Uint8Array {
  const len = sigHalf(curve);
  const out = new Uint8Array(2 * len);
  out.set(bigintToLe(sig.r, len), 0);
  out.set(bigintToLe(sig.s, len), len);
  return out;
}

export function decodeSignature(bytes: Uint8Array): DstuSignature {
  if (bytes.length < 2 || bytes.length % 2 !== 0) throw new DstuFormatError("bad signature length");
  const half = bytes.length / 2;
  return { r: leToBigint(bytes.subarray(0, half)), s: leToBigint(bytes.subarray(half)) };
}

/** Certificates wrap the same r ‖ s in an OCTET STRING inside the signature BIT STRING. */
export function encodeCertSignature(curve: CurveParams, sig: DstuSignature): Uint8Array {
  return new Uint8Array(new asn1js.OctetString({ valueHex: encodeSignature(curve, sig) }).toBER());
}

export function decodeCertSignature(bitStringContent: Uint8Array): DstuSignature {
  return decodeSignature(octets(parseDer(bitStringContent)));
}

/**
 * DSTSZI KDF: KEK = GOST34311(ZZ ‖ 00000001 ‖ SharedInfo), SharedInfo = { wrap alg, [0] ukm, [2] 256 }.
 * A single leading zero byte of ZZ is dropped, as IIT's implementation does (the fixture only opens that way).
 */
export function deriveKek(zz: Uint8Array, ukm: Uint8Array | undefined): Uint8Array {
  const shared = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID.gost28147Wrap }), new asn1js.Null()],
      }),
      ...(ukm === undefined
        ? []
        : [
            new asn1js.Constructed({
              idBlock: { tagClass: 3, tagNumber: 0 },
              value: [new asn1js.OctetString({ valueHex: ukm })],
            }),
          ]),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 2 },
        value: [new asn1js.OctetString({ valueHex: new Uint8Array([0, 0, 1, 0]) })],
      }),
    ],
  });
  const z = zz[0] === 0 ? zz.subarray(1) : zz;
  const sharedDer = new Uint8Array(shared.toBER());
  const input = new Uint8Array(z.length + 4 + sharedDer.length);
  input.set(z, 0);
  input.set([0, 0, 0, 1], z.length);
  input.set(sharedDer, z.length + 4);
  return gost34311(input);
}
