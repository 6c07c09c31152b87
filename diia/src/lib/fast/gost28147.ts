// biome-ignore-all lint/style/noNonNullAssertion: typed-array indexes in the hot loops are in range by construction; a check per access would cost speed

import { FastCryptoError } from "../../errors.ts";
/**
 * GOST 28147-89 block cipher: CFB mode, the 32-bit MAC and the raw 32-round block function that the
 * GOST 34.311 hash reuses. The four S-box lookups and the 11-bit rotation are folded into four 256-entry
 * tables (rotation distributes over the byte lanes), and blocks stay in two 32-bit locals, so a round is four
 * loads and a few XORs instead of gost89's per-byte work.
 *
 * @example
 * const c = new Gost28147(key);            // default DSTU S-box (DKE)
 * const clear = c.cfbDecrypt(iv, cipher);
 */
import { boundedCache } from "./cache.ts";

/** DSTU 4145 default S-box (DKE) as 8 rows of 16 nibbles, row k8 first (gost89's unpacked order). */
const DEFAULT_SBOX_ROWS =
  "0102030E060D0B080F0A0C050709000403080B0506040E0A020C0107090F0D0002080907050F000B0C010D0E0A0306040F080E090702000D0C0601050B04030A03080D09060B0F0002050C0A040E01070F0605080E0B0A040C0003070209010D08000C040906070B0203010F050E0A0D0A090D060E0B04050F01030C07000802";

const tableCache = boundedCache<string, Int32Array>(16);

/**
 * Round tables for an S-box given as the 64-byte packed DKE (as certificates carry it) or omitted for the
 * default: T[256·j + v] = rotl11(S-box substitution of byte v in lane j).
 */
export function roundTables(packedDke?: Uint8Array): Int32Array {
  const key = packedDke === undefined ? "default" : Buffer.from(packedDke).toString("hex");
  const cached = tableCache.get(key);
  if (cached) return cached;
  const nib = packedDke === undefined ? Buffer.from(DEFAULT_SBOX_ROWS, "hex") : unpackDke(packedDke);
  // Rows k8..k1; lane j (0 = low byte) substitutes its low nibble with k(2j+1) and its high nibble with k(2j+2).
  const row = (k: number, v: number) => nib[(8 - k) * 16 + v]!;
  const T = new Int32Array(1024);
  for (let j = 0; j < 4; j++) {
    for (let v = 0; v < 256; v++) {
      const x = ((row(2 * j + 2, v >>> 4) << 4) | row(2 * j + 1, v & 15)) << (8 * j);
      T[256 * j + v] = (x << 11) | (x >>> 21);
    }
  }
  return tableCache.put(key, T);
}

/** 64 packed bytes → 128 nibbles, inverse of gost89's packSbox. */
function unpackDke(packed: Uint8Array): Uint8Array {
  if (packed.length !== 64) throw new FastCryptoError("BAD_INPUT", "DKE must be 64 bytes");
  const out = new Uint8Array(128);
  for (let idx = 0; idx < 128; idx += 2) {
    const byte = packed[((0x70 - (idx & 0xf0)) | (idx & 0x0f)) >> 1]!;
    out[idx] = byte >> 4;
    out[idx + 1] = byte & 15;
  }
  return out;
}

/**
 * 32-round encryption of the block (n0, n1) (little-endian words of the 8 input bytes) under key words k;
 * the result goes to out[0], out[1] as the little-endian words of the 8 output bytes.
 */
export function encryptBlock(T: Int32Array, k: Int32Array, n0: number, n1: number, out: Int32Array): void {
  const k0 = k[0]!;
  const k1 = k[1]!;
  const k2 = k[2]!;
  const k3 = k[3]!;
  const k4 = k[4]!;
  const k5 = k[5]!;
  const k6 = k[6]!;
  const k7 = k[7]!;
  let a = n0 | 0;
  let b = n1 | 0;
  let t: number;
  for (let r = 0; r < 3; r++) {
    t = (a + k0) | 0;
    b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (b + k1) | 0;
    a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (a + k2) | 0;
    b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (b + k3) | 0;
    a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (a + k4) | 0;
    b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (b + k5) | 0;
    a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (a + k6) | 0;
    b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    t = (b + k7) | 0;
    a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  }
  t = (a + k7) | 0;
  b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (b + k6) | 0;
  a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (a + k5) | 0;
  b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (b + k4) | 0;
  a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (a + k3) | 0;
  b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (b + k2) | 0;
  a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (a + k1) | 0;
  b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  t = (b + k0) | 0;
  a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
  // The last round does not swap halves.
  out[0] = b;
  out[1] = a;
}

