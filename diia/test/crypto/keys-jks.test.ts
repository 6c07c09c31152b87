// JKS (Java KeyStore) with DSTU keys, as Ukrainian CAs hand them out: the test writes the file itself (Sun's
// format, independently of the reader under test) from a key made by generateKeyPair and a certificate made by
// issueCertificate, then opens it with loadKeyStore.
import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { KeyError } from "../../src/errors.ts";
import { type KeyStore, loadKeyStore, type PrivateKey } from "../../src/keys.ts";
import { bigintToLe, encodeDstuKeyParams } from "../../src/lib/cms/dstu.ts";
import { OID } from "../../src/lib/cms/oids.ts";
import { publicKeyOf } from "../../src/lib/cms/read.ts";
import { createSandboxCa, generateKeyPair, issueCertificate } from "../../src/pki.ts";

const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof KeyError ? e.code : `untyped:${String(e)}`;
  }
  return "OK";
};

/** PKCS#8 PrivateKeyInfo laid out as IIT writes DSTU keys: explicit curve + DKE, d little-endian. */
function privateKeyInfo(key: PrivateKey): Uint8Array {
  const dLen = Math.ceil(key.curve.n.toString(2).length / 8);
  return new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Integer({ value: 0 }),
        new asn1js.Sequence({
          value: [
            new asn1js.ObjectIdentifier({ value: OID.dstu4145le }),
            asn1js.fromBER(encodeDstuKeyParams(key.curve)).result,
          ],
        }),
        new asn1js.OctetString({ valueHex: bigintToLe(key.d, dLen) }),
      ],
    }).toBER(),
  );
}

const sha1 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};
const utf16be = (s: string): Buffer => Buffer.from(s, "utf16le").swap16();

/** Sun's KeyProtector: salt ‖ (key ⊕ SHA-1 chain over password ‖ previous digest) ‖ SHA-1(password ‖ key). */
function protectKey(plain: Uint8Array, password: string): Uint8Array {
  const pw = utf16be(password);
  const salt = randomBytes(20);
  const out = Buffer.alloc(plain.length);
  let digest: Buffer = salt;
  for (let i = 0; i < plain.length; i++) {
    if (i % 20 === 0) digest = sha1(pw, digest);
    out[i] = (plain[i] ?? 0) ^ (digest[i % 20] ?? 0);
  }
  const encrypted = Buffer.concat([salt, out, sha1(pw, plain)]);
  return new Uint8Array(
    new asn1js.Sequence({
      value: [
        new asn1js.Sequence({
          value: [new asn1js.ObjectIdentifier({ value: "1.3.6.1.4.1.42.2.17.1.1" }), new asn1js.Null()],
        }),
        new asn1js.OctetString({ valueHex: encrypted }),
      ],
    }).toBER(),
  );
}

type JksEntry =
  | { kind: "key"; alias: string; key: PrivateKey; chain: Uint8Array[] }
  | { kind: "cert"; alias: string; cert: Uint8Array };

/** A version-2 JKS (magic FEEDFEED) with SHA-1 integrity over password ‖ "Mighty Aphrodite" ‖ body. */
function writeJks(entries: JksEntry[], password: string, keyPassword = password): Uint8Array {
  const chunks: Buffer[] = [];
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    b.writeUInt32BE(v);
    chunks.push(b);
  };
  const utf = (s: string) => {
    const b = Buffer.from(s, "utf8");
    const len = Buffer.alloc(2);
    len.writeUInt16BE(b.length);
    chunks.push(len, b);
  };
  const bytes = (b: Uint8Array) => {
    u32(b.length);
    chunks.push(Buffer.from(b));
  };
  const timestamp = () => {
    const b = Buffer.alloc(8);
    b.writeBigUInt64BE(BigInt(Date.now()));
    chunks.push(b);
  };
  u32(0xfeedfeed);
  u32(2);
  u32(entries.length);
  for (const e of entries) {
    u32(e.kind === "key" ? 1 : 2);
    utf(e.alias);
    timestamp();
    if (e.kind === "key") {
      bytes(protectKey(privateKeyInfo(e.key), keyPassword));
      u32(e.chain.length);
      for (const c of e.chain) {
        utf("X.509");
        bytes(c);
      }
    } else {
      utf("X.509");
      bytes(e.cert);
    }
  }
  const body = Buffer.concat(chunks);
  const integrity = sha1(utf16be(password), Buffer.from("Mighty Aphrodite", "utf8"), body);
  return new Uint8Array(Buffer.concat([body, integrity]));
}

