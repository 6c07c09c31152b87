// biome-ignore-all lint/style/noNonNullAssertion: typed-array indexes in the hot loops are in range by construction; a check per access would cost speed

/**
 * DSTU 4145-2002 signatures and cofactor Diffie–Hellman on the fast curve arithmetic, bit-for-bit compatible
 * with jkurwa: the hash enters as a little-endian field element, r is truncated to bitlen(n) − 1 bits, and the
 * public key is Q = −d·G.
 *
 * @example
 * const sig = fastDstuSign(curve, d, hash);
 * fastDstuVerify(curve, fastDstuPublicKey(curve, d), hash, sig); // true
 */
import { randomBytes } from "node:crypto";
import { FastCryptoError } from "../../errors.ts";
import { type FastCurve, type FastCurveParams, fastCurve, type Point } from "./curve.ts";
import type { Fe } from "./gf2m.ts";

export interface FastDstuSignature {
  readonly r: bigint;
  readonly s: bigint;
}

/** Compressed public key of private scalar d: Q = −d·G. */
export function fastDstuPublicKey(params: FastCurveParams, d: bigint): bigint {
  const c = fastCurve(params);
  checkScalar(c, d);
  const p = c.mulBase(d);
  if (p === undefined) throw new FastCryptoError("BAD_SCALAR", "private key is a multiple of the order");
  return c.compress(negate(c, p));
}

/** True when q decodes to a point of order n (full check, one scalar multiply). */
export function fastDstuValidatePublicKey(params: FastCurveParams, q: bigint): boolean {
  try {
    const c = fastCurve(params);
    const p = c.decompress(q);
    return c.contains(p) && c.mul(p, c.n) === undefined;
  } catch (e) {
    if (e instanceof FastCryptoError) return false;
    throw e;
  }
}

/** Signature of a hash; `k` is for test vectors only, otherwise drawn uniformly in [1, n−1]. */
export function fastDstuSign(
  params: FastCurveParams,
  d: bigint,
  hash: Uint8Array,
  k?: bigint,
): FastDstuSignature {
  const c = fastCurve(params);
  checkScalar(c, d);
  const h = hashToField(c, hash);
  if (c.field.isZero(h)) throw new FastCryptoError("BAD_INPUT", "hash is zero");
  for (;;) {
    const e = k ?? randomScalar(c.n);
    const r = signR(c, h, e);
    if (r !== undefined) {
      const s = (d * r + e) % c.n;
      if (s !== 0n) return { r, s };
    }
    if (k !== undefined) throw new FastCryptoError("BAD_SCALAR", "k gives a degenerate signature");
  }
}

/** Verifies (r, s) over a hash with the compressed public key q; false for anything malformed. */
export function fastDstuVerify(
  params: FastCurveParams,
  q: bigint,
  hash: Uint8Array,
  sig: FastDstuSignature,
): boolean {
  try {
    const c = fastCurve(params);
    if (sig.r <= 0n || sig.s <= 0n || sig.r >= c.n || sig.s >= c.n) return false;
    const p = c.decompress(q);
    const R = c.mulAdd(sig.s, p, sig.r);
    return R !== undefined && truncatedProduct(c, hashToField(c, hash), R.x) === sig.r;
  } catch (e) {
    // Unusable curve, key or hash: the signature does not verify.
    if (e instanceof FastCryptoError) return false;
    throw e;
  }
}

/** Cofactor DH: x of (h·d)·Q as ceil(m/8) big-endian bytes (the "ZZ" the DSTSZI KDF hashes). */
export function fastDstuAgree(params: FastCurveParams, d: bigint, q: bigint): Uint8Array {
  const c = fastCurve(params);
  checkScalar(c, d);
  const p = c.decompress(q);
  const z = c.mul(p, d * c.cofactor);
  if (z === undefined) throw new FastCryptoError("BAD_POINT", "shared point is at infinity");
  const len = Math.ceil(c.field.m / 8);
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[len - 1 - i] = (z.x[i >>> 2]! >>> (8 * (i & 3))) & 255;
  return out;
}

/** Uniform integer in [1, n−1] by rejection sampling. */
export function randomScalar(n: bigint): bigint {
  const bits = n.toString(2).length;
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const v = BigInt(`0x${randomBytes(Math.ceil(bits / 8)).toString("hex")}`) & mask;
    if (v >= 1n && v < n) return v;
  }
}

function signR(c: FastCurve, h: Fe, e: bigint): bigint | undefined {
  const R = c.mulBase(e);
  if (R === undefined || c.field.isZero(R.x)) return undefined;
  const r = truncatedProduct(c, h, R.x);
  return r === 0n ? undefined : r;
}

/** h·x in the field, cut to bitlen(n) − 1 bits so it is below n. */
function truncatedProduct(c: FastCurve, h: Fe, x: Fe): bigint {
  const t = c.field.create();
  c.field.mul(t, h, x);
  const bits = BigInt(c.n.toString(2).length - 1);
  return c.field.toBigInt(t) & ((1n << bits) - 1n);
}

/** Little-endian hash bytes → field element, reduced modulo the field polynomial. */
function hashToField(c: FastCurve, hash: Uint8Array): Fe {
  const f = c.field;
  if (hash.length > 4 * f.productWords)
    throw new FastCryptoError("BAD_INPUT", "hash is too long for the curve");
  const C = new Uint32Array(f.productWords);
  for (let i = 0; i < hash.length; i++) C[i >>> 2]! |= hash[i]! << (8 * (i & 3));
  const out = f.create();
  f.reduce(out, C);
  return out;
}

function negate(c: FastCurve, p: Point): Point {
  const y = c.field.create();
  c.field.add(y, p.x, p.y);
  return { x: p.x, y };
}

function checkScalar(c: FastCurve, d: bigint): void {
  if (d <= 0n || d >= c.n) throw new FastCryptoError("BAD_SCALAR", "private key out of range");
}