/** The 16-round MAC transform, which keeps the half order. */
function macBlock(T: Int32Array, k: Int32Array, n0: number, n1: number, out: Int32Array): void {
  let a = n0 | 0;
  let b = n1 | 0;
  let t: number;
  for (let r = 0; r < 2; r++) {
    for (let i = 0; i < 8; i += 2) {
      t = (a + k[i]!) | 0;
      b ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
      t = (b + k[i + 1]!) | 0;
      a ^= T[t & 255]! ^ T[256 + ((t >>> 8) & 255)]! ^ T[512 + ((t >>> 16) & 255)]! ^ T[768 + (t >>> 24)]!;
    }
  }
  out[0] = a;
  out[1] = b;
}

export function keyWords(key: Uint8Array): Int32Array {
  if (key.length !== 32) throw new FastCryptoError("BAD_INPUT", "GOST 28147 key must be 32 bytes");
  const k = new Int32Array(8);
  for (let i = 0; i < 8; i++) k[i] = readLe32(key, 4 * i);
  return k;
}

function readLe32(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
}

function writeLe32(b: Uint8Array, o: number, v: number): void {
  b[o] = v;
  b[o + 1] = v >>> 8;
  b[o + 2] = v >>> 16;
  b[o + 3] = v >>> 24;
}

export class Gost28147 {
  private readonly T: Int32Array;
  private readonly k: Int32Array;
  private readonly blk = new Int32Array(2);

  /** `packedDke` is the 64-byte S-box from the algorithm parameters; the default DKE when omitted. */
  constructor(key: Uint8Array, packedDke?: Uint8Array) {
    this.k = keyWords(key);
    this.T = roundTables(packedDke);
  }

  cfbEncrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    return this.cfb(iv, data, false);
  }

  cfbDecrypt(iv: Uint8Array, data: Uint8Array): Uint8Array {
    return this.cfb(iv, data, true);
  }

  /** 32-bit MAC (first 4 bytes of the MAC state) over whole 8-byte blocks, at least two of them. */
  mac32(data: Uint8Array): Uint8Array {
    if (data.length % 8 !== 0 || data.length < 16) {
      throw new FastCryptoError("BAD_INPUT", "MAC input must be at least two whole blocks");
    }
    const { T, k, blk } = this;
    let a = 0;
    let b = 0;
    for (let o = 0; o < data.length; o += 8) {
      macBlock(T, k, a ^ readLe32(data, o), b ^ readLe32(data, o + 4), blk);
      a = blk[0]!;
      b = blk[1]!;
    }
    const out = new Uint8Array(4);
    writeLe32(out, 0, a);
    return out;
  }

  private cfb(iv: Uint8Array, data: Uint8Array, decrypt: boolean): Uint8Array {
    if (iv.length !== 8) throw new FastCryptoError("BAD_INPUT", "GOST 28147 IV must be 8 bytes");
    const { T, k, blk } = this;
    const out = new Uint8Array(data.length);
    let a = readLe32(iv, 0);
    let b = readLe32(iv, 4);
    const whole = data.length & ~7;
    for (let o = 0; o < whole; o += 8) {
      encryptBlock(T, k, a, b, blk);
      const x = readLe32(data, o);
      const y = readLe32(data, o + 4);
      const c0 = x ^ blk[0]!;
      const c1 = y ^ blk[1]!;
      writeLe32(out, o, c0);
      writeLe32(out, o + 4, c1);
      // CFB feeds the ciphertext back: our output when encrypting, the input when decrypting.
      a = decrypt ? x : c0;
      b = decrypt ? y : c1;
    }
    if (whole < data.length) {
      encryptBlock(T, k, a, b, blk);
      const gamma = new Uint8Array(8);
      writeLe32(gamma, 0, blk[0]!);
      writeLe32(gamma, 4, blk[1]!);
      for (let o = whole; o < data.length; o++) out[o] = data[o]! ^ gamma[o - whole]!;
    }
    return out;
  }
}
