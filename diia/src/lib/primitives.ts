// The ONE door to the DSTU 4145 / GOST 28147 / GOST 34.311 primitives. Everything crosses it as plain data
// (Uint8Array, bigint, CurveParams) so the jkurwa + gost89 internals can later be swapped for faster code
// (src/lib/fast/) and checked against this implementation as an oracle. No jkurwa object leaves this file.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to this file
type Untyped = any;
const jk: Untyped = require("jkurwa");
const gost89: Untyped = require("gost89");
const keywrap: Untyped = require("gost89/lib/keywrap.js");

/** A DSTU 4145 polynomial-basis curve y² + xy = x³ + a·x² + b over GF(2^m) mod x^m + Σ x^ks + 1. */
export interface CurveParams {
  readonly m: number;
  /** Exponents of the middle terms of the field polynomial (1 for a trinomial, 3 for a pentanomial). */
  readonly ks: readonly number[];
  readonly a: 0 | 1;
  readonly b: bigint;
  /** Order n of the base point. */
  readonly n: bigint;
  /** Base point in compressed form (x with the y-trace bit in bit 0), as DSTU certificates carry it. */
  readonly base: bigint;
}

/** DSTU 4145 signature as the two integers (r, s); byte encoding is the caller's business. */
export interface DstuSignature {
  readonly r: bigint;
  readonly s: bigint;
}

const gostSboxes: Untyped = require("gost89/lib/dstu.js");
/** The default DKE S-box in the 64-byte packed form that certificates and CMS parameters carry. */
export const DEFAULT_DKE: Uint8Array = Uint8Array.from(gostSboxes.packSbox(gostSboxes.defaultSbox));

const hex = (v: bigint): string => v.toString(16);
// asn1.js hands some small integers over as bignums.
const toNumber = (v: Untyped): number => (typeof v === "number" ? v : v.toNumber());
const fieldToBigint = (f: Untyped): bigint => {
  const h: string = f.toString(true);
  return h === "" ? 0n : BigInt(`0x${h}`);
};

const curveCache = new Map<string, Untyped>();
// Building a jkurwa curve precomputes base-point tables (milliseconds); keep one per distinct parameter set.
function jkCurve(c: CurveParams): Untyped {
  const key = `${c.m}/${c.ks.join(",")}/${c.a}/${hex(c.b)}/${hex(c.n)}/${hex(c.base)}`;
  let curve = curveCache.get(key);
  if (curve === undefined) {
    curve = new jk.Curve({
      m: toNumber(c.m),
      ks: c.ks.map(toNumber),
      a: [c.a],
      b: hex(c.b),
      order: hex(c.n),
      // DSTU 4145 curves have cofactor 4 when a = 0 and 2 when a = 1.
      kofactor: [c.a === 0 ? 4 : 2],
      base: hex(c.base),
    });
    curveCache.set(key, curve);
  }
  return curve;
}

const field = (curve: Untyped, v: bigint): Untyped => new jk.Field(hex(v), "hex", curve);
// Decompressing throws for x values with no point; callers turn that into "invalid key".
const point = (curve: Untyped, q: bigint): Untyped => curve.point(field(curve, q));
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

function gostCipher(sbox: Uint8Array | undefined): Untyped {
  if (sbox === undefined || Buffer.compare(buf(sbox), buf(DEFAULT_DKE)) === 0) return gost89.init();
  return gost89.init(unpackSbox(sbox));
}

/** Inverse of gost89's packSbox: 64 packed bytes → 128 nibbles in the row order gost89 expects. */
function unpackSbox(packed: Uint8Array): Uint8Array {
  if (packed.length !== 64) throw new RangeError("DKE must be 64 bytes");
  const out = new Uint8Array(128);
  for (let idx = 0; idx < 128; idx += 2) {
    const retIdx = (0x70 - (idx & 0xf0)) | (idx & 0x0f);
    const byte = packed[retIdx >> 1] ?? 0;
    out[idx] = byte >> 4;
    out[idx + 1] = byte & 0x0f;
  }
  return out;
}

/** GOST 34.311-95 hash (zero start vector, default S-box), 32 bytes. */
export function gost34311(data: Uint8Array): Uint8Array {
  return Uint8Array.from(gost89.gosthash(buf(data)));
}

/** GOST 28147-89 in CFB mode (encrypt). `sbox` is the packed 64-byte DKE; default when absent. */
export function gost28147CfbEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, sbox?: Uint8Array) {
  const ctx = gostCipher(sbox);
  ctx.key(buf(key));
  return Uint8Array.from(ctx.crypt_cfb(buf(iv), buf(data)));
}

/** GOST 28147-89 in CFB mode (decrypt). */
export function gost28147CfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, sbox?: Uint8Array) {
  const ctx = gostCipher(sbox);
  ctx.key(buf(key));
  return Uint8Array.from(ctx.decrypt_cfb(buf(iv), buf(data)));
}

