// signAlgo "ECDSA": a detached CAdES signature over SHA-256, made by the OpenSSL command line (independent of our
// code) with a P-256 CA and a citizen certificate carrying the РНОКПП as serialNumber TINUA-…, as Ukrainian
// qualified ECDSA certificates do. Each trick refused alone; the same input without it accepted.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCertificate } from "../../src/certificate.ts";
import { type VerifyDetachedOptions, verifyDetachedSignature } from "../../src/signature.ts";
import { signingDigest } from "../../src/signing.ts";
import { codeOf } from "../adversarial/code-of.ts";

const dir = mkdtempSync(join(tmpdir(), "stiika-ecdsa-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ssl = (...args: string[]) =>
  execFileSync("openssl", args, { cwd: dir, stdio: ["ignore", "pipe", "pipe"] });

const EXTENSIONS = `[ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[agreement]
basicConstraints = CA:false
keyUsage = critical,keyAgreement
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`;

/** A P-256 CA; with `as`, an impostor: that CA's name and subjectKeyIdentifier, another key. */
function makeCa(name: string, as?: string): void {
  let config = "ext.cnf";
  if (as) {
    const text = ssl("x509", "-in", `${as}.pem`, "-noout", "-ext", "subjectKeyIdentifier").toString();
    const ski = /([0-9A-F]{2}(?::[0-9A-F]{2})+)/.exec(text)?.[1] ?? "";
    config = `${name}.cnf`;
    writeFileSync(
      join(dir, config),
      EXTENSIONS.replace("subjectKeyIdentifier = hash", `subjectKeyIdentifier = ${ski}`),
    );
  }
  ssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
  const subject = `/CN=${as ?? name}/C=UA`;
  ssl(
    "req",
    "-new",
    "-x509",
    "-key",
    `${name}.key`,
    "-subj",
    subject,
    "-days",
    "30",
    "-extensions",
    "ca",
    "-config",
    config,
    "-out",
    `${name}.pem`,
  );
}
function makeLeaf(name: string, ca: string, profile = "leaf"): void {
  ssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", `${name}.key`);
  const subject = "/CN=Шевченко Тарас/serialNumber=TINUA-3652504575/C=UA";
  ssl("req", "-new", "-utf8", "-key", `${name}.key`, "-subj", subject, "-out", `${name}.csr`);
  ssl(
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-days",
    "10",
    "-extfile",
    "ext.cnf",
    "-extensions",
    profile,
    "-out",
    `${name}.pem`,
  );
}
const sign = (signer: string, file: string, out: string) =>
  ssl(
    "cms",
    "-sign",
    "-binary",
    "-in",
    file,
    "-signer",
    `${signer}.pem`,
    "-inkey",
    `${signer}.key`,
    "-md",
    "sha256",
    "-cades",
    "-outform",
    "DER",
    "-out",
    out,
  );

/** A UTCTime (YYMMDDHHMMSSZ) `seconds` later, same length. */
function later(utc: string, seconds: number): string {
  const [y, mo, d, h, mi, se] = (utc.match(/\d{2}/g) ?? []).map(Number);
  const t = new Date(Date.UTC(2000 + (y ?? 0), (mo ?? 1) - 1, d, h, mi, se) + seconds * 1000);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(t.getUTCFullYear() % 100)}${two(t.getUTCMonth() + 1)}${two(t.getUTCDate())}${two(t.getUTCHours())}${two(t.getUTCMinutes())}${two(t.getUTCSeconds())}Z`;
}

describe("an ECDSA signature (signAlgo ECDSA), made by OpenSSL", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n% заява\n%%EOF\n");
  let genuine: Uint8Array;
  const opts = (o: Partial<VerifyDetachedOptions> = {}): VerifyDetachedOptions => ({
    signature: genuine,
    expectedHash: signingDigest(pdf, "SHA256"),
    hashAlgorithm: "SHA256",
    trustedCAs: [loadCertificate(readFileSync(join(dir, "ca.pem"), "utf8"))],
    ...o,
  });
  const code = (o: Partial<VerifyDetachedOptions> = {}) => codeOf(() => verifyDetachedSignature(opts(o)));

  beforeAll(() => {
    writeFileSync(join(dir, "ext.cnf"), EXTENSIONS);
    writeFileSync(join(dir, "zayava.pdf"), pdf);
    makeCa("ca");
    makeCa("other-ca");
    makeCa("impostor-ca", "ca");
    makeLeaf("impostor", "impostor-ca");
    sign("impostor", "zayava.pdf", "impostor.p7s");
    makeLeaf("citizen", "ca");
    makeLeaf("stranger", "other-ca");
    makeLeaf("agreement", "ca", "agreement");
    sign("citizen", "zayava.pdf", "zayava.p7s");
    sign("stranger", "zayava.pdf", "stranger.p7s");
    sign("agreement", "zayava.pdf", "agreement.p7s");
    genuine = new Uint8Array(readFileSync(join(dir, "zayava.p7s")));
  }, 60_000);

  it("is accepted: signer, issuer, signing time and the РНОКПП from serialNumber TINUA-…", () => {
    const res = verifyDetachedSignature(opts());
    expect(res.signer.subject.commonName).toBe("Шевченко Тарас");
    expect(res.issuerCertificate.subject.commonName).toBe("ca");
    expect(res.rnokpp).toBe("3652504575");
    expect(Math.abs((res.signingTime?.getTime() ?? 0) - Date.now())).toBeLessThan(10 * 60_000);
  });

  it("refuses another file's hash, a changed signed attribute, another CA, a key-agreement certificate, the other algorithm", () => {
    const other = new TextEncoder().encode("%PDF-1.4\n% інша\n%%EOF\n");
    expect(code({ expectedHash: signingDigest(other, "SHA256") })).toBe("HASH_MISMATCH");
    // The signingTime one minute later (still inside the certificate's validity): only the ECDSA signature over
    // the attributes can tell. signingTime attribute: OID 1.2.840.113549.1.9.5, SET { UTCTime (13 bytes) }.
    const oid = Buffer.from("06092a864886f70d010905310f170d", "hex");
    const found = Buffer.from(genuine).indexOf(oid);
    expect(found).toBeGreaterThan(0);
    const changed = Uint8Array.from(genuine);
    const original = Buffer.from(genuine.subarray(found + oid.length, found + oid.length + 13)).toString(
      "latin1",
    );
    changed.set(new TextEncoder().encode(later(original, 60)), found + oid.length);
    const soon = new Date(Date.now() + 3_600_000);
    expect(code({ signature: changed, at: soon })).toBe("BAD_SIGNATURE");
    expect(code({ at: soon })).toBe("OK");
    // An impostor CA (the trusted CA's name and key id, another key) issuing the same citizen: only the CA's
    // signature on the certificate tells it apart; with the impostor trusted instead, the same input passes.
    expect(code({ signature: new Uint8Array(readFileSync(join(dir, "impostor.p7s"))) })).toBe(
      "UNTRUSTED_CHAIN",
    );
    expect(
      code({
        signature: new Uint8Array(readFileSync(join(dir, "impostor.p7s"))),
        trustedCAs: [loadCertificate(readFileSync(join(dir, "impostor-ca.pem"), "utf8"))],
      }),
    ).toBe("OK");
    expect(code({ signature: new Uint8Array(readFileSync(join(dir, "stranger.p7s"))) })).toBe(
      "UNTRUSTED_CHAIN",
    );
    expect(
      code({
        signature: new Uint8Array(readFileSync(join(dir, "stranger.p7s"))),
        trustedCAs: [loadCertificate(readFileSync(join(dir, "other-ca.pem"), "utf8"))],
      }),
    ).toBe("OK");
    expect(code({ signature: new Uint8Array(readFileSync(join(dir, "agreement.p7s"))) })).toBe(
      "SIGNER_KEY_USAGE",
    );
    expect(code({ hashAlgorithm: "GOST34311", expectedHash: signingDigest(pdf, "GOST34311") })).toBe(
      "MALFORMED",
    );
    expect(code()).toBe("OK");
  });
});
