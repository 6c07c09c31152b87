// One error family: key loading, curve lookup and the fast primitives all throw DiiaError subclasses with codes.
import { describe, expect, it } from "vitest";
import { DiiaError, FastCryptoError, KeyError } from "../../src/errors.ts";
import { loadKeyStore } from "../../src/keys.ts";
import { dstuAgree, dstuStandardCurve } from "../../src/lib/primitives.ts";
import { generateKeyPair } from "../../src/pki.ts";

const thrown = (fn: () => unknown): unknown => {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe("typed errors of the key and curve layer", () => {
  it("gives the standard curves IIT and Diia use, and UNSUPPORTED_CURVE for the rest", () => {
    expect(dstuStandardCurve(257).m).toBe(257);
    expect(dstuStandardCurve(431).ks).toEqual([1, 3, 5]);
    for (const m of [163, 233, 307, 0, Number.NaN]) {
      const e = thrown(() => dstuStandardCurve(m));
      expect(e).toBeInstanceOf(KeyError);
      expect((e as KeyError).code).toBe("UNSUPPORTED_CURVE");
    }
    const e = thrown(() => generateKeyPair(163 as 257));
    expect(e instanceof KeyError && e.code).toBe("UNSUPPORTED_CURVE");
  });

  it("FastCryptoError belongs to the same DiiaError family and keeps its codes", () => {
    const key = generateKeyPair(431);
    const e = thrown(() => dstuAgree(key.curve, 0n, 1n));
    expect(e).toBeInstanceOf(FastCryptoError);
    expect(e).toBeInstanceOf(DiiaError);
    expect((e as FastCryptoError).code).toBe("BAD_SCALAR");
    const offCurve = thrown(() => dstuAgree(key.curve, key.d, 0n));
    expect(offCurve instanceof FastCryptoError && offCurve.code).toBe("BAD_POINT");
  });

  it("refuses what is not container bytes and a password string with BAD_KEY_STORE", () => {
    for (const [data, pw] of [
      ["text" as unknown as Uint8Array, "pw"],
      [new Uint8Array(8), undefined as unknown as string],
      [Uint8Array.of(0xfe, 0xed, 0xfe, 0xed, 0, 0, 0, 2), "pw"],
    ] as const) {
      const e = thrown(() => loadKeyStore(data, pw));
      expect(e instanceof KeyError && e.code).toBe("BAD_KEY_STORE");
    }
  });
});
