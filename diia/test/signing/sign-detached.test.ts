// signDetached, the sandbox's Дія.Підпис: our verifier accepts it, and unmodified jkurwa verifies its signature over
// the DER signed attributes with the certificate's key (so our writer and reader do not merely agree with each other).
import { describe, expect, it } from "vitest";
import { createSandboxCa, generateKeyPair, issueCertificate } from "../../src/pki.ts";
import { verifyDetachedSignature } from "../../src/signature.ts";
import { signDetached, signingDigest } from "../../src/signing.ts";
import { at, element, items } from "../adversarial/asn1.ts";
import { codeOf } from "../adversarial/code-of.ts";
import { retag } from "../adversarial/forge.ts";
import { oracle } from "../fast/oracle.ts";

const le = (b: Uint8Array): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);

describe("signDetached", () => {
  const now = new Date();
  const ca = createSandboxCa(
    { commonName: "Sandbox qualified CA" },
    { from: new Date(now.getTime() - 86_400_000) },
  );
  const key = generateKeyPair(257);
  const cert = issueCertificate({
    key,
    subject: { commonName: "Шевченко Тарас Григорович", serialNumber: "TINUA-3652504575" },
    keyUsage: ["digitalSignature", "nonRepudiation"],
    issuer: ca,
    validFrom: new Date(now.getTime() - 3_600_000),
    profile: { drfo: "3652504575" },
  });
  const pdf = new TextEncoder().encode("%PDF-1.4\n% заява\n%%EOF\n");
  const hash = signingDigest(pdf, "GOST34311");

  it("verifies with verifyDetachedSignature (РНОКПП, signing time) and with jkurwa", () => {
    const sig = signDetached(hash, { signer: { key, cert }, signingTime: now });
    const res = verifyDetachedSignature({
      signature: sig,
      expectedHash: hash,
      hashAlgorithm: "GOST34311",
      trustedCAs: [ca.cert],
    });
    expect(res.rnokpp).toBe("3652504575");
    expect(res.signingTime?.getTime()).toBe(Math.floor(now.getTime() / 1000) * 1000);
    // jkurwa: DSTU 4145 over GOST 34.311 (gost89) of the signed attributes as a SET.
    const signerInfos = items(at(sig, 1, 0)).at(-1) ?? new Uint8Array();
    const fields = items(at(signerInfos, 0));
    const attrs = fields.find((f) => f[0] === 0xa0) ?? new Uint8Array();
    const value = items(at(signerInfos, 0)).at(-1) ?? new Uint8Array();
    const body = element(value).body;
    const half = body.length / 2;
    const pk = cert.publicKey;
    expect(pk).toBeDefined();
    if (pk === undefined) return;
    expect(
      oracle.verify(pk.curve, pk.q, oracle.hash(retag(attrs, 0x31)), {
        r: le(body.subarray(0, half)),
        s: le(body.subarray(half)),
      }),
    ).toBe(true);
  });

  it("refuses a hash that is not 32 bytes and a key that is not the certificate's", () => {
    expect(codeOf(() => signDetached(new Uint8Array(31), { signer: { key, cert } }))).toBe("MALFORMED");
    expect(() => signDetached(hash, { signer: { key: generateKeyPair(257), cert } })).toThrow(
      /does not match/,
    );
  });
});
