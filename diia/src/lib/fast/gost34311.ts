// biome-ignore-all lint/style/noNonNullAssertion: typed-array indexes in the hot loops are in range by construction; a check per access would cost speed

/**
 * GOST 34.311-95 hash (zero start vector, GOST 28147 with the default DSTU S-box), as gost89 computes it.
 * The 256-bit state lives in eight little-endian 32-bit words; the key derivation (A, P and the C3 constant)
 * works on words, and the ψ^12 / ψ / ψ^61 mixing runs as one 16-bit LFSR over a 90-word buffer instead of
 * 74 full-block shifts.
 *
 * @example
 * const digest = gost34311(new TextEncoder().encode("test data")); // 32 bytes
 */
import { encryptBlock, roundTables } from "./gost28147.ts";

/** Bytes of U complemented by the C3 constant (positions 1,3,5,7,8,10,…,31), as 32-bit word masks. */
const C3 = [0xff00ff00, 0xff00ff00, 0x00ff00ff, 0x00ff00ff, 0x00ffff00, 0xff0000ff, 0x000000ff, 0xff00ffff];

export class Gost34311 {
  private readonly T = roundTables();
  private readonly H = new Int32Array(8);
  private readonly sum = new Int32Array(8);
  private readonly M = new Int32Array(8);
  private readonly U = new Int32Array(8);
  private readonly V = new Int32Array(8);
  private readonly W = new Int32Array(8);
  private readonly S = new Int32Array(8);
  private readonly K = new Int32Array(8);
  private readonly blk = new Int32Array(2);
  private readonly lfsr = new Uint16Array(16 + 74);
  private readonly pending = new Uint8Array(32);
  private pendingLen = 0;
  private length = 0;

  update(data: Uint8Array): this {
    let o = 0;
    this.length += data.length;
    if (this.pendingLen > 0) {
      const take = Math.min(32 - this.pendingLen, data.length);
      this.pending.set(data.subarray(0, take), this.pendingLen);
      this.pendingLen += take;
      o = take;
      if (this.pendingLen < 32) return this;
      this.block(this.pending, 0);
      this.pendingLen = 0;
    }
    for (; o + 32 <= data.length; o += 32) this.block(data, o);
    if (o < data.length) {
      this.pending.set(data.subarray(o));
      this.pendingLen = data.length - o;
    }
    return this;
  }

  digest(): Uint8Array {
    if (this.pendingLen > 0) {
      this.pending.fill(0, this.pendingLen);
      this.block(this.pending, 0);
    }
    const M = this.M;
    const bits = this.length * 8;
    M.fill(0);
    M[0] = bits % 0x100000000;
    M[1] = Math.floor(bits / 0x100000000);
    this.step(M);
    M.set(this.sum);
    this.step(M);
    const out = new Uint8Array(32);
    for (let i = 0; i < 32; i++) out[i] = this.H[i >>> 2]! >>> (8 * (i & 3));
    return out;
  }

  private block(data: Uint8Array, o: number): void {
    const M = this.M;
    const sum = this.sum;
    let carry = 0;
    for (let i = 0; i < 8; i++) {
      const p = o + 4 * i;
      const w = data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
      M[i] = w;
      const s = (sum[i]! >>> 0) + (w >>> 0) + carry;
      sum[i] = s;
      carry = s > 0xffffffff ? 1 : 0;
    }
    this.step(M);
  }

  /** H ← χ(H, M): four GOST encryptions of H's quarters under keys derived from H and M, then ψ mixing. */
  private step(M: Int32Array): void {
    const { H, U, V, W, S, K, T, blk } = this;
    for (let i = 0; i < 8; i++) {
      U[i] = H[i]!;
      V[i] = M[i]!;
    }
    for (let q = 0; q < 4; q++) {
      if (q > 0) {
        transformA(U);
        if (q === 2) for (let i = 0; i < 8; i++) U[i] = U[i]! ^ C3[i]!;
        transformA(V);
        transformA(V);
      }
      for (let i = 0; i < 8; i++) W[i] = U[i]! ^ V[i]!;
      transformP(W, K);
      encryptBlock(T, K, H[2 * q]!, H[2 * q + 1]!, blk);
      S[2 * q] = blk[0]!;
      S[2 * q + 1] = blk[1]!;
    }
    // ψ^61(H ⊕ ψ(M ⊕ ψ^12(S))), with ψ as an LFSR over 16-bit words (word 0 = lowest bytes).
    const L = this.lfsr;
    for (let i = 0; i < 8; i++) {
      L[2 * i] = S[i]!;
      L[2 * i + 1] = S[i]! >>> 16;
    }
    psi(L, 0, 12);
    for (let i = 0; i < 8; i++) {
      L[12 + 2 * i] = L[12 + 2 * i]! ^ M[i]!;
      L[13 + 2 * i] = L[13 + 2 * i]! ^ (M[i]! >>> 16);
    }
    psi(L, 12, 13);
    for (let i = 0; i < 8; i++) {
      L[13 + 2 * i] = L[13 + 2 * i]! ^ H[i]!;
      L[14 + 2 * i] = L[14 + 2 * i]! ^ (H[i]! >>> 16);
    }
    psi(L, 13, 74);
    for (let i = 0; i < 8; i++) H[i] = L[74 + 2 * i]! | (L[75 + 2 * i]! << 16);
  }
}

/** Advances the ψ LFSR: the window starting at `to` is ψ^(to−from) of the window at `from`. */
function psi(L: Uint16Array, from: number, to: number): void {
  for (let i = from; i < to; i++)
    L[i + 16] = L[i]! ^ L[i + 1]! ^ L[i + 2]! ^ L[i + 3]! ^ L[i + 12]! ^ L[i + 15]!;
}

/** A(y4‖y3‖y2‖y1) = (y1 ⊕ y2)‖y4‖y3‖y2 on 64-bit lanes (two words each, lowest lane first). */
function transformA(Y: Int32Array): void {
  const a = Y[0]! ^ Y[2]!;
  const b = Y[1]! ^ Y[3]!;
  for (let i = 0; i < 6; i++) Y[i] = Y[i + 2]!;
  Y[6] = a;
  Y[7] = b;
}

/** P: key byte 4t+i is block byte 8i+t; as words, key word t gathers byte t%4 of words t/4, t/4+2, +4, +6. */
function transformP(W: Int32Array, K: Int32Array): void {
  for (let t = 0; t < 8; t++) {
    const w = t >>> 2;
    const sh = 8 * (t & 3);
    K[t] =
      ((W[w]! >>> sh) & 255) |
      (((W[w + 2]! >>> sh) & 255) << 8) |
      (((W[w + 4]! >>> sh) & 255) << 16) |
      (((W[w + 6]! >>> sh) & 255) << 24);
  }
}

/** One-shot GOST 34.311 digest. */
export function gost34311(data: Uint8Array): Uint8Array {
  return new Gost34311().update(data).digest();
}
