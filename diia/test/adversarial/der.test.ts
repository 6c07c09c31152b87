// The strict reader's own rules, on DER written by the hand writer (./asn1.ts).
import { describe, expect, it } from "vitest";
import { checkDer, MAX_DEPTH, MAX_ELEMENTS, parseOne, oid as readOid } from "../../src/lib/cms/der.ts";
import {
  type Bytes,
  cat,
  indefinite,
  int,
  longLength,
  octet,
  oid,
  seq,
  set,
  sortedSet,
  tlv,
} from "./asn1.ts";
import { codeOf } from "./code-of.ts";

const der = (b: Bytes) => checkDer(parseOne(b, "test"));

describe("strict DER reader", () => {
  it("reads one element exactly: trailing bytes, lengths beyond the data, depth", () => {
    const s = seq(int(1), octet(Uint8Array.of(1, 2)));
    expect(parseOne(s, "x").children).toHaveLength(2);
    expect(codeOf(() => parseOne(cat(s, Uint8Array.of(0)), "x"))).toBe("TRAILING_DATA");
    expect(codeOf(() => parseOne(s.subarray(0, s.length - 1), "x"))).toBe("TRUNCATED");
    // A child claiming more than its parent holds, though the buffer goes on.
    expect(
      codeOf(() => parseOne(cat(Uint8Array.of(0x30, 0x03, 0x04, 0x05, 0, 0, 0), new Uint8Array(4)), "x")),
    ).toBe("TRUNCATED");
    expect(codeOf(() => parseOne(Uint8Array.of(0x04, 0x85, 1, 0, 0, 0, 0), "x"))).toBe("TRUNCATED");
    expect(codeOf(() => parseOne(Uint8Array.of(0x04, 0x80, 0, 0), "x"))).toBe("MALFORMED"); // indefinite primitive
    expect(codeOf(() => parseOne(Uint8Array.of(0xbf, 0x00, 0x00), "x"))).toBe("MALFORMED"); // [0] in long form
    let deep: Bytes = int(0);
    for (let i = 0; i < MAX_DEPTH; i++) deep = seq(deep);
    expect(codeOf(() => parseOne(deep, "x"))).toBe("OK");
    expect(codeOf(() => parseOne(seq(deep), "x"))).toBe("TOO_DEEP");
    const many = (n: number) => seq(...Array.from({ length: n }, () => Uint8Array.of(0x05, 0x00)));
    expect(codeOf(() => parseOne(many(MAX_ELEMENTS - 1), "x"))).toBe("OK");
    expect(codeOf(() => parseOne(many(MAX_ELEMENTS), "x"))).toBe("TOO_MANY_ELEMENTS");
  });

  it("reads BER where allowed (indefinite lengths), and tells it is not DER", () => {
    const ber = indefinite(0x30, int(1), octet(Uint8Array.of(7)));
    expect(parseOne(ber, "x").children).toHaveLength(2);
    expect(der(ber)).toBe(false);
    expect(der(seq(int(1), octet(Uint8Array.of(7))))).toBe(true);
  });

  it("checkDer: minimal lengths, primitive strings, sorted SETs, minimal INTEGERs, canonical BOOLEAN", () => {
    const a = octet(Uint8Array.of(1));
    const b = octet(Uint8Array.of(2, 2));
    expect(der(sortedSet(b, a))).toBe(true);
    expect(der(set(b, a))).toBe(false);
    expect(der(longLength(0x30, a, 1))).toBe(false);
    expect(der(seq(tlv(0x24, a)))).toBe(false); // constructed OCTET STRING
    expect(der(tlv(0x02, Uint8Array.of(0x00, 0x01)))).toBe(false);
    expect(der(tlv(0x02, Uint8Array.of(0xff, 0x80)))).toBe(false);
    expect(der(tlv(0x02, Uint8Array.of(0x00, 0x80)))).toBe(true);
    expect(der(tlv(0x01, Uint8Array.of(0x01)))).toBe(false);
    expect(der(tlv(0x01, Uint8Array.of(0xff)))).toBe(true);
    expect(der(tlv(0x03, Uint8Array.of(8, 0)))).toBe(false);
  });

  it("decodes OBJECT IDENTIFIERs, refusing non-minimal arcs", () => {
    expect(readOid(parseOne(oid("1.2.804.2.1.1.1.1.3.1.1"), "x"), "x")).toBe("1.2.804.2.1.1.1.1.3.1.1");
    expect(readOid(parseOne(oid("2.999.3"), "x"), "x")).toBe("2.999.3");
    expect(codeOf(() => readOid(parseOne(Uint8Array.of(0x06, 0x02, 0x80, 0x01), "x"), "x"))).toBe(
      "MALFORMED",
    );
  });
});
