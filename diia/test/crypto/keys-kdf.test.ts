// The password KDFs of key containers run on our fast GOST 34.311; unmodified gost89 is the oracle here, and
// containers are built with gost89 / jkurwa so that what loadKeyStore opens was not made by the code under test.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import { KeyError } from "../../src/errors.ts";
import { loadKeyStore, type PrivateKey } from "../../src/keys.ts";
import { encodeKeyStore } from "../../src/lib/keys/encode-store.ts";
import { iitPasswordKdf, pbkdf2Gost34311 } from "../../src/lib/primitives.ts";
import { generateKeyPair } from "../../src/pki.ts";

// Each gost89 oracle run at 10,000 rounds takes about a second, more when test files share the cores.
vi.setConfig({ testTimeout: 60_000 });

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to the test oracle
type Untyped = any;
const gost89: Untyped = require("gost89");
const gostDstu: Untyped = require("gost89/lib/dstu.js");
const jk: Untyped = require("jkurwa");
const Priv: Untyped = require("jkurwa/lib/models/Priv.js");
const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof KeyError ? e.code : `untyped:${String(e)}`;
  }
  return "OK";
};

/** PKCS#8 bytes of a key, as jkurwa writes them (explicit curve, default DKE). */
function jkurwaPkcs8(key: PrivateKey): Buffer {
  const c = key.curve;
  const curve = new jk.Curve({
    m: c.m,
    ks: [...c.ks],
    a: [c.a],
    b: c.b.toString(16),
    order: c.n.toString(16),
    kofactor: [c.a === 0 ? 4 : 2],
    base: c.base.toString(16),
  });
  return curve.pkey(key.d.toString(16), "hex").as_asn1();
}

const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
const oct = (b: Uint8Array) => new asn1js.OctetString({ valueHex: b });

/**
 * A PBES2 key file encrypted by gost89, optionally under another S-box (128 nibbles) or declaring another iteration
 * count than the one used.
 */
function gost89Pbes2(
  plain: Buffer,
  password: string,
  iterations: number,
  opts: { sbox?: Buffer; declaredIterations?: number } = {},
): Uint8Array {
  const salt = randomBytes(32);
  const iv = randomBytes(8);
  const ctx = gost89.init(opts.sbox);
  ctx.key(gost89.pbkdf(password, salt, iterations));
  const body: Buffer = ctx.crypt_cfb(iv, plain);
  const dke: Buffer = gostDstu.packSbox(opts.sbox ?? gostDstu.defaultSbox);
  return new Uint8Array(
    seq(
      seq(
        oid("1.2.840.113549.1.5.13"),
        seq(
          seq(
            oid("1.2.840.113549.1.5.12"),
            seq(
              oct(salt),
              new asn1js.Integer({ value: opts.declaredIterations ?? iterations }),
              seq(oid("1.2.804.2.1.1.1.1.1.2"), new asn1js.Null()),
            ),
          ),
          seq(oid("1.2.804.2.1.1.1.1.1.1.3"), seq(oct(iv), oct(dke))),
        ),
      ),
      oct(body),
    ).toBER(),
  );
}

/** IIT's older own key file: GOST 28147 ECB under the hashed password; the last partial block goes in `pad`. */
function gost89IitStore(plain: Buffer, password: string): Uint8Array {
  const ctx = gost89.init();
  ctx.key(gost89.dumb_kdf(password, 10000));
  const padded = Buffer.concat([plain, Buffer.alloc((8 - (plain.length % 8)) % 8)]);
  const cipher: Buffer = ctx.crypt(padded);
  return new Uint8Array(
    seq(
      seq(oid("1.3.6.1.4.1.19398.1.1.1.2"), seq(oct(Buffer.alloc(4)), oct(cipher.subarray(plain.length)))),
      oct(cipher.subarray(0, plain.length)),
    ).toBER(),
  );
}

describe("container KDFs on the fast GOST 34.311", () => {
  it("PBKDF2-HMAC-GOST34311 equals gost89's pbkdf (passwords of any length, 1–40 rounds)", () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 48 }),
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.integer({ min: 1, max: 40 }),
        (password, salt, rounds) => {
          const ours = pbkdf2Gost34311(Buffer.from(password, "latin1"), salt, rounds);
          expect(hex(ours)).toBe(hex(gost89.pbkdf(password, Buffer.from(salt), rounds)));
        },
      ),
      { numRuns: 60 },
    );
  });

  it("equals gost89 at the 10,000 rounds key files use, for PBKDF2 and IIT's hash chain", () => {
    const salt = randomBytes(32);
    expect(hex(pbkdf2Gost34311(Buffer.from("12345677"), salt, 10000))).toBe(
      hex(gost89.pbkdf("12345677", salt, 10000)),
    );
    for (const rounds of [1, 2, 10000]) {
      expect(hex(iitPasswordKdf(Buffer.from("Test"), rounds))).toBe(hex(gost89.dumb_kdf("Test", rounds)));
    }
  });
});

describe("key containers written by gost89 / read by gost89", () => {
  const key = generateKeyPair(257);

  it("opens a PBES2 file encrypted by gost89; a wrong password is BAD_PASSWORD", () => {
    const file = gost89Pbes2(jkurwaPkcs8(key), "pw-1", 10000);
    expect(loadKeyStore(file, "pw-1").keys.map((k) => k.d)).toEqual([key.d]);
    expect(codeOf(() => loadKeyStore(file, "pw-2"))).toBe("BAD_PASSWORD");
  });

  it("uses the S-box named in the PBES2 parameters", () => {
    // Each of the 8 rows of 16 nibbles reversed: still permutations, no longer the default DKE.
    const dku: Buffer = gostDstu.defaultSbox;
    const sbox = Buffer.concat(
      [0, 1, 2, 3, 4, 5, 6, 7].map((r) => Buffer.from(dku.subarray(16 * r, 16 * r + 16)).reverse()),
    );
    const file = gost89Pbes2(jkurwaPkcs8(key), "pw", 3, { sbox });
    expect(loadKeyStore(file, "pw").keys.map((k) => k.d)).toEqual([key.d]);
  });

  it("opens IIT's older own key format; a wrong password is BAD_PASSWORD", () => {
    const file = gost89IitStore(jkurwaPkcs8(key), "iit-pass");
    expect(loadKeyStore(file, "iit-pass").keys.map((k) => k.d)).toEqual([key.d]);
    expect(codeOf(() => loadKeyStore(file, "iit-pass!"))).toBe("BAD_PASSWORD");
  });

  it("writes PBES2 files that gost89's own loader decrypts to the same key", () => {
    const file = Buffer.from(encodeKeyStore(key, "sandbox"));
    const part = require("jkurwa/lib/spec/pbes.js").pbes2_parse(file)[0];
    const plain = gost89.compat.algos().storeload(part, "sandbox");
    expect(BigInt(`0x${Priv.from_asn1(plain).d.toString(true)}`)).toBe(key.d);
  });

  it("refuses a crafted iteration count at once instead of running for hours", () => {
    const file = gost89Pbes2(jkurwaPkcs8(key), "pw", 1, { declaredIterations: 0x7fffffff });
    const started = performance.now();
    expect(codeOf(() => loadKeyStore(file, "pw"))).toBe("BAD_KEY_STORE");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
