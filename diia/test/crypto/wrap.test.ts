import { randomBytes } from "node:crypto";
import { ContentInfo, EnvelopedData } from "@peculiar/asn1-cms";
import { AsnConvert } from "@peculiar/asn1-schema";
import * as asn1js from "asn1js";
import { beforeAll, describe, expect, it } from "vitest";
import type { Certificate } from "../../src/certificate.ts";
import { EnvelopeError } from "../../src/errors.ts";
import { unwrap } from "../../src/unwrap.ts";
import { wrap } from "../../src/wrap.ts";
import { MATERIALS, pairsOf } from "./material.ts";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof EnvelopeError ? e.code : `untyped:${String(e)}`;
  }
  return undefined;
};

/** Tag/OID skeleton of a DER tree: every constructed node's tag path and every OID, but no values. */
function shape(der: Uint8Array): string[] {
  const out: string[] = [];
  const walk = (n: asn1js.AsnType, path: string) => {
    const here = `${path}/${n.idBlock.tagClass}.${n.idBlock.tagNumber}`;
    if (n instanceof asn1js.ObjectIdentifier) out.push(`${here}=${n.valueBlock.toString()}`);
    else if (n instanceof asn1js.Integer && path.split("/").length < 6)
      out.push(`${here}=${n.valueBlock.valueDec}`);
    if (n.idBlock.isConstructed && !(n instanceof asn1js.OctetString)) {
      for (const c of (n as asn1js.Constructed).valueBlock.value) walk(c, here);
    }
  };
  walk(asn1js.fromBER(der).result, "");
  return out;
}

const envelopeOf = (der: Uint8Array) =>
  AsnConvert.parse(AsnConvert.parse(der, ContentInfo).content, EnvelopedData);

describe.each(MATERIALS)("$name: wrap → unwrap with Diia's identity and the partner's", (m) => {
  let diia: ReturnType<typeof pairsOf>;
  let partner: ReturnType<typeof pairsOf>;
  let kep: Certificate;
  let diiaTrust: Certificate[];
  const inWindow = m.diiaValidAt;
  const partnerKeys = () => m.partner.keys();

  beforeAll(() => {
    diia = pairsOf(m.diia);
    partner = pairsOf(m.partner);
    kep = m.partner.kep;
    diiaTrust = [m.diia.sign, m.diia.kep];
  });

  it("has the same ASN.1 shape (tags, OIDs, versions) as the recorded envelope", () => {
    const ours = wrap(new TextEncoder().encode("{}"), {
      ...partner,
      recipientCert: kep,
      signingTime: inWindow,
    });
    const real = Buffer.from(m.envelope.text, "base64");
    expect(shape(ours)).toEqual(shape(real));
    const env = envelopeOf(ours);
    const kari = env.recipientInfos[0]?.kari;
    expect(env.version).toBe(2);
    expect(kari?.version).toBe(3);
    expect(kari?.ukm?.byteLength).toBe(64);
    expect(kari?.originator.issuerAndSerialNumber).toBeDefined();
    expect(env.originatorInfo?.certs?.length).toBe(1);
  });

  it("content signed by Diia's identity is accepted when pinned to Diia's certificates", () => {
    const content = new TextEncoder().encode('{"barcode":"123"}');
    const der = wrap(content, { ...diia, recipientCert: kep, signingTime: inWindow });
    const res = unwrap(der, { keys: partnerKeys(), trust: diiaTrust });
    expect(new TextDecoder().decode(res.content)).toBe('{"barcode":"123"}');
    expect(res.signer.subject.commonName).toBe(m.diia.commonName);
    expect(res.signer.serial).toBe(m.diia.sign.serial);
    expect(res.signingTime?.toISOString()).toBe(inWindow.toISOString());
  });

  it("signing outside the Diia certificates' validity gives CERT_EXPIRED_AT_SIGNING", () => {
    const der = wrap(new Uint8Array([1]), {
      ...diia,
      recipientCert: kep,
      signingTime: m.diiaExpiredAt,
    });
    expect(codeOf(() => unwrap(der, { keys: partnerKeys(), trust: diiaTrust }))).toBe(
      "CERT_EXPIRED_AT_SIGNING",
    );
  });

  it("the same content signed by the partner is UNTRUSTED_SIGNER when pinned to Diia, accepted unpinned", () => {
    const der = wrap(new Uint8Array([1, 2, 3]), {
      ...partner,
      recipientCert: kep,
      signingTime: m.partnerValidAt,
    });
    expect(codeOf(() => unwrap(der, { keys: partnerKeys(), trust: diiaTrust }))).toBe("UNTRUSTED_SIGNER");
    expect(unwrap(der, { keys: partnerKeys() }).signer.keyId).toBe(m.partner.sign.keyId);
  });

  const sizes = [1, 1000, 140 * 1024, 2 * 1024 * 1024];
  it.each(sizes)(
    "round-trips %i bytes with originatorInfo",
    (size) => {
      const content = new Uint8Array(randomBytes(size));
      const der = wrap(content, { ...diia, recipientCert: kep, signingTime: inWindow });
      expect(
        Buffer.from(unwrap(der, { keys: partnerKeys(), trust: diiaTrust }).content).equals(content),
      ).toBe(true);
    },
    60_000,
  );

  it("round-trips without originatorInfo (sender cert from the configured Diia certs)", () => {
    const content = new Uint8Array(randomBytes(1000));
    const der = wrap(content, {
      ...diia,
      recipientCert: kep,
      includeOriginatorInfo: false,
      signingTime: inWindow,
    });
    expect(envelopeOf(der).originatorInfo).toBeUndefined();
    expect(codeOf(() => unwrap(der, { keys: partnerKeys() }))).toBe("NOT_FOR_US");
    const res = unwrap(der, {
      keys: partnerKeys(),
      trust: diiaTrust,
      senderCertificates: [m.diia.kep],
    });
    expect(Buffer.from(res.content).equals(content)).toBe(true);
  });

  it("opens an envelope where our key is the second recipient", () => {
    const content = new Uint8Array(randomBytes(140 * 1024));
    const der = wrap(content, {
      ...diia,
      recipientCert: m.diia.kep,
      extraRecipients: [kep],
      signingTime: inWindow,
    });
    expect(envelopeOf(der).recipientInfos[0]?.kari?.recipientEncryptedKeys.length).toBe(2);
    expect(Buffer.from(unwrap(der, { keys: partnerKeys(), trust: diiaTrust }).content).equals(content)).toBe(
      true,
    );
    // Diia itself (first recipient) can open it too.
    expect(Buffer.from(unwrap(der, { keys: m.diia.keys(), trust: diiaTrust }).content).equals(content)).toBe(
      true,
    );
  });

  it("supports an ephemeral originator key (originatorKey) when no static key is given", () => {
    const der = wrap(new Uint8Array([7]), { signer: diia.signer, recipientCert: kep, signingTime: inWindow });
    expect(envelopeOf(der).recipientInfos[0]?.kari?.originator.originatorKey).toBeDefined();
    expect(Array.from(unwrap(der, { keys: partnerKeys(), trust: diiaTrust }).content)).toEqual([7]);
  });
});
