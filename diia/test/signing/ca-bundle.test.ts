// IIT's bundle of test CA certificates (744 in one certs-only PKCS#7) as a trust list: too many nodes for a
// whole-tree ASN.1 parse, so the bundle is split into its certificates before each is read.
import { describe, expect, it } from "vitest";
import { KeyError, loadCertificate, loadCertificates } from "../../src/index.ts";
import { cert, fixture, SIGN_CERT } from "../crypto/fixtures.ts";

describe("CACertificates.Test.All.p7b", () => {
  it("loads all 744 certificates, among them the issuer of the IIT test user's signing certificate", () => {
    const cas = loadCertificates(fixture("CACertificates.Test.All.p7b"));
    expect(cas).toHaveLength(744); // as `openssl pkcs7 -print_certs` counts them (the fixture README says 662)
    const leaf = cert(SIGN_CERT);
    const issuers = cas.filter((c) => c.keyId === leaf.authorityKeyId && leaf.isSignedBy(c));
    expect(issuers.map((c) => c.subject.commonName)).toEqual(['Тестовий ЦСК АТ "ІІТ"']);
    // Each is the very certificate the bundle carries: re-reading its DER gives the same.
    const first = cas[0];
    expect(first && loadCertificate(first.der).equals(first)).toBe(true);
  });

  it("refuses a bundle whose certificate set holds something that is not a certificate", () => {
    const der = new Uint8Array(fixture("CACertificates.Test.All.p7b"));
    // Cut inside the first certificate: its declared length now runs beyond the data.
    expect(() => loadCertificates(der.subarray(0, 2000))).toThrow(KeyError);
  });
});
