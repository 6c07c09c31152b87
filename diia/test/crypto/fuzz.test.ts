// Property: whatever the input, unwrap either returns the verified original content or throws an EnvelopeError
// with one of its codes — never an untyped error, never a hang. Most mutations are structural and rejected at
// parse time, which keeps ≥ 10,000 cases inside the time budget.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvelopeError, type EnvelopeErrorCode } from "../../src/errors.ts";
import { type UnwrapOptions, unwrap } from "../../src/unwrap.ts";
import { wrap } from "../../src/wrap.ts";
import { MATERIALS, pairsOf } from "./material.ts";

const CODES = new Set<EnvelopeErrorCode>([
  "MALFORMED",
  "NOT_FOR_US",
  "BAD_SIGNATURE",
  "UNTRUSTED_SIGNER",
  "CERT_EXPIRED_AT_SIGNING",
  "TRAILING_DATA",
  "UNEXPECTED_ELEMENT",
  "TRUNCATED",
  "MULTIPLE_SIGNERS",
  "DUPLICATE_ATTRIBUTE",
  "CONTENT_TYPE_MISMATCH",
  "SIGNED_ATTRS_NOT_DER",
  "SIGNER_KEY_USAGE",
  "TOO_MANY_RECIPIENTS",
  "TOO_MANY_CERTIFICATES",
  "TOO_MANY_ATTRIBUTES",
  "TOO_MANY_ELEMENTS",
  "TOO_DEEP",
]);

describe.each(MATERIALS)(
  "$name: unwrap under fuzzing",
  (m) => {
    let opts: UnwrapOptions;
    let small: Uint8Array;
    let real: Uint8Array;
    const original = new Uint8Array([0x7b, 0x7d]);
    let expected: Uint8Array;
    let runs = 0;

    /** Runs unwrap and checks the outcome contract; returns nothing so fast-check only sees thrown asserts. */
    function check(input: string | Uint8Array, okContent: Uint8Array | undefined): void {
      runs++;
      try {
        const res = unwrap(input, opts);
        expect(okContent).toBeDefined();
        expect(Buffer.from(res.content).equals(Buffer.from(okContent ?? []))).toBe(true);
      } catch (e) {
        if (!(e instanceof EnvelopeError)) throw new Error(`untyped failure: ${String(e)}`);
        expect(CODES.has(e.code)).toBe(true);
      }
    }

    beforeAll(() => {
      const diia = pairsOf(m.diia);
      opts = { keys: m.partner.keys() };
      small = wrap(original, { ...diia, recipientCert: m.partner.kep, signingTime: m.diiaValidAt });
      real = new Uint8Array(Buffer.from(m.envelope.text, "base64"));
      expected = m.envelope.expected;
    });

    it("random bytes and random text", () => {
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (b) => check(b, undefined)),
        { numRuns: 4000 },
      );
      fc.assert(
        fc.property(fc.string({ maxLength: 300 }), (s) => check(s, undefined)),
        { numRuns: 1000 },
      );
      // DER-looking prefixes reach the ASN.1 parser rather than the base64 fallback.
      fc.assert(
        fc.property(fc.uint8Array({ maxLength: 300 }), (b) =>
          check(Uint8Array.from([0x30, 0x82, ...b]), undefined),
        ),
        { numRuns: 1000 },
      );
    });

    it("truncations of the recorded envelope and of a small wrapped envelope", () => {
      for (const [der, ok] of [
        [real, expected],
        [small, original],
      ] as const) {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: der.length - 1 }), (n) =>
            check(der.subarray(0, n), undefined),
          ),
          { numRuns: 1500 },
        );
        check(der, ok);
      }
    });

    it("byte mutations in the structural head (ContentInfo, EnvelopedData and originatorInfo headers)", () => {
      for (const [der, ok] of [
        [real, expected],
        [small, original],
      ] as const) {
        fc.assert(
          fc.property(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 1, max: 255 }), (at, x) => {
            const m = Uint8Array.from(der);
            m[at] = (m[at] ?? 0) ^ x;
            check(m, ok);
          }),
          { numRuns: 600 },
        );
      }
    });

    it("byte mutations anywhere (full decrypt + verify path, fewer cases)", () => {
      fc.assert(
        fc.property(
          fc.integer({ min: 0, max: small.length - 1 }),
          fc.integer({ min: 1, max: 255 }),
          (at, x) => {
            const m = Uint8Array.from(small);
            m[at] = (m[at] ?? 0) ^ x;
            check(m, original);
          },
        ),
        { numRuns: 150 },
      );
      expect(runs).toBeGreaterThanOrEqual(10_000);
    });
  },
  180_000,
);
