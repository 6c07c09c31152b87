// Unmodified jkurwa + gost89 as the reference the fast primitives must match bit for bit. Kept apart from
// src/lib/primitives.ts because that facade itself runs on the fast code.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to the test oracle
type Untyped = any;
const jk: Untyped = require("jkurwa");
const gost89: Untyped = require("gost89");
const keywrap: Untyped = require("gost89/lib/keywrap.js");

export interface OracleCurve {
  m: number;
  ks: readonly number[];
  a: 0 | 1;
  b: bigint;
  n: bigint;
  base: bigint;
}

const hex = (v: bigint): string => v.toString(16);
const big = (f: Untyped): bigint => {
  const h: string = f.toString(true);
  return h === "" ? 0n : BigInt(`0x${h}`);
};
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** The two standard curves jkurwa ships, as plain parameters. */
export function standardCurve(name: "DSTU_PB_257" | "DSTU_PB_431"): OracleCurve {
  const c = jk.std_curve(name);
  return {
    m: c.m,
    ks: [...c.ks],
    a: c.param_a.is_zero() ? 0 : 1,
    b: big(c.param_b),
    n: big(c.order),
    base: big(c.base.compress()),
  };
}

const curves = new Map<string, Untyped>();
function jkCurve(c: OracleCurve): Untyped {
  const key = `${c.m}/${hex(c.b)}/${hex(c.base)}`;
  let curve = curves.get(key);
  if (!curve) {
    curve = new jk.Curve({
      m: c.m,
      ks: [...c.ks],
      a: [c.a],
      b: hex(c.b),
      order: hex(c.n),
      kofactor: [c.a === 0 ? 4 : 2],
      base: hex(c.base),
    });
    curves.set(key, curve);
  }
  return curve;
}
const field = (c: Untyped, v: bigint): Untyped => new jk.Field(hex(v), "hex", c);

/** jkurwa's field product, via a bare context object (jkurwa's Field needs only these members). */
export function fieldOps(m: number, ks: number[]) {
  const words = Math.ceil(m / 32);
  const ctx = {
    m,
    mod_words: words,
    mod_bits: new Uint32Array([m, ...ks, 0]),
    mod_tmp: new Uint32Array(2 * words + 4),
  };
  const fe = (v: bigint) => new jk.Field(hex(v), "hex", ctx);
  return {
    mul: (a: bigint, b: bigint): bigint => big(fe(a).mod_mul(fe(b))),
    trace: (a: bigint): number => fe(a).trace(),
    /** a·b on prebuilt jkurwa elements, for timing without the hex conversions. */
    mulPrepared(a: bigint, b: bigint): () => unknown {
      const [x, y] = [fe(a), fe(b)];
      return () => x.mod_mul(y);
    },
  };
}

export const oracle = {
  publicKey: (c: OracleCurve, d: bigint): bigint =>
    big(new jk.Priv(jkCurve(c), field(jkCurve(c), d)).pub().point.compress()),
  sign(c: OracleCurve, d: bigint, hash: Uint8Array, k: bigint): { r: bigint; s: bigint } | null {
    const curve = jkCurve(c);
    const h = new jk.Field(Array.from(hash).reverse(), "buf8", curve);
    const sig = new jk.Priv(curve, field(curve, d)).help_sign(h, field(curve, k));
    return sig === null ? null : { r: big(sig.r), s: big(sig.s) };
  },
  verify(c: OracleCurve, q: bigint, hash: Uint8Array, sig: { r: bigint; s: bigint }): boolean {
    const curve = jkCurve(c);
    const pub = new jk.Pub(curve, curve.point(field(curve, q)));
    const h = new jk.Field(Array.from(hash).reverse(), "buf8", curve);
    return pub.help_verify(h, field(curve, sig.s), field(curve, sig.r)) === true;
  },
  agree(c: OracleCurve, d: bigint, q: bigint): Uint8Array {
    const curve = jkCurve(c);
    return Uint8Array.from(
      new jk.Priv(curve, field(curve, d)).derive(new jk.Pub(curve, curve.point(field(curve, q)))),
    );
  },
  hash: (data: Uint8Array): Uint8Array => Uint8Array.from(gost89.gosthash(buf(data))),
  cfb(
    key: Uint8Array,
    iv: Uint8Array,
    data: Uint8Array,
    decrypt: boolean,
    sboxRows?: Uint8Array,
  ): Uint8Array {
    const ctx = sboxRows ? gost89.init(sboxRows) : gost89.init();
    ctx.key(buf(key));
    return Uint8Array.from(decrypt ? ctx.decrypt_cfb(buf(iv), buf(data)) : ctx.crypt_cfb(buf(iv), buf(data)));
  },
  mac(key: Uint8Array, data: Uint8Array): Uint8Array {
    const ctx = gost89.init();
    ctx.key(buf(key));
    return Uint8Array.from(ctx.mac(32, buf(data)));
  },
  keyWrap: (kek: Uint8Array, cek: Uint8Array, iv: Uint8Array): Uint8Array =>
    Uint8Array.from(keywrap.wrap(buf(cek), buf(kek), buf(iv))),
  keyUnwrap: (kek: Uint8Array, wrapped: Uint8Array): Uint8Array =>
    Uint8Array.from(keywrap.unwrap(buf(wrapped), buf(kek))),
  /** gost89's packSbox, to hand our cipher the packed form of a custom S-box. */
  packSbox: (rows: Uint8Array): Uint8Array =>
    Uint8Array.from(require("gost89/lib/dstu.js").packSbox(buf(rows))),
};