describe("JKS with DSTU keys", () => {
  const ca = createSandboxCa({ commonName: "JKS Test CA" });
  const sign = generateKeyPair(257);
  const kep = generateKeyPair(431);
  const signCert = issueCertificate({
    key: sign,
    subject: { commonName: "Тест JKS", serialNumber: "1" },
    keyUsage: ["digitalSignature"],
    issuer: ca,
  });
  const kepCert = issueCertificate({
    key: kep,
    subject: { commonName: "Тест JKS", serialNumber: "1" },
    keyUsage: ["keyAgreement"],
    issuer: ca,
  });
  const serials = (s: KeyStore) => s.certificates.map((c) => c.serial);

  it("opens a store with two key entries and their chains: keys and certificates come back", () => {
    const jks = writeJks(
      [
        { kind: "key", alias: "sign", key: sign, chain: [signCert.der, ca.cert.der] },
        { kind: "key", alias: "kep", key: kep, chain: [kepCert.der, ca.cert.der] },
      ],
      "пароль-1",
    );
    const store = loadKeyStore(jks, "пароль-1");
    expect(store.keys.map((k) => k.d)).toEqual([sign.d, kep.d]);
    expect(store.keys.map((k) => publicKeyOf(k))).toEqual([signCert.publicKey?.q, kepCert.publicKey?.q]);
    expect(serials(store)).toEqual([signCert.serial, ca.cert.serial, kepCert.serial, ca.cert.serial]);
  });

  it("reads trusted-certificate entries beside the key entry", () => {
    const jks = writeJks(
      [
        { kind: "cert", alias: "ca", cert: ca.cert.der },
        { kind: "key", alias: "sign", key: sign, chain: [signCert.der] },
      ],
      "secret",
    );
    const store = loadKeyStore(jks, "secret");
    expect(store.keys.map((k) => k.d)).toEqual([sign.d]);
    expect(serials(store)).toEqual([ca.cert.serial, signCert.serial]);
  });

  it("gives BAD_PASSWORD for a wrong store or key password, BAD_KEY_STORE for a cut or altered file", () => {
    const jks = writeJks([{ kind: "key", alias: "sign", key: sign, chain: [signCert.der] }], "right");
    expect(codeOf(() => loadKeyStore(jks, "wrong"))).toBe("BAD_PASSWORD");
    const otherKeyPw = writeJks(
      [{ kind: "key", alias: "sign", key: sign, chain: [signCert.der] }],
      "right",
      "different",
    );
    expect(codeOf(() => loadKeyStore(otherKeyPw, "right"))).toBe("BAD_PASSWORD");
    expect(codeOf(() => loadKeyStore(jks.subarray(0, 100), "right"))).toBe("BAD_KEY_STORE");
    const altered = Uint8Array.from(jks);
    altered[40] = (altered[40] ?? 0) ^ 1;
    expect(codeOf(() => loadKeyStore(altered, "right"))).toBe("BAD_KEY_STORE");
  });

  it("gives NO_SUITABLE_KEY for a store with certificates only", () => {
    const jks = writeJks([{ kind: "cert", alias: "ca", cert: ca.cert.der }], "pw");
    expect(codeOf(() => loadKeyStore(jks, "pw"))).toBe("NO_SUITABLE_KEY");
  });

  it("answers every truncation and byte change with a KeyError, never with keys or anything untyped", () => {
    const jks = writeJks(
      [
        { kind: "cert", alias: "ca", cert: ca.cert.der },
        { kind: "key", alias: "sign", key: sign, chain: [signCert.der] },
      ],
      "pw",
    );
    const outcome = (data: Uint8Array) => {
      const c = codeOf(() => loadKeyStore(data, "pw"));
      expect(c).toMatch(/^(OK|BAD_KEY_STORE|BAD_PASSWORD|NO_SUITABLE_KEY)$/);
      return c;
    };
    for (let len = 0; len < jks.length; len += 7) expect(outcome(jks.subarray(0, len))).not.toBe("OK");
    fc.assert(
      fc.property(fc.nat(jks.length - 1), fc.integer({ min: 1, max: 255 }), (at, x) => {
        const changed = Uint8Array.from(jks);
        changed[at] = (changed[at] ?? 0) ^ x;
        // The integrity digest covers every byte, aliases and timestamps included.
        expect(outcome(changed)).not.toBe("OK");
      }),
      { numRuns: 2000 },
    );
  });
});
