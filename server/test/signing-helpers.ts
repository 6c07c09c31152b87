// What the signing tests need around a stand: a qualified-looking citizen CA (DSTU) with a CRL served on the
// stand's clock, citizen certificates carrying the РНОКПП as serialNumber TINUA-…, detached signatures made by
// unmodified jkurwa + gost89 (diia/test/signing/jk-sign.ts: nothing of our signer), ECDSA ones by the OpenSSL
// command line, and the callback posted as Diia posts it (multipart/form-data or multipart/mixed, built by hand).
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import {
  buildCrl,
  type Certificate,
  createSandboxCa,
  generateKeyPair,
  issueCertificate,
  type KeyWithCert,
  type PrivateKey,
  type RevokedEntry,
} from "@stiika/diia";
import { gostHash, jkDetachedSignature, jkPriv, jkSignerFor } from "../../diia/test/signing/jk-sign.ts";
import { freePort } from "./pg-cluster.ts";

export interface Citizen {
  key: PrivateKey;
  cert: Certificate;
}

/**
 * A citizen CA of our own for a stand: its certificate in `dir/ca.cer`, its CRL served at `crlUrl` (what the
 * server's revocation check reads for the certificates it issues), the revoked list editable.
 */
export class CitizenPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), "stiika-signing-pki-"));
  ca!: KeyWithCert;
  /** Another CA the server does not trust, with the same name. */
  rogue!: KeyWithCert;
  revoked: RevokedEntry[] = [];
  /** The CRL service answers 503 while true (a CA outage). */
  down = false;
  crlUrl = "";
  private server: Server | undefined;

  constructor(private readonly now: () => Date) {}

  async start(): Promise<this> {
    const port = await freePort();
    this.crlUrl = `http://127.0.0.1:${port}/citizen-ca.crl`;
    const validity = {
      from: new Date(Date.now() - 10 * 86_400_000),
      to: new Date(Date.now() + 365 * 86_400_000),
    };
    const subject = {
      commonName: "Тестовий кваліфікований ЦСК",
      organization: "Stiika test",
      serialNumber: "UA-1",
    };
    this.ca = createSandboxCa(subject, validity);
    this.rogue = createSandboxCa(subject, validity);
    writeFileSync(path.join(this.dir, "ca.cer"), this.ca.cert.der);
    this.server = createServer((_req, res) => {
      if (this.down) {
        res.writeHead(503).end();
        return;
      }
      const now = this.now();
      const der = buildCrl({
        issuer: this.ca,
        thisUpdate: new Date(now.getTime() - 3_600_000),
        nextUpdate: new Date(now.getTime() + 60_000),
        number: BigInt(now.getTime()),
        revoked: this.revoked,
      });
      res.writeHead(200, { "content-type": "application/pkix-crl" }).end(Buffer.from(der));
    });
    await new Promise<void>((r) => this.server?.listen(port, "127.0.0.1", () => r()));
    return this;
  }

  /** A citizen certificate: `rnokpp` as serialNumber TINUA-… (none: no РНОКПП at all). */
  citizen(
    o: { rnokpp?: string | undefined; issuer?: KeyWithCert; from?: Date; to?: Date; name?: string } = {},
  ): Citizen {
    const key = generateKeyPair(257);
    const cert = issueCertificate({
      key,
      subject: {
        commonName: o.name ?? "Коваленко Олена Петрівна",
        ...(o.rnokpp ? { serialNumber: `TINUA-${o.rnokpp}` } : {}),
      },
      keyUsage: ["digitalSignature", "nonRepudiation"],
      issuer: o.issuer ?? this.ca,
      validFrom: o.from ?? new Date(Date.now() - 86_400_000),
      validTo: o.to ?? new Date(Date.now() + 30 * 86_400_000),
      profile: { crlUrls: [this.crlUrl] },
    });
    return { key, cert };
  }

  revoke(cert: Certificate): void {
    this.revoked.push({ serial: cert.serialBytes, revokedAt: new Date(this.now().getTime() - 60_000) });
  }

  async close(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** jkurwa's detached CAdES signature over GOST 34.311 of `pdf` (gost89's hash), base64. */
export function jkSign(citizen: Citizen, pdf: Uint8Array, time: Date): string {
  const signer = jkSignerFor(citizen.cert.der, jkPriv(citizen.cert.der, citizen.key.d));
  return Buffer.from(jkDetachedSignature(signer, gostHash(pdf), time)).toString("base64");
}

