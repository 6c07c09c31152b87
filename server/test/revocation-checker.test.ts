// The checker's plumbing, against a real HTTP server standing where the certificate's URLs point (as a network
// attacker on plain-http OCSP would): a CA certificate that did not sign the signer, forged and replayed OCSP
// answers, and the bound on what is cached. The answers' own checks are attacked in diia/test/revocation.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import {
  buildCrl,
  buildOcspResponse,
  CERT_OID,
  createSandboxCa,
  createSandboxIdentity,
  type KeyWithCert,
  parseOcspRequest,
} from "@stiika/diia";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRevocationChecker } from "../src/services/revocation.ts";

let server: Server;
let base = "";
const hits = { ocsp: 0, crl: 0, ca: 0 };
/** What the test's "network" answers; each test sets it. */
let serve: { ca: () => Uint8Array; ocsp: (request: Uint8Array) => Uint8Array; crl: () => Uint8Array };

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const route = req.url ?? "";
    let body: Uint8Array;
    if (route === "/ca.cer") {
      hits.ca++;
      body = serve.ca();
    } else if (route === "/ocsp") {
      hits.ocsp++;
      body = serve.ocsp(new Uint8Array(Buffer.concat(chunks)));
    } else {
      hits.crl++;
      body = serve.crl();
    }
    res.writeHead(200).end(Buffer.from(body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((r) => server.close(r)));

const past = new Date(Date.now() - 3600_000);
const ca = createSandboxCa({ commonName: "ЦСК" }, { from: past });
const impostor = createSandboxCa({ commonName: "ЦСК" }, { from: past });
const signerFor = () =>
  createSandboxIdentity(
    ca,
    { commonName: "Дія" },
    { from: past },
    {
      ocspUrl: `${base}/ocsp`,
      caIssuersUrl: `${base}/ca.cer`,
      crlUrls: [`${base}/crl`],
      extendedKeyUsage: [CERT_OID.uaSignerPurpose],
    },
  ).signer.cert;

const answer = (by: KeyWithCert, request: Uint8Array, nonce?: Uint8Array) => {
  const asked = parseOcspRequest(request);
  const now = new Date();
  return buildOcspResponse({
    signer: by,
    producedAt: now,
    responses: asked.certIds.map((certId) => ({
      certId,
      status: { status: "good" },
      thisUpdate: now,
      nextUpdate: new Date(now.getTime() + 300_000),
    })),
    ...((nonce ?? asked.nonce) ? { nonce: nonce ?? asked.nonce } : {}),
  });
};
const genuineCrl = () => {
  const now = new Date();
  return buildCrl({
    issuer: ca,
    thisUpdate: now,
    nextUpdate: new Date(now.getTime() + 3600_000),
    number: 1n,
    revoked: [],
  });
};
const checker = (maxCached?: number) =>
  createRevocationChecker({
    mode: "require",
    timeoutMs: 2000,
    clock: () => new Date(),
    log: pino({ level: "silent" }),
    ...(maxCached ? { maxCached } : {}),
  });

describe("the revocation checker over the network", () => {
  it("the genuine CA and an OCSP answer it signed: good", async () => {
    serve = { ca: () => ca.cert.der, ocsp: (r) => answer(ca, r), crl: genuineCrl };
    expect(await checker().check(signerFor().der)).toMatchObject({
      accept: true,
      status: "good",
      source: "ocsp",
    });
  });

  it("caIssuers serving a CA certificate that did not sign the signer (same name): nothing is trusted", async () => {
    serve = { ca: () => impostor.cert.der, ocsp: (r) => answer(impostor, r), crl: genuineCrl };
    expect(await checker().check(signerFor().der)).toMatchObject({
      accept: false,
      code: "REVOCATION_UNAVAILABLE",
      problems: ["ca-issuers:NOT_THE_ISSUER"],
    });
  });

  it("a forged OCSP answer (another key) or a replayed one (another nonce) is not used; the CRL is", async () => {
    let captured: Uint8Array | undefined;
    serve = {
      ca: () => ca.cert.der,
      ocsp: (r) => {
        captured = answer(ca, r);
        return captured;
      },
      crl: genuineCrl,
    };
    const signer = signerFor();
    await checker().check(signer.der);
    serve.ocsp = (r) => answer(impostor, r);
    expect(await checker().check(signer.der)).toMatchObject({ accept: true, source: "crl" });
    serve.ocsp = () => captured as Uint8Array;
    const c = checker();
    expect(await c.check(signer.der)).toMatchObject({ accept: true, source: "crl" });
    // Without a CRL to fall back on, the replay is all there is: refused.
    serve.crl = () => new Uint8Array([0x30, 0x00]);
    expect(await checker().check(signer.der)).toMatchObject({
      accept: false,
      code: "REVOCATION_UNAVAILABLE",
      problems: ["ocsp:NONCE_MISMATCH", "crl:MALFORMED"],
    });
  });

  it("an answer larger than its cap is not read to the end (OCSP 64 kB): the CRL is used", async () => {
    serve = { ca: () => ca.cert.der, ocsp: () => new Uint8Array(70 * 1024), crl: genuineCrl };
    const verdict = await checker().check(signerFor().der);
    expect(verdict).toMatchObject({ accept: true, source: "crl" });
    serve.crl = () => new Uint8Array(70 * 1024);
    expect(await checker().check(signerFor().der)).toMatchObject({
      accept: false,
      problems: ["ocsp:TOO_LARGE", "crl:MALFORMED"],
    });
  });

  it("answers are cached until nextUpdate, and no more of them than the bound", async () => {
    serve = { ca: () => ca.cert.der, ocsp: (r) => answer(ca, r), crl: genuineCrl };
    const c = checker(2);
    const [a, b, d] = [signerFor(), signerFor(), signerFor()];
    hits.ocsp = 0;
    await c.check(a.der);
    await c.check(a.der);
    expect(hits.ocsp).toBe(1);
    await Promise.all([c.check(b.der), c.check(b.der)]);
    expect(hits.ocsp).toBe(2);
    await c.check(d.der); // the third pushes the oldest (a) out
    await c.check(a.der);
    expect(hits.ocsp).toBe(4);
  });
});
