// The citizens' qualified CAs: written before password.txt (which tells the server the PKI is complete), served at
// the URLs the citizen certificates name, and answering OCSP and the CRL good until the control API
// revokes a citizen's certificate, revoked then, good again for a freshly issued one; each CA's CRL (signed by
// it: DSTU 4145, or ECDSA) lists its own revoked certificates. A PKI of its own: revoking
// must not touch the shared one.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildOcspRequest,
  type Certificate,
  crlStatus,
  loadCertificate,
  readCrl,
  verifyOcspResponse,
} from "@stiika/diia";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { CITIZENS, citizenRnokpp } from "../src/citizens/citizens.ts";
import { CITIZEN_CA_FILES } from "../src/delivery/citizen-pki.ts";
import { control, startSandbox, type TestSandbox } from "./helpers.ts";

let sandbox: TestSandbox;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "stiika-sandbox-citizen-pki-"));
  sandbox = await startSandbox({ pkiDir: join(root, "pki") });
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

const citizen = CITIZENS[1] ?? CITIZENS[0];
if (!citizen) throw new Error("no citizens");
const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

async function certificate(signAlgo: "DSTU" | "ECDSA"): Promise<Certificate> {
  const reply = await control(sandbox, "GET", `/citizens/${citizen?.id}/certificates/${signAlgo}`);
  expect(reply.status).toBe(200);
  return loadCertificate(reply.body.certificate.der);
}

async function ocspStatus(cert: Certificate) {
  const issuer = loadCertificate(await bytes(await fetch(cert.caIssuersUrls[0] as string)));
  expect(cert.isSignedBy(issuer)).toBe(true);
  const req = buildOcspRequest({ certificate: cert, issuer });
  const res = await fetch(cert.ocspUrls[0] as string, {
    method: "POST",
    headers: { "content-type": "application/ocsp-request" },
    body: req.der,
  });
  const answer = verifyOcspResponse(await bytes(res), {
    certificate: cert,
    issuer,
    now: new Date(),
    ...(req.nonce ? { nonce: req.nonce } : {}),
  });
  expect(answer.signedBy).toBe("delegated");
  return answer.status;
}

