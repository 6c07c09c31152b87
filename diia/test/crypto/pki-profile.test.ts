// The sandbox's certificates must look like Diia's: the extensions a receiver that validates online reads (AIA,
// CRL distribution points, policies, qcStatements, key usage, SKI/AKI). Compared with Diia's real test signing
// certificate, read by a hand DER splitter (test/adversarial/asn1.ts), not by the code under test.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadCertificate, loadCertificates } from "../../src/certificate.ts";
import { KeyError } from "../../src/errors.ts";
import { CERT_OID, type CertificateProfile, createSandboxCa, createSandboxIdentity } from "../../src/pki.ts";
import { at, element, items } from "../adversarial/asn1.ts";
import { fixture } from "./fixtures.ts";

/** extnID (dotted) → { critical, extnValue bytes } of each extension, in order, read by hand. */
function extensionsOf(der: Uint8Array) {
  const tbs = at(der, 0);
  const exts = items(tbs).find((f) => f[0] === 0xa3);
  if (!exts) return [];
  return items(at(exts, 0)).map((ext) => {
    const parts = items(ext);
    const oidBytes = element(parts[0] as Uint8Array).body;
    const arcs: number[] = [];
    let v = 0;
    for (const b of oidBytes) {
      v = v * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) {
        arcs.push(v);
        v = 0;
      }
    }
    const [head = 0, ...tail] = arcs;
    const first = head < 40 ? 0 : head < 80 ? 1 : 2;
    const critical = parts.length === 3 && element(parts[1] as Uint8Array).body[0] === 0xff;
    const value = Buffer.from(element(parts.at(-1) as Uint8Array).body).toString("hex");
    return { oid: [first, head - first * 40, ...tail].join("."), critical, value };
  });
}

// What Diia's certificate names, fed back into our profile: the same inputs must give the same bytes.
const DIIA_PROFILE: CertificateProfile = {
  extendedKeyUsage: [CERT_OID.uaSignerPurpose],
  policies: [{ oid: CERT_OID.uaQualifiedPolicy, cpsUrl: "https://ca.informjust.ua/reglament/" }],
  qualified: { pdsUrl: "https://ca.informjust.ua/" },
  crlUrls: ["http://ca.informjust.ua/download/crls/CA-BED50831-Full-S17.crl"],
  ocspUrl: "http://ca.informjust.ua/services/ocsp/",
  caIssuersUrl: "http://ca.informjust.ua/uploads/certificates/diia.p7b",
  edrpou: "43395033",
};

/** Extensions Diia's certificate has that the sandbox does not write, and why. */
const NOT_WRITTEN = {
  "2.5.29.17": "subjectAltName: a person's phone and e-mail at IIT, nothing a receiver checks",
  "2.5.29.46": "freshestCRL: the sandbox publishes full CRLs only",
  "1.3.6.1.5.5.7.1.11": "subjectInfoAccess: a timestamping service the sandbox does not run",
};

describe("certificate profile compared with Diia's DiiaKey1.cer", () => {
  const diia = fixture("DiiaKey1.cer");
  const ca = createSandboxCa({ commonName: "CA" }, undefined, {
    policies: [{ oid: CERT_OID.uaQualifiedPolicy, cpsUrl: "https://ca.informjust.ua/reglament/" }],
  });
  const ours = createSandboxIdentity(
    ca,
    { commonName: "ДП ДІЯ (пісочниця)" },
    undefined,
    DIIA_PROFILE,
  ).signer;

  it("has Diia's extensions, in Diia's order, with Diia's critical flags (minus the listed ones)", () => {
    const theirs = extensionsOf(diia).filter((e) => !(e.oid in NOT_WRITTEN));
    const mine = extensionsOf(ours.cert.der);
    expect(mine.map(({ oid, critical }) => ({ oid, critical }))).toEqual(
      theirs.map(({ oid, critical }) => ({ oid, critical })),
    );
    expect(mine.map((e) => e.oid)).toEqual(
      expect.arrayContaining([
        CERT_OID.authorityInfoAccess,
        CERT_OID.crlDistributionPoints,
        CERT_OID.certificatePolicies,
        CERT_OID.qcStatements,
        "2.5.29.15",
        "2.5.29.14",
        "2.5.29.35",
      ]),
    );
  });

  it("encodes each profile extension byte for byte as Diia's (same inputs, same DER)", () => {
    const theirs = new Map(extensionsOf(diia).map((e) => [e.oid, e.value]));
    for (const e of extensionsOf(ours.cert.der)) {
      // SKI/AKI name other keys.
      if (e.oid === "2.5.29.14" || e.oid === "2.5.29.35") continue;
      expect({ oid: e.oid, value: e.value }).toEqual({ oid: e.oid, value: theirs.get(e.oid) });
    }
  });

  it("reads the URLs receivers follow, from Diia's certificate and from ours alike", () => {
    const real = loadCertificate(diia);
    expect(real.ocspUrls).toEqual(["http://ca.informjust.ua/services/ocsp/"]);
    expect(real.caIssuersUrls).toEqual(["http://ca.informjust.ua/uploads/certificates/diia.p7b"]);
    expect(real.crlUrls).toEqual(["http://ca.informjust.ua/download/crls/CA-BED50831-Full-S17.crl"]);
    expect(real.extendedKeyUsage).toEqual([CERT_OID.uaSignerPurpose]);
    expect(ours.cert.ocspUrls).toEqual(real.ocspUrls);
    expect(ours.cert.caIssuersUrls).toEqual(real.caIssuersUrls);
    expect(ours.cert.crlUrls).toEqual(real.crlUrls);
    expect(ours.cert.subject.edrpou).toBe("43395033");
    expect(ours.cert.isSignedBy(ca.cert)).toBe(true);
  });

  it("marks a CA's basicConstraints critical and an end entity's not", () => {
    const bc = (der: Uint8Array) => extensionsOf(der).find((e) => e.oid === "2.5.29.19");
    expect(bc(ca.cert.der)).toMatchObject({ critical: true, value: "30030101ff" });
    expect(bc(ours.cert.der)).toMatchObject({ critical: false, value: "3000" });
  });
});

describe("what a caIssuers URL publishes", () => {
  it("reads a certificate or a certs-only PKCS#7 bundle (made by openssl crl2pkcs7), and refuses other bytes", () => {
    const der = fixture("DiiaKey1.cer");
    const dir = mkdtempSync(join(tmpdir(), "stiika-p7b-"));
    try {
      writeFileSync(join(dir, "d.cer"), der);
      execFileSync("openssl", [
        "x509",
        "-inform",
        "DER",
        "-in",
        join(dir, "d.cer"),
        "-out",
        join(dir, "d.pem"),
      ]);
      execFileSync("openssl", [
        "crl2pkcs7",
        "-nocrl",
        "-certfile",
        join(dir, "d.pem"),
        "-outform",
        "DER",
        "-out",
        join(dir, "d.p7b"),
      ]);
      const bundle = loadCertificates(readFileSync(join(dir, "d.p7b")));
      expect(bundle.map((c) => c.serial)).toEqual([loadCertificate(der).serial]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(loadCertificates(der).map((c) => c.serial)).toEqual([loadCertificate(der).serial]);
    expect(() => loadCertificates(Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00))).toThrow(KeyError);
  });
});
