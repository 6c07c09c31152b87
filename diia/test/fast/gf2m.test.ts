import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { FastCryptoError } from "../../src/errors.ts";
import { BinaryField } from "../../src/lib/fast/gf2m.ts";
import { fieldOps } from "./oracle.ts";

/** Field polynomials of all ten DSTU 4145 standard curves (straight-line comb up to 9 words, Karatsuba above). */
const FIELDS: [number, number[]][] = [
  [163, [7, 6, 3]],
  [167, [6]],
  [173, [10, 2, 1]],
  [179, [4, 2, 1]],
  [191, [9]],
  [233, [9, 4, 1]],
  [257, [12]],
  [307, [8, 4, 2]],
  [367, [21]],
  [431, [5, 3, 1]],
];

const codeOf = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    return e instanceof FastCryptoError ? e.code : `untyped:${String(e)}`;
  }
  return "no error";
};

describe.each(FIELDS)("GF(2^%i)", (m, ks) => {
  const f = new BinaryField(m, ks);
  const ref = fieldOps(m, ks);
  const element = fc.bigInt({ min: 0n, max: (1n << BigInt(m)) - 1n });
  const product = (a: bigint, b: bigint) => {
    const r = f.create();
    f.mul(r, f.fromBigInt(a), f.fromBigInt(b));
    return f.toBigInt(r);
  };

  it("multiplies and squares like jkurwa", () => {
    fc.assert(
      fc.property(element, element, (a, b) => {
        expect(product(a, b)).toBe(ref.mul(a, b));
        const s = f.create();
        f.sqr(s, f.fromBigInt(a));
        expect(f.toBigInt(s)).toBe(ref.mul(a, a));
      }),
      { numRuns: 200 },
    );
  });

  it("inverts: a · a⁻¹ = 1, and computes the trace like jkurwa", () => {
    fc.assert(
      fc.property(element, (a) => {
        expect(f.trace(f.fromBigInt(a))).toBe(ref.trace(a));
        if (a === 0n) return;
        const inv = f.create();
        f.inv(inv, f.fromBigInt(a));
        expect(product(f.toBigInt(inv), a)).toBe(1n);
      }),
      { numRuns: 50 },
    );
  });

  it("solves z² + z = a with the half-trace when Tr(a) = 0", () => {
    fc.assert(
      fc.property(element, (a) => {
        const x = f.fromBigInt(a);
        if (f.trace(x) !== 0) x[0] = (x[0] ?? 0) ^ 1; // Tr(1) = 1 for odd m
        const z = f.create();
        f.halfTrace(z, x);
        const z2 = f.create();
        f.sqr(z2, z);
        f.add(z2, z2, z);
        expect(f.toBigInt(z2)).toBe(f.toBigInt(x));
      }),
      { numRuns: 20 },
    );
  });
});

describe("bad field input", () => {
  it("rejects unsupported polynomials, out-of-range values and the inverse of zero with BAD_INPUT", () => {
    expect(codeOf(() => new BinaryField(257, [250]))).toBe("BAD_INPUT");
    expect(codeOf(() => new BinaryField(20, [3]))).toBe("BAD_INPUT");
    const f = new BinaryField(257, [12]);
    expect(codeOf(() => f.fromBigInt(1n << 257n))).toBe("BAD_INPUT");
    expect(codeOf(() => f.fromBigInt(-1n))).toBe("BAD_INPUT");
    expect(codeOf(() => f.inv(f.create(), f.create()))).toBe("BAD_INPUT");
  });

  it("fails with BAD_INPUT instead of hanging when a crafted polynomial is reducible", () => {
    // x^100 + x^2 + 1 = (x^50 + x + 1)², so x^50 + x + 1 has no inverse modulo it.
    const f = new BinaryField(100, [2]);
    expect(codeOf(() => f.inv(f.create(), f.fromBigInt((1n << 50n) | 3n)))).toBe("BAD_INPUT");
    const g = f.create();
    f.inv(g, f.fromBigInt(1n << 7n));
    const one = f.create();
    f.mul(one, g, f.fromBigInt(1n << 7n));
    expect(f.toBigInt(one)).toBe(1n);
  });
});
