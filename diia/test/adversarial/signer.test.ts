// What the signer itself may put in a SignerInfo, and who may be the signer. Signed by unmodified jkurwa with
// Diia's test identity (DiiaTest.pfx), assembled by hand, enveloped by jkurwa + gost89 to the Key-6 partner;
// pinned to DiiaKey1 + DiiaKey2 as a server configured with both of Diia's certificates would be.
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { type UnwrapOptions, unwrap } from "../../src/unwrap.ts";
import { cert, diiaKeys, fixture, KEP_CERT, must, partnerKeys } from "../crypto/fixtures.ts";
import { oracle, standardCurve } from "../fast/oracle.ts";
import { type Bytes, ctxPrim, indefinite, OIDS, octet, oid, seq, set, sortedSet, tlv, utc } from "./asn1.ts";
import { codeOf } from "./code-of.ts";
import {
  attribute,
  certInfo,
  contentTypeAttr,
  digestAttr,
  diiaAttrs,
  envelope,
  type Key,
  retag,
  signedData,
  signerInfo,
  timeAttr,
} from "./forge.ts";

describe("signers and what they sign", () => {
  const content = new TextEncoder().encode('{"requestId":"r-1","documentTypes":["internal-passport"]}');
  const inWindow = "230601120000Z"; // DiiaKey1/2 are valid 2022-04-05 … 2024-04-05
  let opts: UnwrapOptions;
  let signKey: Key;
  let kaKey: Key;
  let signCert: Bytes;
  let kaCert: Bytes;
  let kep: Bytes;

  /** Signs `attrs` (as given: a SET's elements) with `key`, carries them in a SignedData and envelopes it. */
  const deliver = (o: {
    attrs?: Bytes[];
    set?: Bytes;
    key?: Key;
    sid?: Bytes;
    certs?: Bytes[];
    eContentType?: string;
    signOver?: Bytes;
    body?: Bytes;
  }) => {
    const attrsSet = o.set ?? sortedSet(...(o.attrs ?? diiaAttrs(content, inWindow)));
    const si = signerInfo({
      sid: o.sid ?? certInfo(signCert).ias,
      key: o.key ?? signKey,
      attrsSet,
      ...(o.signOver ? { signOver: o.signOver } : {}),
    });
    const inner = signedData({
      content: o.body ?? content,
      signerInfos: [si],
      certs: o.certs ?? [signCert],
      ...(o.eContentType ? { eContentType: o.eContentType } : {}),
    });
    return envelope(inner, standardCurve("DSTU_PB_431"), { names: kep });
  };
  const open = (der: Bytes, o: UnwrapOptions = opts) => codeOf(() => unwrap(der, o));

  beforeAll(() => {
    const store = diiaKeys();
    const [k1, k2] = store.keys;
    signKey = must(k1);
    kaKey = must(k2);
    signCert = new Uint8Array(fixture("DiiaKey1.cer"));
    kaCert = new Uint8Array(fixture("DiiaKey2.cer"));
    kep = new Uint8Array(fixture(KEP_CERT));
    opts = { keys: partnerKeys(), trust: [cert("DiiaKey1.cer"), cert("DiiaKey2.cer")] };
  });

  it("an honest envelope by issuerAndSerialNumber verifies, pinned", () => {
    const res = unwrap(deliver({}), opts);
    expect(new TextDecoder().decode(res.content)).toBe(new TextDecoder().decode(content));
    expect(res.signer.serial).toBe(cert("DiiaKey1.cer").serial);
    expect(res.signingTime?.toISOString()).toBe("2023-06-01T12:00:00.000Z");
    expect(res.pinned).toBe(true);
    expect(unwrap(deliver({}), { keys: partnerKeys() }).pinned).toBe(false);
  });

  it("a signer identified by subjectKeyIdentifier (sid [0], version 3) verifies when honest", () => {
    const ski = must(certInfo(signCert).ski);
    const res = unwrap(deliver({ sid: ctxPrim(0, ski) }), opts);
    expect(res.signer.keyId).toBe(Buffer.from(ski).toString("hex"));
    // Without the certificate in the envelope too (the pinned one is found by its key id).
    expect(open(deliver({ sid: ctxPrim(0, ski), certs: [] }))).toBe("OK");
    // A key id nobody has.
    expect(open(deliver({ sid: ctxPrim(0, new Uint8Array(32)) }))).toBe("UNTRUSTED_SIGNER");
  });

  it("a key-agreement certificate as signer, even a pinned one, → SIGNER_KEY_USAGE", () => {
    const der = deliver({ key: kaKey, sid: certInfo(kaCert).ias, certs: [kaCert] });
    expect(open(der)).toBe("SIGNER_KEY_USAGE");
    expect(open(der, { keys: partnerKeys() })).toBe("SIGNER_KEY_USAGE");
  });

  it("contentType missing, other than eContentType, or eContentType not data → CONTENT_TYPE_MISMATCH", () => {
    const [, time, md] = diiaAttrs(content, inWindow);
    expect(open(deliver({ attrs: [must(time), must(md)] }))).toBe("CONTENT_TYPE_MISMATCH");
    expect(open(deliver({ attrs: [contentTypeAttr(OIDS.signedData), must(time), must(md)] }))).toBe(
      "CONTENT_TYPE_MISMATCH",
    );
    // Signed consistently, but not plain data.
    expect(
      open(
        deliver({
          attrs: [contentTypeAttr(OIDS.envelopedData), must(time), must(md)],
          eContentType: OIDS.envelopedData,
        }),
      ),
    ).toBe("CONTENT_TYPE_MISMATCH");
    // No signed attributes at all: the signature would be over the content alone, with no contentType.
    const si = seq(
      ...[
        tlv(0x02, Uint8Array.of(1)),
        certInfo(signCert).ias,
        seq(oid(OIDS.gost34311)),
        seq(oid(OIDS.dstu4145le)),
        tlv(0x04, new Uint8Array(64)),
      ],
    );
    const bare = envelope(
      signedData({ content, signerInfos: [si], certs: [signCert] }),
      standardCurve("DSTU_PB_431"),
      { names: kep },
    );
    expect(open(bare)).toBe("CONTENT_TYPE_MISMATCH");
  });

  it("attributes the signer signed in a non-DER form (unsorted, indefinite length) → SIGNED_ATTRS_NOT_DER", () => {
    const attrs = diiaAttrs(content, inWindow);
    const unsorted = set(must(attrs[2]), must(attrs[0]), must(attrs[1]));
    expect(open(deliver({ set: unsorted }))).toBe("SIGNED_ATTRS_NOT_DER");
    // The signer hashed the BER bytes itself, so the signature over them is genuine.
    const ber = indefinite(0x31, ...attrs);
    expect(open(deliver({ set: ber }))).toBe("SIGNED_ATTRS_NOT_DER");
    expect(open(deliver({ set: sortedSet(...attrs) }))).toBe("OK");
  });

  it("attributes signed twice over (two messageDigests, or one with two values) → DUPLICATE_ATTRIBUTE", () => {
    const other = new TextEncoder().encode("{}");
    const attrs = [contentTypeAttr(), timeAttr(inWindow), digestAttr(content), digestAttr(other)];
    expect(open(deliver({ attrs }))).toBe("DUPLICATE_ATTRIBUTE");
    expect(open(deliver({ attrs, body: other }))).toBe("DUPLICATE_ATTRIBUTE");
    const twoTimes = attribute(OIDS.signingTime, utc(inWindow), utc("230602120000Z"));
    expect(open(deliver({ attrs: [contentTypeAttr(), twoTimes, digestAttr(content)] }))).toBe(
      "DUPLICATE_ATTRIBUTE",
    );
  });

  it("more than 16 signed attributes → TOO_MANY_ATTRIBUTES; 16 verify", () => {
    const extra = (n: number) => Array.from({ length: n }, (_, i) => attribute(`1.2.3.${i}`, oid("1.2.3")));
    expect(open(deliver({ attrs: [...diiaAttrs(content, inWindow), ...extra(13)] }))).toBe("OK");
    expect(open(deliver({ attrs: [...diiaAttrs(content, inWindow), ...extra(14)] }))).toBe(
      "TOO_MANY_ATTRIBUTES",
    );
  });

  it("retagging the signed attributes is not a way around the [0] field: another tag → UNEXPECTED_ELEMENT", () => {
    const attrsSet = sortedSet(...diiaAttrs(content, inWindow));
    const si = signerInfo({ sid: certInfo(signCert).ias, key: signKey, attrsSet });
    // The same SignerInfo with the attributes under [2] instead of [0].
    const moved = Uint8Array.from(si);
    const at0 = Buffer.from(moved).indexOf(Buffer.from(retag(attrsSet, 0xa0)));
    moved[at0] = 0xa2;
    const inner = signedData({ content, signerInfos: [moved], certs: [signCert] });
    expect(open(envelope(inner, standardCurve("DSTU_PB_431"), { names: kep }))).toBe("UNEXPECTED_ELEMENT");
  });

  it("a signed signingCertificateV2 naming another certificate than the verifying one → UNTRUSTED_SIGNER", () => {
    const v2 = (alg: Bytes[], hash: Bytes) =>
      attribute("1.2.840.113549.1.9.16.2.47", seq(seq(seq(...alg, octet(hash)))));
    const gost = [seq(oid(OIDS.gost34311))];
    const withV2 = (attr: Bytes) => deliver({ attrs: [...diiaAttrs(content, inWindow), attr] });
    // As IIT writes it (GOST 34.311 of the certificate, like the real fixture); SHA-256 by default.
    expect(open(withV2(v2(gost, oracle.hash(signCert))))).toBe("OK");
    expect(open(withV2(v2([], new Uint8Array(createHash("sha256").update(signCert).digest()))))).toBe("OK");
    // The signer says it signed with DiiaKey2's certificate (or any other), while we verified with DiiaKey1.
    expect(open(withV2(v2(gost, oracle.hash(kaCert))))).toBe("UNTRUSTED_SIGNER");
    expect(open(withV2(v2([], new Uint8Array(32))))).toBe("UNTRUSTED_SIGNER");
  });
});
