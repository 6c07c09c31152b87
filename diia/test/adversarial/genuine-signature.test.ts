// An attacker who once received one genuine delivery (here: the real IIT fixture, opened with jkurwa + gost89 as
// its recipient would) tries to make its genuine signature vouch for other content or other attributes. Every
// envelope is assembled by hand (./asn1.ts, ./forge.ts), never by src/ wrap or build code. Each trick is paired
// with the same envelope without it, which must verify. Pinned to the fixture's real signer.
import { beforeAll, describe, expect, it } from "vitest";
import type { KeyStore } from "../../src/keys.ts";
import { type UnwrapOptions, unwrap } from "../../src/unwrap.ts";
import { cert, fixture, KEP_CERT, must, partnerKeys, SIGN_CERT } from "../crypto/fixtures.ts";
import { oracle, standardCurve } from "../fast/oracle.ts";
import {
  at,
  type Bytes,
  cat,
  ctx,
  element,
  indefinite,
  int,
  items,
  longLength,
  nul,
  OIDS,
  octet,
  oid,
  rebuild,
  seq,
  set,
  sortedSet,
  tlv,
} from "./asn1.ts";
import { codeOf } from "./code-of.ts";
import {
  attribute,
  certInfo,
  decryptFixture,
  digestAttr,
  envelope,
  envelopedData,
  envelopeParts,
  retag,
} from "./forge.ts";

const curve431 = standardCurve("DSTU_PB_431");