/** GOST 28147 key wrap (DSTSZI 2010) of a 32-byte content key; `iv` is 8 random bytes; 44-byte result. */
export function gost28147KeyWrap(kek: Uint8Array, cek: Uint8Array, iv: Uint8Array): Uint8Array {
  return Uint8Array.from(keywrap.wrap(buf(cek), buf(kek), buf(iv)));
}

/** Reverses {@link gost28147KeyWrap}; undefined when the integrity check fails (wrong KEK or altered input). */
export function gost28147KeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  if (wrapped.length !== 44 || kek.length !== 32) return undefined;
  try {
    return Uint8Array.from(keywrap.unwrap(buf(wrapped), buf(kek)));
  } catch {
    return undefined;
  }
}

/** Public key (compressed) of private scalar d: Q = -d·G, as DSTU 4145 defines it. */
export function dstuPublicKey(curve: CurveParams, d: bigint): bigint {
  const c = jkCurve(curve);
  return fieldToBigint(new jk.Priv(c, field(c, d)).pub().point.compress());
}

/** True when the compressed value decodes to a point of order n on the curve (not the identity). */
export function dstuValidatePublicKey(curve: CurveParams, q: bigint): boolean {
  try {
    const c = jkCurve(curve);
    return new jk.Pub(c, point(c, q)).validate() === true;
  } catch {
    return false;
  }
}

// The hash enters DSTU 4145 as a little-endian field element, as IIT and jkurwa do.
const hashField = (c: Untyped, hash: Uint8Array): Untyped =>
  new jk.Field(Array.from(hash).reverse(), "buf8", c);

/**
 * DSTU 4145 signature of a 32-byte hash. `k` (the per-signature secret) is drawn uniformly in [1, n-1] when not
 * given; passing it is for test vectors only.
 */
export function dstuSign(curve: CurveParams, d: bigint, hash: Uint8Array, k?: bigint): DstuSignature {
  const c = jkCurve(curve);
  const priv = new jk.Priv(c, field(c, d));
  const h = hashField(c, hash);
  if (h.is_zero()) throw new RangeError("hash is zero");
  for (;;) {
    const sig = priv.help_sign(h, field(c, k ?? randomScalar(curve.n)));
    if (sig !== null) return { r: fieldToBigint(sig.r), s: fieldToBigint(sig.s) };
    if (k !== undefined) throw new RangeError("k gives a degenerate signature");
  }
}

/** DSTU 4145 verification of (r, s) over a 32-byte hash with the compressed public key q. */
export function dstuVerify(curve: CurveParams, q: bigint, hash: Uint8Array, sig: DstuSignature): boolean {
  if (sig.r <= 0n || sig.s <= 0n || sig.r >= curve.n || sig.s >= curve.n) return false;
  try {
    const c = jkCurve(curve);
    const pub = new jk.Pub(c, point(c, q));
    return pub.help_verify(hashField(c, hash), field(c, sig.s), field(c, sig.r)) === true;
  } catch {
    return false;
  }
}

/**
 * Cofactor Diffie–Hellman: x-coordinate of (h·d)·Q as ceil(m/8) big-endian bytes — the shared secret "ZZ" that
 * the DSTSZI KDF hashes. Throws RangeError when q is not a usable point.
 */
export function dstuAgree(curve: CurveParams, d: bigint, q: bigint): Uint8Array {
  const c = jkCurve(curve);
  const pub = new jk.Pub(c, point(c, q));
  if (!c.contains(pub.point)) throw new RangeError("peer key is not on the curve");
  return Uint8Array.from(new jk.Priv(c, field(c, d)).derive(pub));
}

/** Uniform integer in [1, n-1] by rejection sampling over node:crypto bytes (jkurwa's Curve.rand is biased/wrong). */
export function randomScalar(n: bigint): bigint {
  const bits = n.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const v = BigInt(`0x${randomBytes(bytes).toString("hex")}`) & mask;
    if (v >= 1n && v < n) return v;
  }
}

const STANDARD_M = [163, 167, 173, 179, 191, 233, 257, 307, 367, 431] as const;

/** Parameters of the standard DSTU 4145 curve with field degree m (named-curve OIDs …3.1.1.2.0 – .9). */
export function dstuStandardCurve(m: number): CurveParams {
  if (!(STANDARD_M as readonly number[]).includes(m))
    throw new RangeError(`no standard DSTU curve with m=${m}`);
  const c = jk.std_curve(`DSTU_PB_${m}`);
  return {
    m: c.m,
    ks: [...c.ks],
    a: c.param_a.is_zero() ? 0 : 1,
    b: fieldToBigint(c.param_b),
    n: fieldToBigint(c.order),
    base: fieldToBigint(c.base.compress()),
  };
}
