// The sandbox's certificates look like Diia's and the services they name answer: the OCSP responder (POST and
// GET), the CRL and the CA certificate, at this sandbox's own loopback address; revoking the signer and issuing
// a fresh one from the control API shows in both. A PKI of its own: revoking must not touch the shared one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  buildOcspRequest,
  crlStatus,
  loadCertificate,
  RevocationError,
  readCrl,
  verifyOcspResponse,
} from "@stiika/diia";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSandbox, type TestSandbox } from "./helpers.ts";

const DIIA_FIXTURE = join(import.meta.dirname, "../../../shared/fixtures/diia-iit-test/DiiaKey1.cer");
/** Extensions of Diia's certificate the sandbox does not write (see diia/test/crypto/pki-profile.test.ts). */
const NOT_WRITTEN = new Set(["2.5.29.17", "2.5.29.46", "1.3.6.1.5.5.7.1.11"]);

let sandbox: TestSandbox;
let root: string;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "stiika-sandbox-own-pki-"));
  sandbox = await startSandbox({ pkiDir: join(root, "pki") });
}, 120_000);
afterAll(async () => {
  await sandbox?.close();
  rmSync(root, { recursive: true, force: true });
});

const control = async (path: string, body?: unknown) => {
  const r = await fetch(`${sandbox.url}/control/api${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  // biome-ignore lint/suspicious/noExplicitAny: replies are JSON inspected field by field in assertions
  return { status: r.status, body: (await r.json()) as any };
};
const bytes = async (r: Response) => new Uint8Array(await r.arrayBuffer());

async function ocsp(
  form: "post" | "get",
  cert = loadCertificate(readFileSync(sandbox.state.pki.diia.signingCertFile)),
) {
  const ca = loadCertificate(await bytes(await fetch(cert.caIssuersUrls[0] as string)));
  const req = buildOcspRequest({ certificate: cert, issuer: ca });
  const url = cert.ocspUrls[0] as string;
  const res =
    form === "post"
      ? await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/ocsp-request" },
          body: req.der,
        })
      : await fetch(`${url}/${encodeURIComponent(Buffer.from(req.der).toString("base64"))}`);
  expect(res.headers.get("content-type")).toBe("application/ocsp-response");
  return verifyOcspResponse(await bytes(res), {
    certificate: cert,
    issuer: ca,
    now: new Date(),
    ...(req.nonce ? { nonce: req.nonce } : {}),
  });
}

describe("the sandbox's certificates and certificate services", () => {
  it("its Diia signing certificate carries Diia's extensions and names this sandbox's services", () => {
    const cert = loadCertificate(readFileSync(sandbox.state.pki.diia.signingCertFile));
    const diia = loadCertificate(readFileSync(DIIA_FIXTURE));
    expect(cert.extensions).toEqual(diia.extensions.filter((e) => !NOT_WRITTEN.has(e.oid)));
    expect(cert.ocspUrls).toEqual([`${sandbox.url}/pki/ocsp`]);
    expect(cert.crlUrls).toEqual([`${sandbox.url}/pki/ca.crl`]);
    expect(cert.caIssuersUrls).toEqual([`${sandbox.url}/pki/ca.cer`]);
  });

  it("answers OCSP by POST and by GET, signed by its delegated responder; serves the CRL", async () => {
    for (const form of ["post", "get"] as const) {
      expect(await ocsp(form)).toMatchObject({ status: { status: "good" }, signedBy: "delegated" });
    }
    const crl = readCrl(await bytes(await fetch(`${sandbox.url}/pki/ca.crl`)), {
      issuer: sandbox.state.pki.ca,
      now: new Date(),
    });
    expect(crlStatus(crl, sandbox.state.pki.signer())).toEqual({ status: "good" });
  });

  it("refuses what is not an OCSP request, as RFC 6960 says", async () => {
    const url = `${sandbox.url}/pki/ocsp`;
    const wrongType = await fetch(url, {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "x",
    });
    expect(wrongType.status).toBe(415);
    const garbage = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/ocsp-request" },
      body: new Uint8Array([0x30, 0x01]),
    });
    let code = "OK";
    try {
      verifyOcspResponse(await bytes(garbage), {
        certificate: sandbox.state.pki.signer(),
        issuer: sandbox.state.pki.ca,
        now: new Date(),
      });
    } catch (e) {
      code = e instanceof RevocationError ? e.code : String(e);
    }
    expect(code).toBe("RESPONDER_ERROR");
  });

  it("an injected fault takes the responder down (endpoint 'ocsp'), the CRL stays", async () => {
    const put = await fetch(`${sandbox.url}/control/api/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoints: [{ endpoint: "ocsp", kind: "error", status: 503 }] }),
    });
    expect(put.status).toBe(200);
    const down = await fetch(`${sandbox.url}/pki/ocsp`, {
      method: "POST",
      headers: { "content-type": "application/ocsp-request" },
      body: new Uint8Array([0x30, 0x00]),
    });
    expect(down.status).toBe(503);
    expect((await fetch(`${sandbox.url}/pki/ca.crl`)).status).toBe(200);
    await fetch(`${sandbox.url}/control/api/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: "{}",
    });
  });

  it("revoking the signer shows in OCSP and the CRL with reason and time; a fresh signer is good", async () => {
    const old = sandbox.state.pki.signer();
    const revokedAt = "2026-01-02T03:04:05.000Z";
    const r = await control("/pki/signer/revoke", { reason: "keyCompromise", revokedAt });
    expect(r.status).toBe(200);
    expect(r.body.revokedNow).toEqual({ serial: old.serial, reason: "keyCompromise", revokedAt });
    expect(await ocsp("post", old)).toMatchObject({
      status: { status: "revoked", reason: "keyCompromise", revokedAt: new Date(revokedAt) },
    });
    const crl = readCrl(await bytes(await fetch(`${sandbox.url}/pki/ca.crl`)), {
      issuer: sandbox.state.pki.ca,
      now: new Date(),
    });
    expect(crlStatus(crl, old)).toMatchObject({ status: "revoked", reason: "keyCompromise" });

    expect((await control("/pki/signer/revoke", { reason: "nonsense" })).status).toBe(422);
    const fresh = await control("/pki/signer/issue", {});
    expect(fresh.status).toBe(200);
    expect(fresh.body.signer.serial).not.toBe(old.serial);
    const onDisk = loadCertificate(readFileSync(sandbox.state.pki.diia.signingCertFile));
    expect(onDisk.serial).toBe(fresh.body.signer.serial);
    expect(onDisk.isSignedBy(sandbox.state.pki.ca)).toBe(true);
    expect(await ocsp("get", onDisk)).toMatchObject({ status: { status: "good" } });
    expect((await control("/pki")).body.revoked).toEqual([
      { serial: old.serial, reason: "keyCompromise", revokedAt },
    ]);
  });
});