describe("a genuine signature cannot vouch for anything else", () => {
  let keys: KeyStore;
  let opts: UnwrapOptions;
  let kep: Bytes;
  let expected: Bytes;
  /** The genuine inner ContentInfo(SignedData), and its parts. */
  let inner: Bytes;
  let sd: Bytes[];
  let si: Bytes[];
  const forged = new TextEncoder().encode(
    '{"barcode":"2858364170864","documentTypes":["internal-passport"],"data":{}}',
  );
  /** Our delivery: `plain` enveloped to the partner's key-agreement certificate by jkurwa + gost89. */
  const deliver = (plain: Bytes) => envelope(plain, curve431, { names: kep });
  const signedData = (fields: Bytes[]) => seq(oid(OIDS.signedData), ctx(0, seq(...fields)));
  const signerInfos = () => must(sd[4]);
  const genuineSi = () => at(signerInfos(), 0);
  const encapOf = (content: Bytes) => seq(oid(OIDS.data), ctx(0, octet(content)));
  /** The genuine SignerInfo with other signed attributes (the genuine signature value kept). */
  const siWithAttrs = (attrs: Bytes) =>
    seq(must(si[0]), must(si[1]), must(si[2]), attrs, must(si[4]), must(si[5]));
  const genuineAttrs = () => items(must(si[3]));
  const open = (plain: Bytes, o: UnwrapOptions = opts) => codeOf(() => unwrap(deliver(plain), o));

  beforeAll(() => {
    keys = partnerKeys();
    opts = { keys, trust: [cert(SIGN_CERT)] };
    kep = new Uint8Array(fixture(KEP_CERT));
    expected = new Uint8Array(fixture("encodedData.expected.json"));
    const der = new Uint8Array(Buffer.from(fixture("encodedData.json.p7s.p7e").toString("latin1"), "base64"));
    const kaKey = must(keys.keys.find((k) => k.curve.m === 431));
    // The fixture was enveloped by the test user to itself: the sender is the same KEP certificate.
    inner = decryptFixture(der, kaKey, kep);
    sd = items(at(inner, 1, 0));
    si = items(genuineSi());
    expect(element(at(must(sd[2]), 1, 0)).body).toEqual(expected);
  });

  it("the real fixture still unwraps byte-exact, pinned", () => {
    const res = unwrap(fixture("encodedData.json.p7s.p7e").toString("utf8"), opts);
    expect(Buffer.from(res.content).equals(Buffer.from(expected))).toBe(true);
    expect(res.pinned).toBe(true);
    expect(res.signingTime?.toISOString()).toBe("2024-10-24T10:22:56.000Z");
  });

  it("without a trick: the genuine SignedData, re-enveloped by jkurwa, and its rebuilt copy verify", () => {
    const res = unwrap(deliver(inner), opts);
    expect(Buffer.from(res.content).equals(Buffer.from(expected))).toBe(true);
    expect(res.signer.serial).toBe(cert(SIGN_CERT).serial);
    // Taken apart and put together by the hand writer: identical bytes, so the tricks below differ only by them.
    expect(signedData(sd)).toEqual(inner);
    expect(open(signedData(sd))).toBe("OK");
  });

  it("issue 11's forgery: forged attributes beside the genuine signature, genuine SignerInfo appended → UNEXPECTED_ELEMENT", () => {
    const forgedAttrs = retag(
      sortedSet(...genuineAttrs().slice(0, 2), digestAttr(forged), ...genuineAttrs().slice(3)),
      0xa0,
    );
    const forgery = signedData([
      must(sd[0]),
      must(sd[1]),
      encapOf(forged),
      must(sd[3]),
      set(siWithAttrs(forgedAttrs)),
      signerInfos(),
    ]);
    expect(open(forgery)).toBe("UNEXPECTED_ELEMENT");
    // Without the appended copy the forged attributes are what the signature is checked over: it fails.
    expect(
      open(signedData([...sd.slice(0, 2), encapOf(forged), must(sd[3]), set(siWithAttrs(forgedAttrs))])),
    ).toBe("BAD_SIGNATURE");
  });

  it("any element after signerInfos, between SignedData fields, or in a SignerInfo → UNEXPECTED_ELEMENT", () => {
    for (const extra of [nul(), octet(forged), set(genuineSi()), ctx(2, genuineSi())]) {
      expect(open(signedData([...sd, extra]))).toBe("UNEXPECTED_ELEMENT");
    }
    // A second encapsulated content, a SEQUENCE before the certificates, a second certificate set.
    const encap2 = seq(oid(OIDS.data), ctx(0, octet(expected)), ctx(0, octet(forged)));
    expect(open(signedData([must(sd[0]), must(sd[1]), encap2, ...sd.slice(3)]))).toBe("UNEXPECTED_ELEMENT");
    expect(open(signedData([...sd.slice(0, 3), seq(), ...sd.slice(3)]))).toBe("UNEXPECTED_ELEMENT");
    expect(open(signedData([...sd.slice(0, 4), must(sd[3]), must(sd[4])]))).toBe("UNEXPECTED_ELEMENT");
    // In the SignerInfo: after the signature, and a second [0] with forged attributes after the genuine one.
    const forgedAttrs = retag(sortedSet(genuineAttrs()[0] ?? nul(), digestAttr(forged)), 0xa0);
    for (const bad of [
      seq(...si, int(0)),
      seq(...si.slice(0, 4), forgedAttrs, ...si.slice(4)),
      seq(...si.slice(0, 3), forgedAttrs, ...si.slice(3)),
    ]) {
      expect(open(signedData([...sd.slice(0, 4), set(bad)]))).toBe("UNEXPECTED_ELEMENT");
    }
    // In the ContentInfo, around the SignedData.
    expect(open(seq(oid(OIDS.signedData), ctx(0, at(inner, 1, 0)), octet(forged)))).toBe(
      "UNEXPECTED_ELEMENT",
    );
  });

  it("the genuine SignerInfo nested where an opaque value is allowed changes nothing → BAD_SIGNATURE", () => {
    const forgedAttrs = retag(
      sortedSet(...genuineAttrs().slice(0, 2), digestAttr(forged), ...genuineAttrs().slice(3)),
      0xa0,
    );
    const forgedSi = siWithAttrs(forgedAttrs);
    const nested = seq(...items(forgedSi), ctx(1, attribute("1.2.3.4", genuineSi())));
    expect(open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), must(sd[3]), set(nested)]))).toBe(
      "BAD_SIGNATURE",
    );
    // As a "certificate" in the certificate set (it parses as none and names nobody).
    const certs = ctx(0, ...items(must(sd[3])), genuineSi());
    expect(open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), certs, set(forgedSi)]))).toBe(
      "BAD_SIGNATURE",
    );
    // The same nesting around the genuine attributes verifies: unsigned attributes are allowed.
    expect(open(signedData([...sd.slice(0, 4), set(seq(...si, ctx(1, attribute("1.2.3.4", nul()))))]))).toBe(
      "OK",
    );
  });

  it("forged messageDigest / signingTime / contentType among the unsigned attributes are never read", () => {
    const unsigned = ctx(
      1,
      digestAttr(forged),
      attribute(OIDS.signingTime, tlv(0x17, new TextEncoder().encode("300101000000Z"))),
      attribute(OIDS.contentType, oid(OIDS.signedData)),
    );
    const withUnsigned = set(seq(...si, unsigned));
    expect(open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), must(sd[3]), withUnsigned]))).toBe(
      "BAD_SIGNATURE",
    );
    const res = unwrap(deliver(signedData([...sd.slice(0, 4), withUnsigned])), opts);
    expect(Buffer.from(res.content).equals(Buffer.from(expected))).toBe(true);
    expect(res.signingTime?.toISOString()).toBe("2024-10-24T10:22:56.000Z");
  });

  it("a second SignerInfo, before or after the genuine one → MULTIPLE_SIGNERS", () => {
    const forgedAttrs = retag(
      sortedSet(...genuineAttrs().slice(0, 2), digestAttr(forged), ...genuineAttrs().slice(3)),
      0xa0,
    );
    for (const pair of [
      [siWithAttrs(forgedAttrs), genuineSi()],
      [genuineSi(), siWithAttrs(forgedAttrs)],
      [genuineSi(), genuineSi()],
    ]) {
      expect(open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), must(sd[3]), set(...pair)]))).toBe(
        "MULTIPLE_SIGNERS",
      );
    }
  });

  it("trailing bytes after any top-level structure → TRAILING_DATA", () => {
    const tail = Uint8Array.of(0x04, 0x01, 0x00);
    const env = deliver(inner);
    expect(codeOf(() => unwrap(env, opts))).toBe("OK");
    // After the outer ContentInfo; inside its [0] after the EnvelopedData.
    expect(codeOf(() => unwrap(cat(env, tail), opts))).toBe("TRAILING_DATA");
    expect(codeOf(() => unwrap(cat(env, Uint8Array.of(0)), opts))).toBe("TRAILING_DATA");
    expect(codeOf(() => unwrap(seq(oid(OIDS.envelopedData), ctx(0, at(env, 1, 0), tail)), opts))).toBe(
      "TRAILING_DATA",
    );
    // After the decrypted ContentInfo; after the SignedData inside it; after the OCTET STRING in eContent.
    expect(open(cat(inner, tail))).toBe("TRAILING_DATA");
    expect(open(seq(oid(OIDS.signedData), ctx(0, at(inner, 1, 0), tail)))).toBe("TRAILING_DATA");
    const encap = seq(oid(OIDS.data), ctx(0, octet(expected), octet(forged)));
    expect(open(signedData([must(sd[0]), must(sd[1]), encap, ...sd.slice(3)]))).toBe("TRAILING_DATA");
  });

  it("declared lengths beyond the data → TRUNCATED", () => {
    const env = deliver(inner);
    expect(codeOf(() => unwrap(env.subarray(0, env.length - 1), opts))).toBe("TRUNCATED");
    // The eContent OCTET STRING claims one byte more than its [0] holds.
    const lying = cat(
      Uint8Array.of(0x04, 0x82, (expected.length + 1) >> 8, (expected.length + 1) & 0xff),
      expected,
    );
    const encap = seq(oid(OIDS.data), ctx(0, lying));
    expect(open(signedData([must(sd[0]), must(sd[1]), encap, ...sd.slice(3)]))).toBe("TRUNCATED");
    // A 4 GB length; five length octets.
    expect(
      codeOf(() => unwrap(cat(Uint8Array.of(0x30, 0x84, 0xff, 0xff, 0xff, 0xff), env.subarray(6)), opts)),
    ).toBe("TRUNCATED");
    expect(open(cat(Uint8Array.of(0x30, 0x85, 0, 0, 0, 0x0f, 0x75), inner.subarray(4)))).toBe("TRUNCATED");
  });

  it("BER re-encodings of the genuine signed attributes → SIGNED_ATTRS_NOT_DER", () => {
    const attrs = genuineAttrs();
    const [ct, time, md, ...rest] = attrs.map((a) => must(a));
    const variants: Bytes[] = [
      indefinite(0xa0, ...attrs), // indefinite length on the field
      longLength(0xa0, cat(...attrs), 3), // non-minimal length octets on the field
      tlv(0xa0, longLength(0x30, cat(...items(must(ct))), 2), ...attrs.slice(1)), // on one attribute
      tlv(0xa0, must(time), must(ct), must(md), ...rest), // reordered
      // messageDigest as a constructed OCTET STRING with the same octets
      tlv(
        0xa0,
        must(ct),
        must(time),
        seq(oid(OIDS.messageDigest), set(tlv(0x24, octet(element(at(must(md), 1, 0)).body)))),
        ...rest,
      ),
    ];
    for (const v of variants)
      expect(open(signedData([...sd.slice(0, 4), set(siWithAttrs(v))]))).toBe("SIGNED_ATTRS_NOT_DER");
    expect(open(signedData([...sd.slice(0, 4), set(siWithAttrs(tlv(0xa0, ...attrs)))]))).toBe("OK");
  });

  it("an attribute that appears twice → DUPLICATE_ATTRIBUTE, whichever copy is first", () => {
    const attrs = genuineAttrs();
    const forgedMd = digestAttr(forged);
    for (const v of [
      sortedSet(...attrs, forgedMd),
      sortedSet(...attrs, must(attrs[2])),
      sortedSet(...attrs, attribute(OIDS.contentType, oid(OIDS.signedData))),
    ]) {
      expect(
        open(
          signedData([
            must(sd[0]),
            must(sd[1]),
            encapOf(forged),
            must(sd[3]),
            set(siWithAttrs(retag(v, 0xa0))),
          ]),
        ),
      ).toBe("DUPLICATE_ATTRIBUTE");
    }
    // One messageDigest attribute with two values, the forged one first.
    const twoValues = seq(
      oid(OIDS.messageDigest),
      sortedSet(octet(oracle.hash(forged)), octet(oracle.hash(expected))),
    );
    const v = retag(sortedSet(must(attrs[0]), must(attrs[1]), twoValues, ...attrs.slice(3)), 0xa0);
    expect(
      open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), must(sd[3]), set(siWithAttrs(v))])),
    ).toBe("DUPLICATE_ATTRIBUTE");
  });

  it("eContentType other than the signed contentType → CONTENT_TYPE_MISMATCH", () => {
    for (const type of [OIDS.signedData, OIDS.envelopedData, "1.2.804.2.1.1.1.1.2.1"]) {
      const encap = seq(oid(type), ctx(0, octet(expected)));
      expect(open(signedData([must(sd[0]), must(sd[1]), encap, ...sd.slice(3)]))).toBe(
        "CONTENT_TYPE_MISMATCH",
      );
    }
  });

  it("the genuine signature over other content, or in another delivery → BAD_SIGNATURE", () => {
    expect(open(signedData([must(sd[0]), must(sd[1]), encapOf(forged), ...sd.slice(3)]))).toBe(
      "BAD_SIGNATURE",
    );
    expect(
      open(
        signedData([must(sd[0]), must(sd[1]), encapOf(cat(expected, Uint8Array.of(0x20))), ...sd.slice(3)]),
      ),
    ).toBe("BAD_SIGNATURE");
    // One flipped bit of the signature value.
    const sig = Uint8Array.from(element(must(si[5])).body);
    sig[3] = (sig[3] ?? 0) ^ 1;
    const badSi = seq(...si.slice(0, 5), octet(sig));
    expect(open(signedData([...sd.slice(0, 4), set(badSi)]))).toBe("BAD_SIGNATURE");
  });

  it("the same signed payload in two envelopes verifies in both with one signatureDigest (for replay checks)", () => {
    const a = unwrap(deliver(inner), opts);
    const b = unwrap(deliver(inner), opts);
    expect(a.signatureDigest).toMatch(/^[0-9a-f]{64}$/);
    expect(b.signatureDigest).toBe(a.signatureDigest);
    expect(unwrap(fixture("encodedData.json.p7s.p7e").toString("utf8"), opts).signatureDigest).toBe(
      a.signatureDigest,
    );
    expect(Buffer.from(a.content).equals(Buffer.from(b.content))).toBe(true);
  });

  it("a look-alike certificate for the signer (same issuer and serial) carried in the envelope → UNTRUSTED_SIGNER", () => {
    const real = must(items(must(sd[3]))[0]);
    const at1 = Buffer.from(real).indexOf(Buffer.from("Користувач 1"));
    expect(at1).toBeGreaterThan(0);
    const lookAlike = Uint8Array.from(real);
    lookAlike[at1 + Buffer.from("Користувач ").length] = 0x32; // "Користувач 2"
    const swapped = signedData([...sd.slice(0, 3), ctx(0, lookAlike), must(sd[4])]);
    expect(open(swapped)).toBe("UNTRUSTED_SIGNER");
    expect(open(swapped, { keys })).toBe("UNTRUSTED_SIGNER"); // unpinned: the partner store knows the real one
    // Beside the real one, in either order.
    expect(open(signedData([...sd.slice(0, 3), ctx(0, real, lookAlike), must(sd[4])]))).toBe(
      "UNTRUSTED_SIGNER",
    );
    expect(open(signedData([...sd.slice(0, 3), ctx(0, lookAlike, real), must(sd[4])]))).toBe(
      "UNTRUSTED_SIGNER",
    );
    // No certificate carried at all: the pinned one is used.
    expect(open(signedData([...sd.slice(0, 3), must(sd[4])]))).toBe("OK");
  });

  it("bounded: certificates, unsigned attributes, nesting; each refusal typed", () => {
    const real = must(items(must(sd[3]))[0]);
    const certs = (n: number) => ctx(0, ...Array.from({ length: n }, () => real));
    expect(open(signedData([...sd.slice(0, 3), certs(8), must(sd[4])]))).toBe("OK");
    expect(open(signedData([...sd.slice(0, 3), certs(9), must(sd[4])]))).toBe("TOO_MANY_CERTIFICATES");
    const unsigned = (n: number) =>
      ctx(1, ...Array.from({ length: n }, (_, i) => attribute(`1.2.3.${i}`, nul())));
    expect(open(signedData([...sd.slice(0, 4), set(seq(...si, unsigned(16)))]))).toBe("OK");
    expect(open(signedData([...sd.slice(0, 4), set(seq(...si, unsigned(17)))]))).toBe("TOO_MANY_ATTRIBUTES");
    let deep: Bytes = nul();
    for (let i = 0; i < 60; i++) deep = seq(deep);
    const deepAttr = ctx(1, attribute("1.2.3.4", deep));
    expect(open(signedData([...sd.slice(0, 4), set(seq(...si, deepAttr))]))).toBe("TOO_DEEP");
    // Many small elements where opaque values are allowed: parsing them is bounded too (a 27 MB part of NULLs
    // would otherwise be 14 million parse nodes).
    const nulls = seq(...Array.from({ length: 20_000 }, () => nul()));
    expect(open(signedData([...sd.slice(0, 4), set(seq(...si, ctx(1, attribute("1.2.3.4", nulls))))]))).toBe(
      "TOO_MANY_ELEMENTS",
    );
    const env = deliver(inner);
    const envFields = items(at(env, 1, 0));
    const unprotected = ctx(1, attribute("1.2.3.4", nulls));
    expect(
      codeOf(() => unwrap(seq(oid(OIDS.envelopedData), ctx(0, seq(...envFields, unprotected))), opts)),
    ).toBe("TOO_MANY_ELEMENTS");
    // 5,000 nested indefinite-length levels: refused at the limit, no stack overflow.
    let huge: Bytes = nul();
    for (let i = 0; i < 20; i++) huge = seq(huge);
    const bomb = cat(...Array.from({ length: 5000 }, () => Uint8Array.of(0x30, 0x80)));
    expect(codeOf(() => unwrap(cat(bomb, huge), opts))).toBe("TOO_DEEP");
  });

  it("key agreement only for entries naming our certificates; bounded recipients, whatever they hold", () => {
    const other = new Uint8Array(fixture("DiiaKey2.cer"));
    const ourQ = certInfo(kep).q;
    const { kari, eci } = envelopeParts(inner, curve431);
    // By rKeyId: opens.
    expect(codeOf(() => unwrap(envelopedData([kari([{ names: kep, byKeyId: true }])], eci), opts))).toBe(
      "OK",
    );
    // Wrapped to our key but naming another certificate: no agreement is tried.
    expect(codeOf(() => unwrap(envelopedData([kari([{ names: other, q: ourQ }])], eci), opts))).toBe(
      "NOT_FOR_US",
    );
    // Two entries naming us (the first one broken): still opens; three: refused before any agreement.
    const broken = kari([{ names: kep, q: certInfo(other).q }]);
    const good = kari([{ names: kep }]);
    expect(codeOf(() => unwrap(envelopedData([broken, good], eci), opts))).toBe("OK");
    expect(codeOf(() => unwrap(envelopedData([broken, broken, good], eci), opts))).toBe(
      "TOO_MANY_RECIPIENTS",
    );
    // Entries for other certificates: 10 in all pass; 18, 200 encrypted keys or 17 recipient infos are refused.
    const stranger = kari(Array.from({ length: 7 }, () => ({ names: other })));
    expect(codeOf(() => unwrap(envelopedData([stranger, good], eci), opts))).toBe("OK");
    expect(codeOf(() => unwrap(envelopedData([stranger, stranger, good], eci), opts))).toBe(
      "TOO_MANY_RECIPIENTS",
    );
    const rek = at(stranger, 4, 0);
    const manyReks = (n: number) =>
      rebuild(stranger, [...items(stranger).slice(0, 4), seq(...Array.from({ length: n }, () => rek))]);
    expect(codeOf(() => unwrap(envelopedData([manyReks(200), good], eci), opts))).toBe("TOO_MANY_RECIPIENTS");
    // 5,000 of them are more elements than any envelope may hold: refused while parsing.
    expect(codeOf(() => unwrap(envelopedData([manyReks(5000), good], eci), opts))).toBe("TOO_MANY_ELEMENTS");
    expect(
      codeOf(() =>
        unwrap(
          envelopedData(
            Array.from({ length: 17 }, () => seq(int(0))),
            eci,
          ),
          opts,
        ),
      ),
    ).toBe("TOO_MANY_RECIPIENTS");
    // A bare key file (no certificate for our key, as the sandbox's partner-kep.key): entries naming a
    // certificate we know to be someone else's are skipped, others are tried with the key, at most twice.
    const bare: UnwrapOptions = { keys: { keys: keys.keys, certificates: [] }, trust: [cert(SIGN_CERT)] };
    expect(codeOf(() => unwrap(envelopedData([good], eci), bare))).toBe("OK");
    expect(codeOf(() => unwrap(envelopedData([kari([{ names: kep, byKeyId: true }])], eci), bare))).toBe(
      "OK",
    );
    const named = (o: UnwrapOptions) =>
      codeOf(() => unwrap(envelopedData([kari([{ names: other, q: ourQ }])], eci), o));
    expect(named(bare)).toBe("OK");
    expect(named({ ...bare, senderCertificates: [cert("DiiaKey2.cer")] })).toBe("NOT_FOR_US");
    expect(codeOf(() => unwrap(envelopedData([broken, good], eci), bare))).toBe("OK");
    expect(codeOf(() => unwrap(envelopedData([broken, broken, good], eci), bare))).toBe(
      "TOO_MANY_RECIPIENTS",
    );
    // Something that is no recipient info at all; an element after encryptedContentInfo that is not [1].
    expect(codeOf(() => unwrap(envelopedData([good, int(5)], eci), opts))).toBe("UNEXPECTED_ELEMENT");
    expect(codeOf(() => unwrap(envelopedData([good], eci, octet(forged)), opts))).toBe("UNEXPECTED_ELEMENT");
  });
});