/** ECDSA material made by OpenSSL: a P-256 CA and a citizen certificate with TINUA-<rnokpp>. */
export class OpensslPki {
  readonly dir = mkdtempSync(path.join(tmpdir(), "stiika-ecdsa-"));
  private ssl = (...args: string[]) =>
    execFileSync("openssl", args, { cwd: this.dir, stdio: ["ignore", "pipe", "pipe"] });

  constructor(rnokpp: string) {
    writeFileSync(
      path.join(this.dir, "ext.cnf"),
      `[ca]
basicConstraints = critical,CA:true
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[leaf]
basicConstraints = CA:false
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
`,
    );
    this.ssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "ca.key");
    this.ssl(
      "req",
      "-new",
      "-x509",
      "-key",
      "ca.key",
      "-subj",
      "/CN=Test ECDSA QTSP/C=UA",
      "-days",
      "30",
      "-extensions",
      "ca",
      "-config",
      "ext.cnf",
      "-out",
      "ca.pem",
    );
    this.ssl("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-out", "citizen.key");
    this.ssl(
      "req",
      "-new",
      "-utf8",
      "-key",
      "citizen.key",
      "-subj",
      `/CN=Коваленко Олена/serialNumber=TINUA-${rnokpp}/C=UA`,
      "-out",
      "citizen.csr",
    );
    this.ssl(
      "x509",
      "-req",
      "-in",
      "citizen.csr",
      "-CA",
      "ca.pem",
      "-CAkey",
      "ca.key",
      "-CAcreateserial",
      "-days",
      "10",
      "-extfile",
      "ext.cnf",
      "-extensions",
      "leaf",
      "-out",
      "citizen.pem",
    );
  }

  /** A .p7b bundle (OpenSSL's) of these CAs and the DSTU one: what DIIA_SIGNING_CA_FILES names. */
  bundle(otherCaDer: Uint8Array): string {
    writeFileSync(path.join(this.dir, "dstu-ca.cer"), otherCaDer);
    this.ssl("x509", "-inform", "DER", "-in", "dstu-ca.cer", "-out", "dstu-ca.pem");
    this.ssl(
      "crl2pkcs7",
      "-nocrl",
      "-certfile",
      "ca.pem",
      "-certfile",
      "dstu-ca.pem",
      "-outform",
      "DER",
      "-out",
      "bundle.p7b",
    );
    return path.join(this.dir, "bundle.p7b");
  }

  /** OpenSSL's detached CAdES signature (SHA-256, ECDSA) over `pdf`, base64. */
  sign(pdf: Uint8Array): string {
    const name = `doc-${randomBytes(4).toString("hex")}`;
    writeFileSync(path.join(this.dir, `${name}.pdf`), pdf);
    this.ssl(
      "cms",
      "-sign",
      "-binary",
      "-in",
      `${name}.pdf`,
      "-signer",
      "citizen.pem",
      "-inkey",
      "citizen.key",
      "-md",
      "sha256",
      "-cades",
      "-outform",
      "DER",
      "-out",
      `${name}.p7s`,
    );
    return readFileSync(path.join(this.dir, `${name}.p7s`)).toString("base64");
  }

  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** encodeData as Diia sends it: base64 of JSON {signedItems}. */
export const encodeData = (items: { name: string; signature: string }[]) =>
  Buffer.from(JSON.stringify({ signedItems: items })).toString("base64");

export interface PostOptions {
  traceId?: string;
  action?: string | null;
  form?: "form-data" | "mixed";
  /** Raw sections (mixed/form-data bodies written by hand). */
  sections?: string[];
  preamble?: string;
  epilogue?: string;
  headers?: Record<string, string>;
}

/** Posts a signing callback to the server's webhook, the body written by hand. */
export async function postSigning(
  url: string,
  data: string | undefined,
  o: PostOptions = {},
): Promise<{ status: number; body: { success: boolean; error?: string } }> {
  const boundary = `----diia${randomBytes(8).toString("hex")}`;
  const sections =
    o.sections ??
    (data === undefined ? [] : [`Content-Disposition: form-data; name="encodeData"\r\n\r\n${data}`]);
  const body = `${o.preamble ?? ""}${sections.map((s) => `--${boundary}\r\n${s}\r\n`).join("")}--${boundary}--\r\n${o.epilogue ?? ""}`;
  const headers: Record<string, string> = {
    "content-type": `multipart/${o.form ?? "form-data"}; boundary=${boundary}`,
    ...(o.traceId ? { "x-document-request-trace-id": o.traceId } : {}),
    ...(o.action === null ? {} : { "x-diia-id-action": o.action ?? "hashedFilesSigning" }),
    ...o.headers,
  };
  const res = await fetch(`${url}/api/diia/callback`, { method: "POST", headers, body });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : { success: false } };
}
