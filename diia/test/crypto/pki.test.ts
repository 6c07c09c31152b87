import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { KeyError } from "../../src/errors.ts";
import { loadKeyStore } from "../../src/keys.ts";
import { publicKeyOf } from "../../src/lib/cms/read.ts";
import { dstuAgree } from "../../src/lib/primitives.ts";
import {
  createSandboxCa,
  createSandboxIdentity,
  generateKeyPair,
  loadIdentity,
  saveIdentity,
} from "../../src/pki.ts";
import { unwrap } from "../../src/unwrap.ts";
import { wrap } from "../../src/wrap.ts";

const dir = mkdtempSync(join(tmpdir(), "stiika-pki-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("sandbox PKI", () => {
  const ca = createSandboxCa({ commonName: "Stiika Sandbox CA", organization: "Stiika" });
  const diia = createSandboxIdentity(ca, {
    commonName: "ДП ДІЯ (sandbox)",
    organization: "ДП ДІЯ",
    serialNumber: "43395033",
  });
  const bank = createSandboxIdentity(ca, {
    commonName: "Банк (sandbox)",
    organization: "Банк",
    serialNumber: "12345678",
  });

  it("draws private scalars in [1, n-1] and key pairs that agree on a shared secret", () => {
    for (const m of [257, 431] as const) {
      for (let i = 0; i < 20; i++) {
        const k = generateKeyPair(m);
        expect(k.d >= 1n && k.d < k.curve.n).toBe(true);
      }
    }
    const a = generateKeyPair(431);
    const b = generateKeyPair(431);
    expect(Buffer.from(dstuAgree(a.curve, a.d, publicKeyOf(b))).toString("hex")).toBe(
      Buffer.from(dstuAgree(b.curve, b.d, publicKeyOf(a))).toString("hex"),
    );
  });

  it("issues CA-signed certificates with the right usages, SKI/AKI and subject", () => {
    expect(ca.cert.isSignedBy(ca.cert)).toBe(true);
    for (const pair of [diia.signer, diia.keyAgreement, bank.signer, bank.keyAgreement]) {
      expect(pair.cert.isSignedBy(ca.cert)).toBe(true);
      expect(pair.cert.isSignedBy(pair.cert)).toBe(false);
      expect(pair.cert.authorityKeyId).toBe(ca.cert.keyId);
      expect(pair.cert.issuer.commonName).toBe("Stiika Sandbox CA");
      expect(pair.cert.publicKey?.q).toBe(publicKeyOf(pair.key));
    }
    expect(diia.signer.cert.keyUsage).toEqual(["digitalSignature", "nonRepudiation"]);
    expect(diia.signer.cert.publicKey?.curve.m).toBe(257);
    expect(diia.keyAgreement.cert.keyUsage).toEqual(["keyAgreement"]);
    expect(diia.keyAgreement.cert.publicKey?.curve.m).toBe(431);
    expect(diia.signer.cert.subject).toMatchObject({
      commonName: "ДП ДІЯ (sandbox)",
      organization: "ДП ДІЯ",
      serialNumber: "43395033",
    });
  });

  it("saves and loads back through the ordinary loaders; a wrong password is BAD_PASSWORD", async () => {
    await saveIdentity(dir, "bank", bank, "sandbox-pw");
    const back = await loadIdentity(dir, "bank", "sandbox-pw");
    expect(back.signer.key.d).toBe(bank.signer.key.d);
    expect(back.keyAgreement.key.d).toBe(bank.keyAgreement.key.d);
    expect(back.keyAgreement.cert.equals(bank.keyAgreement.cert)).toBe(true);
    const { readFileSync } = await import("node:fs");
    let code: string | undefined;
    try {
      loadKeyStore(readFileSync(join(dir, "bank-kep.key")), "wrong");
    } catch (e) {
      code = e instanceof KeyError ? e.code : "untyped";
    }
    expect(code).toBe("BAD_PASSWORD");

    // An envelope signed by the sandbox Diia signer, enveloped to the partner's saved key-agreement cert.
    const env = wrap(new TextEncoder().encode('{"ok":true}'), {
      signer: diia.signer,
      originator: diia.keyAgreement,
      recipientCert: back.keyAgreement.cert,
    });
    const res = unwrap(env, {
      keys: { keys: [back.keyAgreement.key], certificates: [back.keyAgreement.cert] },
      trust: [diia.signer.cert],
    });
    expect(new TextDecoder().decode(res.content)).toBe('{"ok":true}');
    expect(res.signer.subject.commonName).toBe("ДП ДІЯ (sandbox)");
  }, 60_000);
});
