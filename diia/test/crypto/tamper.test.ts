// Tampering map (asserted exactly below):
//   IV → first plaintext block garbled at random → a structural refusal (MALFORMED, or with a ~1/256 chance of a
//        SEQUENCE tag surviving: TRUNCATED / TRAILING_DATA / UNEXPECTED_ELEMENT)
//   first ciphertext byte → the ContentInfo tag bit flips → MALFORMED
//   ciphertext over the signed content → messageDigest mismatch → BAD_SIGNATURE
//   encryptedKey / ukm → key unwrap integrity check fails → NOT_FOR_US (no entry opens with our key)
//   signed content, signature value, signingTime (inside a re-enveloped SignedData) → BAD_SIGNATURE
//   a key that is not a recipient → NOT_FOR_US
import { ContentInfo, EncapsulatedContent, EnvelopedData, SignedData } from "@peculiar/asn1-cms";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { beforeAll, describe, expect, it } from "vitest";
import { EnvelopeError } from "../../src/errors.ts";
import { buildEnvelope, buildSignedData } from "../../src/lib/cms/build.ts";
import { type UnwrapOptions, unwrap } from "../../src/unwrap.ts";
import { must } from "./fixtures.ts";
import { MATERIALS, pairsOf } from "./material.ts";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof EnvelopeError ? e.code : `untyped:${String(e)}`;
  }
  return "OK";
};

function flipAt(der: Uint8Array, needle: Uint8Array, offsetInNeedle = 0): Uint8Array {
  const at = Buffer.from(der).indexOf(Buffer.from(needle));
  if (at < 0) throw new Error("needle not found");
  const out = Uint8Array.from(der);
  out[at + offsetInNeedle] = (out[at + offsetInNeedle] ?? 0) ^ 0x01;
  return out;
}

/** A UTCTime's text as DER writes it (YYMMDDHHMMSSZ). */
const utcTime = (d: Date) => `${d.toISOString().slice(2, 19).replace(/[-T:]/g, "")}Z`;

describe.each(MATERIALS)("$name: tampered envelopes give exact error codes", (m) => {
  const content = new TextEncoder().encode("x".repeat(1000));
  const signingTime = m.diiaValidAt; // a whole minute, day 01: the flips below depend on it
  let opts: UnwrapOptions;
  let diia: ReturnType<typeof pairsOf>;
  let signed: Uint8Array;
  let der: Uint8Array;
  let env: EnvelopedData;
  const envelope = (inner: Uint8Array) =>
    buildEnvelope(inner, {
      originator: diia.originator,
      recipients: [m.partner.kep],
      includeOriginatorInfo: true,
    });

  beforeAll(() => {
    diia = pairsOf(m.diia);
    opts = { keys: m.partner.keys(), trust: [m.diia.sign] };
    signed = buildSignedData(content, { signer: diia.signer, signingTime });
    der = envelope(signed);
    env = AsnConvert.parse(AsnConvert.parse(der, ContentInfo).content, EnvelopedData);
  });

  it("the untouched envelope opens", () => {
    expect(codeOf(() => unwrap(der, opts))).toBe("OK");
  });

  it("a flipped IV byte → a structural refusal", () => {
    const params = new Uint8Array(must(env.encryptedContentInfo.contentEncryptionAlgorithm.parameters));
    // params = 30 4c 04 08 <iv> …: offset 4 is the first IV byte.
    expect(["MALFORMED", "TRUNCATED", "TRAILING_DATA", "UNEXPECTED_ELEMENT"]).toContain(
      codeOf(() => unwrap(flipAt(der, params, 4), opts)),
    );
  });

  it("a flipped ciphertext byte: in the header → MALFORMED, over the content → BAD_SIGNATURE", () => {
    const ct = new Uint8Array(must(env.encryptedContentInfo.encryptedContent?.value).buffer);
    expect(codeOf(() => unwrap(flipAt(der, ct, 0), opts))).toBe("MALFORMED");
    const contentAt = Buffer.from(signed).indexOf(Buffer.from(content));
    expect(codeOf(() => unwrap(flipAt(der, ct, contentAt + 500), opts))).toBe("BAD_SIGNATURE");
  });

  it("a flipped wrapped-key or ukm byte → NOT_FOR_US", () => {
    const kari = must(env.recipientInfos[0]?.kari);
    const wrapped = new Uint8Array(must(kari.recipientEncryptedKeys[0]).encryptedKey.buffer);
    expect(codeOf(() => unwrap(flipAt(der, wrapped, 10), opts))).toBe("NOT_FOR_US");
    expect(codeOf(() => unwrap(flipAt(der, new Uint8Array(must(kari.ukm).buffer), 5), opts))).toBe(
      "NOT_FOR_US",
    );
  });

  it("a flipped signed-content, signature or signingTime byte → BAD_SIGNATURE", () => {
    const contentFlipped = flipAt(signed, content, 10);
    expect(codeOf(() => unwrap(envelope(contentFlipped), opts))).toBe("BAD_SIGNATURE");
    const sig = signed.subarray(signed.length - 64); // the DSTU signature value ends the SignedData
    expect(codeOf(() => unwrap(envelope(flipAt(signed, sig, 3)), opts))).toBe("BAD_SIGNATURE");
    const utc = new TextEncoder().encode(utcTime(signingTime));
    // 12:00 → 12:01, still a valid time (an impossible one, like day 00, is MALFORMED).
    expect(codeOf(() => unwrap(envelope(flipAt(signed, utc, 9)), opts))).toBe("BAD_SIGNATURE");
    expect(codeOf(() => unwrap(envelope(flipAt(signed, utc, 5)), opts))).toBe("MALFORMED");
  });

  it("a messageDigest that does not match the content → BAD_SIGNATURE", () => {
    // Signed honestly over another content, then given ours: the signature holds, the digest does not match.
    const info = AsnConvert.parse(
      buildSignedData(new Uint8Array([1]), { signer: diia.signer, signingTime }),
      ContentInfo,
    );
    const sd = AsnConvert.parse(info.content, SignedData);
    sd.encapContentInfo.eContent = new EncapsulatedContent({ single: new OctetString(content) });
    info.content = AsnConvert.serialize(sd);
    const lying = new Uint8Array(AsnConvert.serialize(info));
    expect(codeOf(() => unwrap(envelope(lying), opts))).toBe("BAD_SIGNATURE");
  });

  it("a key that is not among the recipients → NOT_FOR_US", () => {
    expect(codeOf(() => unwrap(der, { keys: m.diia.keys() }))).toBe("NOT_FOR_US");
  });

  it("inputs that are not envelopes → MALFORMED; a truncated one → TRUNCATED", () => {
    expect(codeOf(() => unwrap("", opts))).toBe("MALFORMED");
    expect(codeOf(() => unwrap("%%%", opts))).toBe("MALFORMED");
    expect(codeOf(() => unwrap(der.subarray(0, der.length - 1), opts))).toBe("TRUNCATED");
    expect(codeOf(() => unwrap(signed, opts))).toBe("MALFORMED"); // SignedData without the envelope
  });
});
