import { describe, expect, it } from "vitest";
import { loadCertificate } from "../../src/certificate.ts";
import { EnvelopeError, KeyError } from "../../src/errors.ts";
import { loadKeyStore } from "../../src/keys.ts";
import { dstuKeyId } from "../../src/lib/cms/dstu.ts";
import { publicKeyOf } from "../../src/lib/cms/read.ts";
import { gost34311 } from "../../src/lib/primitives.ts";
import { unwrap } from "../../src/unwrap.ts";
import { cert, diiaKeys, fixture, KEP_CERT, must, partnerKeys, SIGN_CERT } from "./fixtures.ts";

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    return e instanceof EnvelopeError || e instanceof KeyError ? e.code : `untyped:${String(e)}`;
  }
  return undefined;
};

describe("GOST 34.311 primitive", () => {
  it("hashes 'test data' to the vector published with the Python SDK", () => {
    const h = Buffer.from(gost34311(new TextEncoder().encode("test data"))).toString("base64");
    expect(h).toBe("HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=");
  });
});

describe("real Diia test material", () => {
  it("opens Key-6.dat: a 257-bit signing key and a 431-bit key-agreement key matching its certificates", () => {
    const store = partnerKeys();
    expect(store.keys.map((k) => k.curve.m)).toEqual([257, 431]);
    const serials = store.keys.map(
      (k) => store.certificates.find((c) => c.publicKey?.q === publicKeyOf(k))?.serial,
    );
    expect(serials).toEqual([
      "5b63d88375d9201804000000e0ba0500fa8f0e00",
      "5b63d88375d9201804000000e0ba0500fb8f0e00",
    ]);
  });

  it("opens DiiaTest.pfx (PKCS#12): Diia's test keys match DiiaKey1.cer / DiiaKey2.cer", () => {
    const store = diiaKeys();
    expect(store.certificates).toHaveLength(21);
    expect(store.keys.map((k) => publicKeyOf(k))).toEqual([
      cert("DiiaKey1.cer").publicKey?.q,
      cert("DiiaKey2.cer").publicKey?.q,
    ]);
  });

  it("reports BAD_PASSWORD for a wrong password and BAD_KEY_STORE for garbage", () => {
    expect(codeOf(() => loadKeyStore(fixture("Key-6.dat"), "wrong"))).toBe("BAD_PASSWORD");
    expect(codeOf(() => loadKeyStore(fixture("DiiaTest.pfx"), "wrong"))).toBe("BAD_PASSWORD");
    expect(codeOf(() => loadKeyStore(fixture("README.md"), "x"))).toBe("BAD_KEY_STORE");
    expect(codeOf(() => loadKeyStore(new Uint8Array(0), "x"))).toBe("BAD_KEY_STORE");
  });

  it("reads certificates from DER and PEM into the model", () => {
    const der = fixture(SIGN_CERT);
    const pem = `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n")}\n-----END CERTIFICATE-----\n`;
    const c = loadCertificate(pem);
    expect(c.equals(loadCertificate(der))).toBe(true);
    expect(c.subject.commonName).toBe("Тестовий Користувач 1");
    expect(c.subject.serialNumber).toBe("375520");
    expect(c.issuer.commonName).toBe('Тестовий ЦСК АТ "ІІТ"');
    expect(c.serial).toBe("5b63d88375d9201804000000e0ba0500fa8f0e00");
    expect(c.keyId).toBe("6c1ae74656b3ae83d5f346455f442cfb38262fd6b0eaa30b1f06eaa3372400e6");
    expect(c.authorityKeyId).toBe("5b63d88375d92018cdb4b10eb9b6a5c69a59fd4327c671e3c1f53aeab02d6ade");
    expect(c.validFrom.toISOString()).toBe("2024-08-30T22:25:32.000Z");
    expect(c.validTo.toISOString()).toBe("2025-08-29T22:25:32.000Z");
    expect(c.keyUsage).toEqual(["digitalSignature", "nonRepudiation"]);
    expect(c.publicKey?.curve.m).toBe(257);
    // The key id is GOST 34.311 of the public key, as IIT computes it.
    expect(Buffer.from(dstuKeyId(must(c.publicKey).curve, must(c.publicKey).q)).toString("hex")).toBe(
      c.keyId,
    );
    const diia = cert("DiiaKey1.cer");
    expect(diia.subject.organization).toBe("ДП ДІЯ (Тестування)");
    expect(diia.subject.edrpou).toBe("43395033");
    expect(cert("DiiaKey2.cer").keyUsage).toEqual(["keyAgreement"]);
    expect(cert(KEP_CERT).publicKey?.curve.m).toBe(431);
    expect(codeOf(() => loadCertificate("not a certificate"))).toBe("BAD_CERTIFICATE");
    expect(codeOf(() => loadCertificate(new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])))).toBe(
      "BAD_CERTIFICATE",
    );
  });

  it("unwraps the real encodeData to exactly the expected JSON, signer identified", () => {
    const res = unwrap(fixture("encodedData.json.p7s.p7e").toString("utf8"), { keys: partnerKeys() });
    expect(Buffer.from(res.content).equals(fixture("encodedData.expected.json"))).toBe(true);
    expect(res.signer.keyId).toBe("6c1ae74656b3ae83d5f346455f442cfb38262fd6b0eaa30b1f06eaa3372400e6");
    expect(res.signer.serial).toBe("5b63d88375d9201804000000e0ba0500fa8f0e00");
    expect(res.signer.subject.commonName).toBe("Тестовий Користувач 1");
    expect(res.signingTime?.toISOString()).toBe("2024-10-24T10:22:56.000Z");
    // Both certificates were valid at signing time even though they have expired since.
    expect(res.signer.validFrom.getTime()).toBeLessThan(must(res.signingTime).getTime());
    expect(res.signer.validTo.getTime()).toBeGreaterThan(must(res.signingTime).getTime());
  });

  it("accepts the fixture as DER bytes and as base64 with newlines; pins the signer by cert, refuses others", () => {
    const b64 = fixture("encodedData.json.p7s.p7e").toString("utf8").replace(/\s+/g, "");
    const der = Buffer.from(b64, "base64");
    const keys = partnerKeys();
    expect(unwrap(new Uint8Array(der), { keys }).signer.serial).toMatch(/fa8f0e00$/);
    expect(unwrap(b64.replace(/.{76}/g, "$&\r\n"), { keys, trust: [cert(SIGN_CERT)] }).content.length).toBe(
      808,
    );
    expect(codeOf(() => unwrap(b64, { keys, trust: [cert("DiiaKey1.cer")] }))).toBe("UNTRUSTED_SIGNER");
    expect(codeOf(() => unwrap(b64, { keys: diiaKeys() }))).toBe("NOT_FOR_US");
  });
});
