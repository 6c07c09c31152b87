// biome-ignore-all lint/style/noNonNullAssertion: typed-array indexes in the hot loops are in range by construction; a check per access would cost speed

import { FastCryptoError } from "../../errors.ts";
/**
 * DSTU 4145 curve arithmetic y² + xy = x³ + a·x² + b over GF(2^m), a ∈ {0, 1}.
 * Points are added in López–Dahab projective coordinates (x = X/Z, y = Y/Z²), so a scalar multiply needs
 * one field inversion at the end instead of one per group operation; scalars are recoded to width-w NAF,
 * with odd multiples of the point precomputed in affine form for cheaper mixed additions.
 *
 * @example
 * const c = fastCurve(params);
 * const p = c.decompress(q);           // compressed public key → point
 * const r = c.mulAdd(s, p, r);         // s·G + r·P
 */
import { boundedCache } from "./cache.ts";
import { BinaryField, bitLength, type Fe } from "./gf2m.ts";

/** Same shape as the facade's CurveParams: base point in compressed form. */
export interface FastCurveParams {
  readonly m: number;
  readonly ks: readonly number[];
  readonly a: 0 | 1;
  readonly b: bigint;
  readonly n: bigint;
  readonly base: bigint;
}

export interface Point {
  readonly x: Fe;
  readonly y: Fe;
}

/** Projective accumulator; Z = 0 is the point at infinity. */
interface LdPoint {
  X: Fe;
  Y: Fe;
  Z: Fe;
}

/** Precomputed odd multiples 1P, 3P, … and their negatives, affine. */
interface OddTable {
  pos: Point[];
  neg: Point[];
}

/** Window width for the base point (precomputed once per curve) and for other points (per multiply). */
const BASE_WINDOW = 7;
const POINT_WINDOW = 5;

export class FastCurve {
  readonly field: BinaryField;
  readonly a: 0 | 1;
  readonly b: Fe;
  readonly n: bigint;
  /** DSTU 4145 curves have cofactor 4 when a = 0 and 2 when a = 1. */
  readonly cofactor: bigint;
  readonly G: Point;
  private baseTable: OddTable | undefined;
  private readonly t1: Fe;
  private readonly t2: Fe;
  private readonly t3: Fe;

  constructor(p: FastCurveParams) {
    // Parameters may come from a sender's certificate: reject what would make later loops degenerate.
    if ((p.a !== 0 && p.a !== 1) || p.n < 3n || p.n.toString(2).length > p.m + 1) {
      throw new FastCryptoError("BAD_INPUT", "unusable curve parameters");
    }
    this.field = new BinaryField(p.m, p.ks);
    this.a = p.a;
    this.b = this.field.fromBigInt(p.b);
    this.n = p.n;
    this.cofactor = p.a === 0 ? 4n : 2n;
    [this.t1, this.t2, this.t3] = [this.field.create(), this.field.create(), this.field.create()];
    this.G = this.decompress(p.base);
  }

  /**
   * Compressed x (bit 0 carries Tr(y/x)) → point, exactly as DSTU 4145 and jkurwa decode it: bit 0 of x is
   * restored from Tr(x) = Tr(a), then y/x solves z² + z = x + a + b/x² by the half-trace.
   */
  decompress(compressed: bigint): Point {
    const f = this.field;
    let x: Fe;
    try {
      x = f.fromBigInt(compressed);
    } catch (cause) {
      throw new FastCryptoError("BAD_POINT", "compressed point does not fit the field", { cause });
    }
    const k = x[0]! & 1;
    x[0] = x[0]! & ~1;
    if (f.trace(x) !== this.a) x[0] = x[0]! | 1;
    if (f.isZero(x)) throw new FastCryptoError("BAD_POINT", "point has x = 0");
    const x2 = f.create();
    f.sqr(x2, x);
    const w = f.create();
    f.inv(w, x2);
    f.mul(w, w, this.b);
    f.add(w, w, x);
    if (this.a === 1) w[0] = w[0]! ^ 1;
    const z = f.create();
    f.halfTrace(z, w);
    const check = f.create();
    f.sqr(check, z);
    f.add(check, check, z);
    if (!f.equals(check, w)) throw new FastCryptoError("BAD_POINT", "compressed value is not on the curve");
    if (f.trace(z) !== k) z[0] = z[0]! ^ 1;
    const y = f.create();
    f.mul(y, z, x);
    return { x, y };
  }

  compress(p: Point): bigint {
    const f = this.field;
    const t = f.create();
    f.inv(t, p.x);
    f.mul(t, t, p.y);
    const x = f.toBigInt(p.x);
    return f.trace(t) === 1 ? x | 1n : x & ~1n;
  }

