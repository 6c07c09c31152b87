// Property: whatever is done to the structure of a genuine SignedData (elements deleted, duplicated, swapped,
// moved, inserted, retagged, re-valued, wrapped), verification either refuses it with a typed EnvelopeError or
// returns exactly the genuinely signed content, time and signer. Never another content under the genuine
// signature. Mutations are made on a tree from the hand splitter (./asn1.ts); the SignedData is the real
// fixture's, opened with jkurwa + gost89. Fixed seed, so a failure replays.
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvelopeError } from "../../src/errors.ts";
import { verifySignedData } from "../../src/lib/cms/verify.ts";
import type { UnwrapOptions } from "../../src/unwrap.ts";
import { cert, fixture, KEP_CERT, must, partnerKeys, SIGN_CERT } from "../crypto/fixtures.ts";
import { type Bytes, fromTree, nul, OIDS, octet, oid, type Tree, toTree } from "./asn1.ts";
import { decryptFixture, digestAttr } from "./forge.ts";

type Path = number[];
function paths(t: Tree, here: Path = [], out: Path[] = []): Path[] {
  out.push(here);
  t.children?.forEach((c, i) => {
    paths(c, [...here, i], out);
  });
  return out;
}
const clone = (t: Tree): Tree => structuredClone(t);
function nodeAt(t: Tree, p: Path): Tree {
  return p.reduce((n, i) => must(n.children?.[i]), t);
}

describe("structural mutations of a genuine SignedData", () => {
  let inner: Bytes;
  let tree: Tree;
  let all: Path[];
  let expected: Bytes;
  let pinned: UnwrapOptions;
  let unpinned: UnwrapOptions;
  let accepted = 0;
  let refused = new Map<string, number>();

  beforeAll(() => {
    const keys = partnerKeys();
    const der = new Uint8Array(Buffer.from(fixture("encodedData.json.p7s.p7e").toString("latin1"), "base64"));
    inner = decryptFixture(
      der,
      must(keys.keys.find((k) => k.curve.m === 431)),
      new Uint8Array(fixture(KEP_CERT)),
    );
    tree = toTree(inner);
    expect(fromTree(tree)).toEqual(inner);
    // Mutate in the SignedData shell and the SignerInfo, not deep inside certificates (those are covered by
    // the look-alike tests) — depth ≤ 7 keeps the paths on the structures that carry meaning.
    all = paths(tree).filter((p) => p.length <= 7);
    expected = new Uint8Array(fixture("encodedData.expected.json"));
    pinned = { keys, trust: [cert(SIGN_CERT)] };
    unpinned = { keys };
  });

  const palette = (): Bytes[] => [
    nul(),
    octet(new TextEncoder().encode('{"forged":true}')),
    oid(OIDS.data),
    digestAttr(new TextEncoder().encode('{"forged":true}')),
    fromTree(nodeAt(tree, must(all[7 % all.length]))),
  ];

  interface Mutation {
    op: "delete" | "duplicate" | "swap" | "insert" | "retag" | "body" | "wrap" | "move";
    target: number;
    other: number;
    byte: number;
    bytes: Uint8Array;
  }
  const mutation: fc.Arbitrary<Mutation> = fc.record({
    op: fc.constantFrom("delete", "duplicate", "swap", "insert", "retag", "body", "wrap", "move"),
    target: fc.nat(),
    other: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
    bytes: fc.uint8Array({ maxLength: 40 }),
  });

  function apply(t: Tree, m: Mutation): void {
    const ps = paths(t).filter((p) => p.length > 0 && p.length <= 7);
    const p = must(ps[m.target % ps.length]);
    const parent = nodeAt(t, p.slice(0, -1));
    const i = must(p.at(-1));
    const siblings = must(parent.children);
    const node = must(siblings[i]);
    switch (m.op) {
      case "delete":
        siblings.splice(i, 1);
        break;
      case "duplicate":
        siblings.splice(i + (m.other % 2), 0, clone(node));
        break;
      case "swap": {
        const j = m.other % siblings.length;
        [siblings[i], siblings[j]] = [must(siblings[j]), node];
        break;
      }
      case "insert": {
        const pal = palette();
        siblings.splice(m.other % (siblings.length + 1), 0, toTree(must(pal[m.byte % pal.length])));
        break;
      }
      case "retag":
        if (node.children === undefined) node.tag = m.byte & ~0x20 & 0xff;
        else node.tag = m.byte | 0x20;
        break;
      case "body":
        if (node.children === undefined) node.body = m.bytes;
        else node.children = [];
        break;
      case "wrap":
        siblings[i] = { tag: m.byte % 2 ? 0x30 : 0xa0, children: [node] };
        break;
      case "move": {
        siblings.splice(i, 1);
        const targets = paths(t).filter((q) => nodeAt(t, q).children !== undefined && q.length <= 6);
        const dest = nodeAt(t, must(targets[m.other % targets.length]));
        dest.children?.splice(m.byte % ((dest.children?.length ?? 0) + 1), 0, node);
        break;
      }
    }
  }

  function check(der: Bytes, options: UnwrapOptions): void {
    try {
      const res = verifySignedData(der, options);
      accepted++;
      expect(Buffer.from(res.content).equals(Buffer.from(expected))).toBe(true);
      expect(res.signingTime?.toISOString()).toBe("2024-10-24T10:22:56.000Z");
      expect(res.signer.serial).toBe(cert(SIGN_CERT).serial);
    } catch (e) {
      if (!(e instanceof EnvelopeError)) throw new Error(`untyped failure: ${String(e)}`);
      refused.set(e.code, (refused.get(e.code) ?? 0) + 1);
    }
  }

  it("the untouched SignedData verifies", () => {
    check(inner, pinned);
    expect(accepted).toBe(1);
  });

  it("one to three mutations: refused with a typed code, or the genuine content exactly", () => {
    refused = new Map();
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.boolean(), (ms, pin) => {
        const t = clone(tree);
        for (const m of ms) apply(t, m);
        check(fromTree(t), pin ? pinned : unpinned);
      }),
      { numRuns: 1500, seed: 11 },
    );
    // The structural checks, not only the signature, do the refusing.
    for (const code of [
      "UNEXPECTED_ELEMENT",
      "MULTIPLE_SIGNERS",
      "SIGNED_ATTRS_NOT_DER",
      "DUPLICATE_ATTRIBUTE",
      "MALFORMED",
      "BAD_SIGNATURE",
    ])
      expect(refused.get(code) ?? 0).toBeGreaterThan(0);
  }, 300_000);
});