describe("the citizen CAs", () => {
  it("are written as DER before password.txt, and are CAs that may certify", () => {
    const dir = sandbox.state.pki.dir;
    for (const file of Object.values(CITIZEN_CA_FILES)) {
      const path = join(dir, file);
      expect(existsSync(path)).toBe(true);
      expect(statSync(path).mtimeMs).toBeLessThanOrEqual(statSync(join(dir, "password.txt")).mtimeMs);
      const ca = loadCertificate(readFileSync(path));
      expect(readFileSync(path)[0]).toBe(0x30); // DER, not PEM
      expect(ca.isCA).toBe(true);
      expect(ca.keyUsage).toEqual(["keyCertSign", "cRLSign"]);
      expect(ca.isSignedBy(ca)).toBe(true);
    }
  });

  it("issue each citizen a DSTU and an ECDSA certificate naming their РНОКПП twice, kept across calls", async () => {
    for (const signAlgo of ["DSTU", "ECDSA"] as const) {
      const cert = await certificate(signAlgo);
      expect(cert.subject.serialNumber).toBe(`TINUA-${citizenRnokpp(citizen)}`);
      expect(cert.subject.drfo).toBe(citizenRnokpp(citizen));
      expect(cert.keyUsage).toEqual(["digitalSignature", "nonRepudiation"]);
      expect(cert.isCA).toBe(false);
      expect(cert.equals(await certificate(signAlgo))).toBe(true);
      expect(
        existsSync(join(sandbox.state.pki.dir, "citizens", `${citizen.id}-${signAlgo.toLowerCase()}.key`)),
      ).toBe(true);
    }
    expect((await certificate("DSTU")).publicKey).toBeDefined();
    expect((await certificate("ECDSA")).publicKey).toBeUndefined();
  });

  it.each(["DSTU", "ECDSA"] as const)(
    "%s: OCSP answers good, revoked after the control API revokes, good for a fresh certificate",
    async (signAlgo) => {
      const cert = await certificate(signAlgo);
      expect(await ocspStatus(cert)).toEqual({ status: "good" });
      const revoked = await control(
        sandbox,
        "POST",
        `/citizens/${citizen.id}/certificates/${signAlgo}/revoke`,
        {
          reason: "keyCompromise",
        },
      );
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedNow).toMatchObject({ serial: cert.serial, citizenId: citizen.id, signAlgo });
      expect(await ocspStatus(cert)).toMatchObject({ status: "revoked", reason: "keyCompromise" });
      // The citizen still signs with it until a fresh one is issued (the partner meets a revoked signer).
      expect((await certificate(signAlgo)).equals(cert)).toBe(true);
      const issued = await control(sandbox, "POST", `/citizens/${citizen.id}/certificates/${signAlgo}/issue`);
      expect(issued.status).toBe(200);
      const fresh = await certificate(signAlgo);
      expect(fresh.serial).not.toBe(cert.serial);
      expect(await ocspStatus(fresh)).toEqual({ status: "good" });
      expect(await ocspStatus(cert)).toMatchObject({ status: "revoked" });
    },
  );

  it.each(["DSTU", "ECDSA"] as const)(
    "%s: the CRL the certificates name lists the revoked certificate only; Diia's CRL does not",
    async (signAlgo) => {
      const cert = await certificate(signAlgo);
      const issuer = loadCertificate(await bytes(await fetch(cert.caIssuersUrls[0] as string)));
      const crlOf = async (url: string, ca: Certificate) =>
        readCrl(await bytes(await fetch(url)), { issuer: ca, now: new Date() });
      expect(crlStatus(await crlOf(cert.crlUrls[0] as string, issuer), cert)).toEqual({ status: "good" });
      await control(sandbox, "POST", `/citizens/${citizen.id}/certificates/${signAlgo}/revoke`, {
        reason: "superseded",
      });
      expect(crlStatus(await crlOf(cert.crlUrls[0] as string, issuer), cert)).toMatchObject({
        status: "revoked",
        reason: "superseded",
      });
      const diiaCrl = await crlOf(sandbox.state.pki.urls.crl, sandbox.state.pki.ca);
      expect(diiaCrl.revoked.has(cert.serial)).toBe(false);
      const otherAlgo = signAlgo === "DSTU" ? "ECDSA" : "DSTU";
      const other = await certificate(otherAlgo);
      const otherIssuer = loadCertificate(await bytes(await fetch(other.caIssuersUrls[0] as string)));
      expect((await crlOf(other.crlUrls[0] as string, otherIssuer)).revoked.has(cert.serial)).toBe(false);
      const pki = await control(sandbox, "GET", "/pki");
      expect(pki.body.citizens.revoked.map((r: { serial: string }) => r.serial)).toContain(cert.serial);
      expect(pki.body.citizens.caFiles.DSTU).toBe(join(sandbox.state.pki.dir, "citizen-ca.cer"));
    },
  );

  it("unknown citizens and algorithms are refused", async () => {
    expect((await control(sandbox, "GET", "/citizens/nobody/certificates/DSTU")).status).toBe(404);
    expect((await control(sandbox, "GET", `/citizens/${citizen.id}/certificates/RSA`)).status).toBe(422);
  });
});

describe("a PKI made before the citizen CAs", () => {
  it("gets them at the next start, and citizens can sign", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stiika-sandbox-old-pki-"));
    try {
      const pkiDir = join(dir, "pki");
      cpSync(inject("pkiDir"), pkiDir, { recursive: true });
      for (const f of readdirSync(pkiDir))
        if (f.startsWith("citizen")) rmSync(join(pkiDir, f), { recursive: true });
      expect(existsSync(join(pkiDir, CITIZEN_CA_FILES.DSTU))).toBe(false);
      const old = await startSandbox({ pkiDir });
      try {
        expect(loadCertificate(readFileSync(join(pkiDir, CITIZEN_CA_FILES.DSTU))).isCA).toBe(true);
        expect(existsSync(join(pkiDir, CITIZEN_CA_FILES.ECDSA))).toBe(true);
        const reply = await control(old, "GET", `/citizens/${citizen.id}/certificates/DSTU`);
        expect(reply.status).toBe(200);
      } finally {
        await old.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
