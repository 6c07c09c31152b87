// The ONE door to the DSTU 4145 / GOST 28147 / GOST 34.311 primitives. Everything crosses it as plain data
// (Uint8Array, bigint, CurveParams). The hot paths run on our own implementations in ./fast/ (López–Dahab
// curve arithmetic, word-level GOST; bit-for-bit equal to jkurwa + gost89, which test/fast/ checks as the
// oracle); jkurwa only supplies the standard curve table. No jkurwa object leaves this file.
import { createRequire } from "node:module";
import { KeyError } from "../errors.ts";
import { fastDstuAgree, fastDstuPublicKey, fastDstuSign, fastDstuVerify } from "./fast/dstu4145.ts";
import { Gost28147 } from "./fast/gost28147.ts";
import { gost34311 as fastGost34311, Gost34311 } from "./fast/gost34311.ts";
import { fastKeyUnwrap, fastKeyWrap } from "./fast/keywrap.ts";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to this file
type Untyped = any;
const jk: Untyped = require("jkurwa");

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

const fieldToBigint = (f: Untyped): bigint => {
  const h: string = f.toString(true);
  return h === "" ? 0n : BigInt(`0x${h}`);
};

/** GOST 34.311-95 hash (zero start vector, default S-box), 32 bytes. */
export function gost34311(data: Uint8Array): Uint8Array {
  return fastGost34311(data);
}

const BLOCK_INDEX_1 = Uint8Array.of(0, 0, 0, 1);

/**
 * PBKDF2 with HMAC-GOST34311 (one 32-byte block), the password KDF of PBES2 key containers (IIT key files,
 * PKCS#12 bags). Equal to gost89's `pbkdf`, which cuts passwords longer than the 32-byte HMAC block instead of
 * hashing them; kept so, because that is how every container opened so far was read.
 */
export function pbkdf2Gost34311(password: Uint8Array, salt: Uint8Array, iterations: number): Uint8Array {
  const inner = new Uint8Array(32).fill(0x36);
  const outer = new Uint8Array(32).fill(0x5c);
  for (let i = 0; i < Math.min(32, password.length); i++) {
    inner[i] = (inner[i] ?? 0) ^ (password[i] ?? 0);
    outer[i] = (outer[i] ?? 0) ^ (password[i] ?? 0);
  }
  const hmac = (...message: Uint8Array[]): Uint8Array => {
    const h = new Gost34311().update(inner);
    for (const part of message) h.update(part);
    return new Gost34311().update(outer).update(h.digest()).digest();
  };
  let u = hmac(salt, BLOCK_INDEX_1);
  const key = Uint8Array.from(u);
  for (let i = 1; i < iterations; i++) {
    u = hmac(u);
    for (let k = 0; k < 32; k++) key[k] = (key[k] ?? 0) ^ (u[k] ?? 0);
  }
  return key;
}

/** The KDF of IIT's older own key-file format: GOST 34.311 of the password, then re-hashed, `rounds` in all. */
export function iitPasswordKdf(password: Uint8Array, rounds: number): Uint8Array {
  let h = fastGost34311(password);
  for (let i = 1; i < rounds; i++) h = fastGost34311(h);
  return h;
}

/** GOST 28147-89 in CFB mode (encrypt). `sbox` is the packed 64-byte DKE; default when absent. */
export function gost28147CfbEncrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, sbox?: Uint8Array) {
  return new Gost28147(key, sbox).cfbEncrypt(iv, data);
}

/** GOST 28147-89 in CFB mode (decrypt). */
export function gost28147CfbDecrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array, sbox?: Uint8Array) {
  return new Gost28147(key, sbox).cfbDecrypt(iv, data);
}

/** GOST 28147 key wrap (DSTSZI 2010) of a 32-byte content key; `iv` is 8 random bytes; 44-byte result. */
export function gost28147KeyWrap(kek: Uint8Array, cek: Uint8Array, iv: Uint8Array): Uint8Array {
  return fastKeyWrap(kek, cek, iv);
}

/** Reverses {@link gost28147KeyWrap}; undefined when the integrity check fails (wrong KEK or altered input). */
export function gost28147KeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array | undefined {
  if (wrapped.length !== 44 || kek.length !== 32) return undefined;
  try {
    return fastKeyUnwrap(kek, wrapped);
  } catch {
    return undefined;
  }
}

/** Public key (compressed) of private scalar d: Q = -d·G, as DSTU 4145 defines it. */
export function dstuPublicKey(curve: CurveParams, d: bigint): bigint {
  return fastDstuPublicKey(curve, d);
}

/**
 * DSTU 4145 signature of a 32-byte hash. `k` (the per-signature secret) is drawn uniformly in [1, n-1] when not
 * given; passing it is for test vectors only.
 */
export function dstuSign(curve: CurveParams, d: bigint, hash: Uint8Array, k?: bigint): DstuSignature {
  return fastDstuSign(curve, d, hash, k);
}

/** DSTU 4145 verification of (r, s) over a 32-byte hash with the compressed public key q. */
export function dstuVerify(curve: CurveParams, q: bigint, hash: Uint8Array, sig: DstuSignature): boolean {
  return fastDstuVerify(curve, q, hash, sig);
}

/**
 * Cofactor Diffie–Hellman: x-coordinate of (h·d)·Q as ceil(m/8) big-endian bytes — the shared secret "ZZ" that
 * the DSTSZI KDF hashes. Throws FastCryptoError (`BAD_POINT`, `BAD_SCALAR`) when q or d is not usable.
 */
export function dstuAgree(curve: CurveParams, d: bigint, q: bigint): Uint8Array {
  return fastDstuAgree(curve, d, q);
}

export { randomScalar } from "./fast/dstu4145.ts";

/**
 * Parameters of the standard DSTU 4145 curve with field degree m (named-curve OIDs …3.1.1.2.0 – .9). jkurwa's
 * table has only 257 and 431, the curves IIT and Diia use; any other m is KeyError `UNSUPPORTED_CURVE`.
 */
export function dstuStandardCurve(m: number): CurveParams {
  if (m !== 257 && m !== 431) {
    throw new KeyError("UNSUPPORTED_CURVE", `no parameters for the standard DSTU curve with m=${m}`);
  }
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