  contains(p: Point): boolean {
    const f = this.field;
    const l = f.create();
    const r = f.create();
    // (y + x)·y = x³ + a·x² + b  ⇔  y² + xy = …
    f.add(l, p.y, p.x);
    f.mul(l, l, p.y);
    f.sqr(r, p.x);
    if (this.a === 1) {
      const t = f.create();
      f.mul(t, r, p.x);
      f.add(r, r, t);
    } else {
      f.mul(r, r, p.x);
    }
    f.add(r, r, this.b);
    return f.equals(l, r);
  }

  /** k·P; undefined for the point at infinity. */
  mul(p: Point, k: bigint): Point | undefined {
    return this.mulAdd(0n, p, k);
  }

  /** k·G with the cached base-point table. */
  mulBase(k: bigint): Point | undefined {
    const acc = this.newAcc();
    this.interleavedWnaf(acc, [[wnaf(k, BASE_WINDOW), this.getBaseTable()]]);
    return this.toAffine(acc);
  }

  /** u·G + v·P with shared doublings (Shamir's trick); undefined for the point at infinity. */
  mulAdd(u: bigint, p: Point, v: bigint): Point | undefined {
    const acc = this.newAcc();
    const parts: [Int8Array, OddTable][] = [[wnaf(v, POINT_WINDOW), this.oddMultiples(p, POINT_WINDOW)]];
    if (u !== 0n) parts.push([wnaf(u, BASE_WINDOW), this.getBaseTable()]);
    this.interleavedWnaf(acc, parts);
    return this.toAffine(acc);
  }

  /** Left-to-right double-and-add over one or more wNAF-recoded scalars that share the doublings. */
  private interleavedWnaf(acc: LdPoint, parts: [Int8Array, OddTable][]): void {
    let top = 0;
    for (const [digits] of parts) top = Math.max(top, digits.length);
    for (let i = top - 1; i >= 0; i--) {
      this.double(acc);
      for (const [digits, table] of parts) {
        const d = digits[i] ?? 0;
        if (d > 0) this.addAffine(acc, table.pos[d >> 1]!);
        else if (d < 0) this.addAffine(acc, table.neg[-d >> 1]!);
      }
    }
  }

  private getBaseTable(): OddTable {
    this.baseTable ??= this.oddMultiples(this.G, BASE_WINDOW);
    return this.baseTable;
  }

  private newAcc(): LdPoint {
    const f = this.field;
    return { X: f.create(), Y: f.create(), Z: f.create() };
  }

  /** 1P, 3P, …, (2^(w-1) − 1)P in affine form, normalised together with one inversion. */
  private oddMultiples(p: Point, w: number): OddTable {
    const f = this.field;
    const count = 1 << (w - 2);
    const acc = this.newAcc();
    acc.X.set(p.x);
    acc.Y.set(p.y);
    acc.Z[0] = 1;
    this.double(acc);
    const twoP = this.toAffine(acc);
    if (twoP === undefined) throw new FastCryptoError("BAD_POINT", "point of small order");
    const proj: LdPoint[] = [];
    acc.X.set(p.x);
    acc.Y.set(p.y);
    acc.Z.fill(0);
    acc.Z[0] = 1;
    proj.push({ X: acc.X.slice(), Y: acc.Y.slice(), Z: acc.Z.slice() });
    for (let i = 1; i < count; i++) {
      this.addAffine(acc, twoP);
      proj.push({ X: acc.X.slice(), Y: acc.Y.slice(), Z: acc.Z.slice() });
    }
    // Montgomery's trick: invert the product of all Z, then peel off each inverse.
    const prefix: Fe[] = [];
    const run = f.one();
    for (const q of proj) {
      if (f.isZero(q.Z)) throw new FastCryptoError("BAD_POINT", "point of small order");
      prefix.push(run.slice());
      f.mul(run, run, q.Z);
    }
    const inv = f.create();
    f.inv(inv, run);
    const pos: Point[] = new Array(count);
    const neg: Point[] = new Array(count);
    const zi = f.create();
    for (let i = count - 1; i >= 0; i--) {
      const q = proj[i]!;
      f.mul(zi, inv, prefix[i]!);
      f.mul(inv, inv, q.Z);
      const x = f.create();
      const y = f.create();
      f.mul(x, q.X, zi);
      f.sqr(zi, zi);
      f.mul(y, q.Y, zi);
      const ny = f.create();
      f.add(ny, x, y);
      pos[i] = { x, y };
      neg[i] = { x, y: ny };
    }
    return { pos, neg };
  }

  private toAffine(acc: LdPoint): Point | undefined {
    const f = this.field;
    if (f.isZero(acc.Z)) return undefined;
    const zi = f.create();
    f.inv(zi, acc.Z);
    const x = f.create();
    const y = f.create();
    f.mul(x, acc.X, zi);
    f.sqr(zi, zi);
    f.mul(y, acc.Y, zi);
    return { x, y };
  }

