/**
 * GOST 28147 key wrap of DSTSZI 2010 (as gost89 implements it) on the fast cipher:
 * wrapped = CFB_KEK(WRAP_IV, reverse(iv ‖ CFB_KEK(iv, cek ‖ MAC_KEK(cek)))), 44 bytes for a 32-byte key.
 *
 * @example
 * const wrapped = fastKeyWrap(kek, cek, iv);
 * fastKeyUnwrap(kek, wrapped); // cek
 */
import { FastCryptoError } from "../../errors.ts";
import { Gost28147 } from "./gost28147.ts";

const WRAP_IV = Uint8Array.of(0x4a, 0xdd, 0xa2, 0x2c, 0x79, 0xe8, 0x21, 0x05);

export function fastKeyWrap(kek: Uint8Array, cek: Uint8Array, iv: Uint8Array): Uint8Array {
  if (cek.length !== 32) throw new FastCryptoError("BAD_INPUT", "content key must be 32 bytes");
  const g = new Gost28147(kek);
  const cekIcv = new Uint8Array(36);
  cekIcv.set(cek);
  cekIcv.set(g.mac32(cek), 32);
  const inner = new Uint8Array(44);
  inner.set(iv);
  inner.set(g.cfbEncrypt(iv, cekIcv), 8);
  return g.cfbEncrypt(WRAP_IV, inner.reverse());
}

/** Throws KEY_UNWRAP_FAILED when the integrity check fails (wrong KEK or altered input). */
export function fastKeyUnwrap(kek: Uint8Array, wrapped: Uint8Array): Uint8Array {
  if (wrapped.length !== 44) throw new FastCryptoError("BAD_INPUT", "wrapped key must be 44 bytes");
  const g = new Gost28147(kek);
  const inner = g.cfbDecrypt(WRAP_IV, wrapped).reverse();
  const cekIcv = g.cfbDecrypt(inner.subarray(0, 8), inner.subarray(8));
  const cek = cekIcv.slice(0, 32);
  const icv = g.mac32(cek);
  let diff = 0;
  for (let i = 0; i < 4; i++) diff |= (icv[i] ?? 0) ^ (cekIcv[32 + i] ?? 0);
  if (diff !== 0) throw new FastCryptoError("KEY_UNWRAP_FAILED", "key unwrap failed");
  return cek;
}
