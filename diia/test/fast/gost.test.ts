import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FastCryptoError } from "../../src/errors.ts";
import { Gost28147 } from "../../src/lib/fast/gost28147.ts";
import { Gost34311, gost34311 } from "../../src/lib/fast/gost34311.ts";
import { fastKeyUnwrap, fastKeyWrap } from "../../src/lib/fast/keywrap.ts";
import { oracle } from "./oracle.ts";

const hex = (b: Uint8Array) => Buffer.from(b).toString("hex");
const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof FastCryptoError ? e.code : `untyped:${String(e)}`;
  }
  return "no error";
};
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe("GOST 34.311-95 hash", () => {
  it("hashes 'test data' to the published vector (default DSTU S-box)", () => {
    const h = gost34311(new TextEncoder().encode("test data"));
    expect(Buffer.from(h).toString("base64")).toBe("HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=");
  });

  it("matches gost89 on random data of any length", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (data) => {
        expect(hex(gost34311(data))).toBe(hex(oracle.hash(data)));
      }),
      { numRuns: 200 },
    );
  });

  it("gives the same digest when the data arrives in pieces", () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 200 }),
        fc.array(fc.nat(200), { maxLength: 5 }),
        (data, cuts) => {
          const h = new Gost34311();
          let at = 0;
          for (const c of [...cuts].sort((a, b) => a - b)) {
            const to = Math.min(c, data.length);
            h.update(data.subarray(at, Math.max(at, to)));
            at = Math.max(at, to);
          }
          h.update(data.subarray(at));
          expect(hex(h.digest())).toBe(hex(gost34311(data)));
        },
      ),
    );
  });
});

describe("GOST 28147-89", () => {
  it("CFB-encrypts and decrypts like gost89 (default S-box), partial last block included", () => {
    fc.assert(
      fc.property(bytes(32), bytes(8), fc.uint8Array({ minLength: 1, maxLength: 100 }), (key, iv, data) => {
        const c = new Gost28147(key);
        const enc = c.cfbEncrypt(iv, data);
        expect(hex(enc)).toBe(hex(oracle.cfb(key, iv, data, false)));
        expect(hex(c.cfbDecrypt(iv, data))).toBe(hex(oracle.cfb(key, iv, data, true)));
        expect(hex(c.cfbDecrypt(iv, enc))).toBe(hex(data));
      }),
      { numRuns: 200 },
    );
  });

  it("uses the S-box (DKE) it is given, in the packed form certificates carry", () => {
    const row = fc.shuffledSubarray([...Array(16).keys()], { minLength: 16, maxLength: 16 });
    fc.assert(
      fc.property(
        fc.array(row, { minLength: 8, maxLength: 8 }),
        bytes(32),
        bytes(8),
        bytes(40),
        (rows, key, iv, data) => {
          const unpacked = Uint8Array.from(rows.flat());
          const packed = oracle.packSbox(unpacked);
          expect(hex(new Gost28147(key, packed).cfbEncrypt(iv, data))).toBe(
            hex(oracle.cfb(key, iv, data, false, unpacked)),
          );
        },
      ),
      { numRuns: 30 },
    );
  });

  it("computes the 32-bit MAC like gost89", () => {
    fc.assert(
      fc.property(bytes(32), fc.integer({ min: 2, max: 8 }), bytes(64), (key, blocks, data) => {
        const d = data.subarray(0, 8 * blocks);
        expect(hex(new Gost28147(key).mac32(d))).toBe(hex(oracle.mac(key, d)));
      }),
    );
  });

  it("rejects wrong key, IV, DKE and MAC input sizes with BAD_INPUT", () => {
    const key = new Uint8Array(32);
    expect(codeOf(() => new Gost28147(new Uint8Array(31)))).toBe("BAD_INPUT");
    expect(codeOf(() => new Gost28147(key, new Uint8Array(63)))).toBe("BAD_INPUT");
    expect(codeOf(() => new Gost28147(key).cfbEncrypt(new Uint8Array(7), new Uint8Array(8)))).toBe(
      "BAD_INPUT",
    );
    expect(codeOf(() => new Gost28147(key).mac32(new Uint8Array(12)))).toBe("BAD_INPUT");
    expect(new Gost28147(key).cfbDecrypt(new Uint8Array(8), new Uint8Array(0))).toHaveLength(0);
  });
});

describe("DSTSZI GOST 28147 key wrap", () => {
  it("wraps like gost89 and unwraps what gost89 wrapped", () => {
    fc.assert(
      fc.property(bytes(32), bytes(32), bytes(8), (kek, cek, iv) => {
        const wrapped = fastKeyWrap(kek, cek, iv);
        expect(hex(wrapped)).toBe(hex(oracle.keyWrap(kek, cek, iv)));
        expect(hex(fastKeyUnwrap(kek, wrapped))).toBe(hex(cek));
        expect(hex(oracle.keyUnwrap(kek, wrapped))).toBe(hex(cek));
      }),
    );
  });

  it("fails with KEY_UNWRAP_FAILED for a changed byte or another KEK, BAD_INPUT for wrong sizes", () => {
    fc.assert(
      fc.property(bytes(32), bytes(32), bytes(8), fc.nat(43), (kek, cek, iv, at) => {
        const wrapped = fastKeyWrap(kek, cek, iv);
        const bad = Uint8Array.from(wrapped);
        bad[at] = (bad[at] ?? 0) ^ 0x40;
        expect(codeOf(() => fastKeyUnwrap(kek, bad))).toBe("KEY_UNWRAP_FAILED");
        const otherKek = Uint8Array.from(kek);
        otherKek[0] = (otherKek[0] ?? 0) ^ 1;
        expect(codeOf(() => fastKeyUnwrap(otherKek, wrapped))).toBe("KEY_UNWRAP_FAILED");
      }),
      { numRuns: 50 },
    );
    expect(codeOf(() => fastKeyUnwrap(new Uint8Array(32), new Uint8Array(43)))).toBe("BAD_INPUT");
    expect(codeOf(() => fastKeyWrap(new Uint8Array(32), new Uint8Array(16), new Uint8Array(8)))).toBe(
      "BAD_INPUT",
    );
  });
});