  /** In-place doubling in López–Dahab coordinates: 4M + 5S (Hankerson et al., alg. 3.24). */
  private double(P: LdPoint): void {
    const f = this.field;
    const { t1, t2 } = this;
    // Z3 = X1²·Z1² is zero for the order-2 point (x = 0), so infinity comes out without a special case.
    if (f.isZero(P.Z)) return;
    f.sqr(t1, P.Z);
    f.sqr(t2, P.X);
    f.mul(P.Z, t1, t2);
    f.sqr(P.X, t2);
    f.sqr(t1, t1);
    f.mul(t2, t1, this.b);
    f.add(P.X, P.X, t2);
    f.sqr(t1, P.Y);
    if (this.a === 1) f.add(t1, t1, P.Z);
    f.add(t1, t1, t2);
    f.mul(P.Y, P.X, t1);
    f.mul(t1, t2, P.Z);
    f.add(P.Y, P.Y, t1);
  }

  /** In-place mixed addition P += Q (Q affine): 8M + 5S (Hankerson et al., alg. 3.25). */
  private addAffine(P: LdPoint, Q: Point): void {
    const f = this.field;
    const { t1, t2, t3 } = this;
    if (f.isZero(P.Z)) {
      P.X.set(Q.x);
      P.Y.set(Q.y);
      P.Z.fill(0);
      P.Z[0] = 1;
      return;
    }
    f.mul(t1, P.Z, Q.x);
    f.sqr(t2, P.Z);
    f.add(P.X, P.X, t1);
    f.mul(t1, P.Z, P.X);
    f.mul(t3, t2, Q.y);
    f.add(P.Y, P.Y, t3);
    if (f.isZero(P.X)) {
      if (f.isZero(P.Y)) {
        P.X.set(Q.x);
        P.Y.set(Q.y);
        P.Z.fill(0);
        P.Z[0] = 1;
        this.double(P);
      } else {
        P.Z.fill(0);
      }
      return;
    }
    f.sqr(P.Z, t1);
    f.mul(t3, t1, P.Y);
    if (this.a === 1) f.add(t1, t1, t2);
    f.sqr(t2, P.X);
    f.mul(P.X, t2, t1);
    f.sqr(t2, P.Y);
    f.add(P.X, P.X, t2);
    f.add(P.X, P.X, t3);
    f.mul(t2, Q.x, P.Z);
    f.add(t2, t2, P.X);
    f.sqr(t1, P.Z);
    f.add(t3, t3, P.Z);
    f.mul(P.Y, t3, t2);
    f.add(t2, Q.x, Q.y);
    f.mul(t3, t1, t2);
    f.add(P.Y, P.Y, t3);
  }
}

/** Width-w NAF digits of k ≥ 0, least significant first; every non-zero digit is odd and |d| < 2^(w-1). */
export function wnaf(k: bigint, w: number): Int8Array {
  if (k < 0n) throw new FastCryptoError("BAD_SCALAR", "negative scalar");
  const words = toWords(k);
  const bits = bitLength(words);
  const out = new Int8Array(bits + 1);
  const full = 1 << w;
  const half = 1 << (w - 1);
  let carry = 0;
  let i = 0;
  while (i <= bits) {
    if ((bitAt(words, i) ^ carry) === 0) {
      i++;
      continue;
    }
    let win = carry;
    for (let j = 0; j < w; j++) win += bitAt(words, i + j) << j;
    win &= full - 1;
    if (win >= half) {
      out[i] = win - full;
      carry = 1;
    } else {
      out[i] = win;
      carry = 0;
    }
    i += w;
  }
  return out;
}

function bitAt(words: Uint32Array, i: number): number {
  const w = words[i >>> 5];
  return w === undefined ? 0 : (w >>> (i & 31)) & 1;
}

export function toWords(k: bigint): Uint32Array {
  const hex = k.toString(16);
  const n = Math.ceil(hex.length / 8);
  const out = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const end = hex.length - 8 * i;
    out[i] = Number.parseInt(hex.slice(Math.max(0, end - 8), end), 16);
  }
  return out;
}

const cache = boundedCache<string, FastCurve>(16);

/** One FastCurve per distinct parameter set: building it decompresses G and later caches G's table. */
export function fastCurve(p: FastCurveParams): FastCurve {
  const key = `${p.m}/${p.ks.join(",")}/${p.a}/${p.b.toString(16)}/${p.n.toString(16)}/${p.base.toString(16)}`;
  return cache.get(key) ?? cache.put(key, new FastCurve(p));
}
