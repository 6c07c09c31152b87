// The signer's РНОКПП, read where Ukrainian qualified certificates carry it: the ДРФО subjectDirectoryAttribute
// and the subject serialNumber "TINUA-<10 digits>". Certificates from the sandbox PKI, signatures by jkurwa.
import { beforeAll, describe, expect, it } from "vitest";
import type { Certificate } from "../../src/certificate.ts";
import { createSandboxCa, generateKeyPair, issueCertificate, type KeyWithCert } from "../../src/pki.ts";
import { verifyDetachedSignature } from "../../src/signature.ts";
import { signingDigest } from "../../src/signing.ts";
import { codeOf } from "../adversarial/code-of.ts";
import { gostHash, jkDetachedSignature, jkPriv, jkSignerFor } from "./jk-sign.ts";

const FILE = new TextEncoder().encode("%PDF-1.4 заява\n%%EOF\n");
const NOW = new Date();

describe("the signer's РНОКПП", () => {
  let ca: KeyWithCert;
  beforeAll(() => {
    ca = createSandboxCa(
      { commonName: "Sandbox qualified CA", serialNumber: "UA-00000000" },
      { from: new Date(NOW.getTime() - 2 * 86_400_000) },
    );
  });

  const citizen = (serialNumber: string | undefined, drfo: string | undefined) => {
    const key = generateKeyPair(257);
    const cert: Certificate = issueCertificate({
      key,
      subject: { commonName: "Шевченко Тарас Григорович", ...(serialNumber ? { serialNumber } : {}) },
      keyUsage: ["digitalSignature", "nonRepudiation"],
      issuer: ca,
      validFrom: new Date(NOW.getTime() - 86_400_000),
      ...(drfo ? { profile: { drfo } } : {}),
    });
    const signature = jkDetachedSignature(
      jkSignerFor(cert.der, jkPriv(cert.der, key.d)),
      gostHash(FILE),
      NOW,
    );
    return () =>
      verifyDetachedSignature({
        signature,
        expectedHash: signingDigest(FILE, "GOST34311"),
        hashAlgorithm: "GOST34311",
        trustedCAs: [ca.cert],
      });
  };

  it("from the subject serialNumber TINUA-…", () => {
    expect(citizen("TINUA-3652504575", undefined)().rnokpp).toBe("3652504575");
  });
  it("from the ДРФО subjectDirectoryAttribute", () => {
    expect(citizen("1234", "3652504575")().rnokpp).toBe("3652504575");
  });
  it("both naming the same number is that number; a number whose check digit is wrong is none", () => {
    expect(citizen("TINUA-3652504575", "3652504575")().rnokpp).toBe("3652504575");
    expect(citizen("TINUA-3652504576", undefined)().rnokpp).toBeUndefined();
    expect(citizen("PASUA-АА123456", undefined)().rnokpp).toBeUndefined();
  });
  it("two different numbers in one certificate are refused", () => {
    expect(codeOf(citizen("TINUA-3652504575", "2222222222"))).toBe("SIGNER_ID_CONFLICT");
  });
});
