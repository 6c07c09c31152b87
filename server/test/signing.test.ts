// Дія.Підпис through the server, as an attacker would try it: the application is signed by signatures built
// independently of our code (jkurwa + gost89 for DSTU, the OpenSSL command line for ECDSA), posted to the real
// webhook as Diia posts them. Every trick is refused alone — typed code, the signing's state unchanged, its
// refusedCallbacks counted, an audit row — and the same input without the trick is accepted.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { signingResponse, signingSchema } from "@stiika/api";
import { loadCertificates, signingDigest, verifyDetachedSignature } from "@stiika/diia";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/services/audit.ts";
import { registerWithDiia } from "../src/services/catalog.ts";
import { purge } from "../src/services/retention.ts";
import { DRIVERS } from "./helpers.ts";
import type { Client } from "./server-helpers.ts";
import { type Citizen, CitizenPki, encodeData, jkSign, OpensslPki, postSigning } from "./signing-helpers.ts";
import { Stand, until, waitForStatus } from "./stand.ts";

/** Sends a request head only and returns what the server answers (it must not wait for the body). */
function rawHead(port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1", () => socket.write(head));
    let text = "";
    socket.on("data", (c) => {
      text += c.toString("latin1");
      if (text.includes("\r\n\r\n") && text.includes("}")) socket.destroy();
    });
    socket.on("close", () => resolve(text));
    socket.on("error", reject);
  });
}

describe("Дія.Підпис at the counter (pglite)", () => {
  let stand: Stand;
  let pki: CitizenPki;
  let ecdsa: OpensslPki;
  let teller: Client;
  let manager: Client;
  let rnokpp: string;
  let client: Citizen;

  beforeAll(async () => {
    // The PKI names its own CRL server, which reads the stand's clock; the stand then trusts the bundle.
    const clock = { now: () => new Date() };
    pki = await new CitizenPki(() => clock.now()).start();
    ecdsa = new OpensslPki("3340228102");
    const caFile = ecdsa.bundle(pki.ca.cert.der);
    // Sessions outlive the clock moves of the late and revocation tests.
    stand = await new Stand("pglite", {
      DIIA_SIGNING_CA_FILES: caFile,
      STIIKA_SESSION_IDLE_MINUTES: "120",
    }).start();
    clock.now = stand.clock.now;
    teller = await stand.employee("teller", "teller-sign");
    manager = await stand.employee("manager", "manager-sign");
  }, 120_000);
  afterAll(async () => {
    await stand?.close();
    await pki?.close();
    ecdsa?.close();
  });

  /** A received visit of olena (ID card) with a saved questionnaire: what «Підписати в Дії» starts from. */
  async function visit(): Promise<string> {
    const serviceId = await stand.serviceId(teller, "hotel-check-in");
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const r = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(r.status).toBe(201);
    await stand.approve(r.body.request.id);
    expect((await waitForStatus(teller, r.body.request.id)).status).toBe("received");
    const docs = await teller.request("GET", `/api/requests/${r.body.request.id}/documents`);
    rnokpp = docs.body.documents[0].normalised.person.taxpayerNumber;
    const saved = await teller.request("PUT", `/api/requests/${r.body.request.id}/questionnaire`, {
      template: "hotel-check-in",
      fields: { "person.lastName.uk": "Коваленко", room: "12" },
    });
    expect(saved.status).toBe(200);
    return r.body.request.id;
  }

  let requestId: string;
  /** A waiting signing of the visit, its PDF (as the teller's screen gets it) and Diia's trace id for it. */
  async function signing(signAlgo?: "DSTU" | "ECDSA") {
    const r = await teller.request(
      "POST",
      `/api/requests/${requestId}/signings`,
      signAlgo ? { signAlgo } : {},
    );
    expect(r.status).toBe(201);
    // Every signing the server answers must be what the web parses (the one contract, @stiika/api).
    const s = signingResponse.parse(r.body).signing;
    expect(s.status).toBe("waiting");
    const pdf = await fetch(`${stand.url}/api/signings/${s.id}/pdf`, {
      headers: { cookie: teller.cookie ?? "" },
    });
    expect(pdf.status).toBe(200);
    const traceId = (
      await stand.store.query<{ diia_request_id: string }>(
        "SELECT diia_request_id FROM signings WHERE id = $1",
        [s.id],
      )
    ).rows[0]?.diia_request_id as string;
    return { ...s, pdf: new Uint8Array(await pdf.arrayBuffer()), traceId } as {
      id: string;
      fileName: string;
      version: number;
      pdf: Uint8Array;
      traceId: string;
      deeplink: string;
      expiresAt: string;
      signAlgo: string;
    };
  }
  const get = async (id: string) =>
    signingResponse.parse((await teller.request("GET", `/api/signings/${id}`)).body).signing;
  const refusals = async (id: string) =>
    (
      await stand.store.query<{ code: string }>(
        "SELECT details->>'code' AS code FROM audit_log WHERE action = 'signing.callback_refused' AND subject_id = $1 ORDER BY seq",
        [id],
      )
    ).rows.map((r) => r.code);
  const genuine = (s: { fileName: string; pdf: Uint8Array }, who: Citizen = client, at = stand.clock.now()) =>
    encodeData([{ name: s.fileName, signature: jkSign(who, s.pdf, at) }]);

  /** The trick is refused with `status`/`code`, nothing changes but the counter; the genuine one then signs. */
  async function refusedThenSigned(
    s: Awaited<ReturnType<typeof signing>>,
    trick: Parameters<typeof postSigning>[1],
    status: number,
    code: string,
    opts: Parameters<typeof postSigning>[2] = {},
  ) {
    const r = await postSigning(stand.url, trick, { traceId: s.traceId, ...opts });
    expect({ status: r.status, error: r.body.error }).toEqual({ status, error: code });
    const after = await get(s.id);
    expect(after).toMatchObject({ status: "waiting", refusedCallbacks: 1, signer: null });
    expect(await refusals(s.id)).toEqual([code]);
    const ok = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect(ok).toEqual({ status: 200, body: { success: true } });
    expect((await get(s.id)).status).toBe("signed");
  }

  it("the branch has its signing offer; a signing without a saved questionnaire is refused", async () => {
    const serviceId = await stand.serviceId(teller, "hotel-check-in");
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const r = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    await stand.approve(r.body.request.id);
    await waitForStatus(teller, r.body.request.id);
    const refused = await teller.request("POST", `/api/requests/${r.body.request.id}/signings`, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("QUESTIONNAIRE_MISSING");
    requestId = await visit();
    client = pki.citizen({ rnokpp });
  });

  it("DSTU end to end: waiting with a deeplink, the long-poll wakes on jkurwa's signature, signer and time shown", async () => {
    const s = await signing("DSTU");
    expect(s.fileName).toMatch(/^zayava-[0-9a-f]{8}\.pdf$/);
    expect(s.deeplink).toMatch(/^https:\/\/diia\.app\//);
    expect(Date.parse(s.expiresAt) - stand.clock.now().getTime()).toBe(900_000);
    expect(Buffer.from(s.pdf.subarray(0, 5)).toString()).toBe("%PDF-");
    const poll = teller.request("GET", `/api/signings/${s.id}?wait=20&version=${s.version}`);
    const posted = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect(posted).toEqual({ status: 200, body: { success: true } });
    const done = (await poll).body.signing;
    expect(done).toMatchObject({
      status: "signed",
      reason: null,
      signAlgo: "DSTU",
      deeplink: null,
      refusedCallbacks: 0,
      signer: {
        fullName: "Коваленко Олена Петрівна",
        rnokppMatches: true,
        certificateSerial: client.cert.serial,
        issuer: "Тестовий кваліфікований ЦСК",
      },
    });
    expect(done.signer.signingTime).toBe(
      stand.clock
        .now()
        .toISOString()
        .replace(/\.\d{3}Z$/, ".000Z"),
    );
    // The request resumes with it; Diia's retry of the same callback is a success that changes nothing.
    expect((await teller.request("GET", `/api/requests/${requestId}`)).body.request.signing.id).toBe(s.id);
    const again = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect(again.status).toBe(200);
    expect((await get(s.id)).version).toBe(done.version);
  });

  it("the same genuine signature is accepted as multipart/mixed, with junk sections around it", async () => {
    const s = await signing();
    const r = await postSigning(stand.url, undefined, {
      traceId: s.traceId,
      form: "mixed",
      preamble: "This is a multi-part message in MIME format.\r\n",
      sections: [
        "Content-Type: text/plain\r\n\r\njunk without a disposition",
        `Content-Disposition: form-data; name="encodeData"\r\nContent-Type: text/plain\r\n\r\n${genuine(s)}`,
      ],
      epilogue: "trailing junk\r\n",
    });
    expect(r).toEqual({ status: 200, body: { success: true } });
    expect((await get(s.id)).status).toBe("signed");
  });

  // Before any test moves the clock: OpenSSL signs with the real time.
  it("ECDSA end to end with OpenSSL's signature; a DSTU signature for an ECDSA signing is refused", async () => {
    const s = await signing("ECDSA");
    const r = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect({ status: r.status, error: r.body.error }).toEqual({ status: 422, error: "MALFORMED" });
    const ok = await postSigning(
      stand.url,
      encodeData([{ name: s.fileName, signature: ecdsa.sign(s.pdf) }]),
      { traceId: s.traceId },
    );
    expect(ok.status).toBe(200);
    expect(await get(s.id)).toMatchObject({
      status: "signed",
      signAlgo: "ECDSA",
      signer: { rnokppMatches: true, issuer: "Test ECDSA QTSP" },
    });
  });

  it("a second named section is refused (UNEXPECTED_PART), the mixed body without it accepted", async () => {
    const s = await signing();
    await refusedThenSigned(s, undefined, 400, "UNEXPECTED_PART", {
      form: "mixed",
      sections: [
        `Content-Disposition: form-data; name="encodeData"\r\n\r\n${genuine(s)}`,
        'Content-Disposition: form-data; name="extra"\r\n\r\nx',
      ],
    });
  });

  it("a signature over another file's hash is refused (HASH_MISMATCH)", async () => {
    const s = await signing();
    const other = new Uint8Array(s.pdf);
    other[other.length - 10] = (other[other.length - 10] ?? 0) ^ 1;
    await refusedThenSigned(
      s,
      encodeData([{ name: s.fileName, signature: jkSign(client, other, stand.clock.now()) }]),
      422,
      "HASH_MISMATCH",
    );
  });

  it("another file name is refused (FILE_NAME_MISMATCH)", async () => {
    const s = await signing();
    const sig = jkSign(client, s.pdf, stand.clock.now());
    await refusedThenSigned(
      s,
      encodeData([{ name: `x${s.fileName}`, signature: sig }]),
      422,
      "FILE_NAME_MISMATCH",
    );
  });

  it("a name given twice is refused (DUPLICATE_NAME)", async () => {
    const s = await signing();
    const sig = jkSign(client, s.pdf, stand.clock.now());
    const item = { name: s.fileName, signature: sig };
    await refusedThenSigned(s, encodeData([item, item]), 400, "DUPLICATE_NAME");
  });

  it("an extra item beside ours is refused (UNEXPECTED_ITEM)", async () => {
    const s = await signing();
    const sig = jkSign(client, s.pdf, stand.clock.now());
    await refusedThenSigned(
      s,
      encodeData([
        { name: s.fileName, signature: sig },
        { name: "other.pdf", signature: sig },
      ]),
      422,
      "UNEXPECTED_ITEM",
    );
  });

  it("the genuine signature of another signing is refused for this one (HASH_MISMATCH)", async () => {
    const a = await signing();
    const signedA = genuine(a);
    const b = await signing();
    // a was replaced by b (a waiting signing of the same request is cancelled first).
    expect((await get(a.id)).reason?.code).toBe("REPLACED");
    await refusedThenSigned(
      b,
      encodeData([
        {
          name: b.fileName,
          signature: JSON.parse(Buffer.from(signedA, "base64").toString()).signedItems[0].signature,
        },
      ]),
      422,
      "HASH_MISMATCH",
    );
    // …and for a itself it comes too late: a was cancelled.
    const late = await postSigning(stand.url, signedA, { traceId: a.traceId });
    expect({ status: late.status, error: late.body.error }).toEqual({ status: 409, error: "SIGNING_CLOSED" });
  });

  it("a certificate of an untrusted CA with the same name is refused (UNTRUSTED_CHAIN)", async () => {
    const s = await signing();
    const rogue = pki.citizen({ rnokpp, issuer: pki.rogue });
    await refusedThenSigned(s, genuine(s, rogue), 422, "UNTRUSTED_CHAIN");
  });

  it("a certificate expired at signing time is refused (CERT_EXPIRED_AT_SIGNING)", async () => {
    const s = await signing();
    const old = pki.citizen({
      rnokpp,
      from: new Date(Date.now() - 30 * 86_400_000),
      to: new Date(stand.clock.now().getTime() - 86_400_000),
    });
    await refusedThenSigned(s, genuine(s, old), 422, "CERT_EXPIRED_AT_SIGNING");
  });

  it("a revoked certificate is refused (SIGNER_REVOKED, from the CA's CRL)", async () => {
    const s = await signing();
    const revoked = pki.citizen({ rnokpp });
    pki.revoke(revoked.cert);
    // Past the CRL the server has cached (its nextUpdate is a minute ahead): it reads the new one.
    stand.clock.advance(61_000);
    await refusedThenSigned(s, genuine(s, revoked), 422, "SIGNER_REVOKED");
  });

  it("a wrong X-Diia-Id-Action is refused (UNSUPPORTED_ACTION); without the header it is no signing callback", async () => {
    const s = await signing();
    const r = await postSigning(stand.url, genuine(s), { traceId: s.traceId, action: "auth" });
    expect({ status: r.status, error: r.body.error }).toEqual({ status: 400, error: "UNSUPPORTED_ACTION" });
    // Without it, the post goes to the sharing path, where this trace id names no request.
    const plain = await postSigning(stand.url, genuine(s), { traceId: s.traceId, action: null });
    expect(plain.status).toBe(200);
    expect(await get(s.id)).toMatchObject({ status: "waiting", refusedCallbacks: 0 });
    const ok = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect(ok.status).toBe(200);
    expect((await get(s.id)).status).toBe("signed");
  });

  it("an unknown trace id is 404, a missing one 400, an oversized body 413; malformed encodeData refused", async () => {
    const s = await signing();
    const unknown = await postSigning(stand.url, genuine(s), {
      traceId: "00000000-0000-4000-8000-000000000000",
    });
    expect({ status: unknown.status, error: unknown.body.error }).toEqual({
      status: 404,
      error: "UNKNOWN_SIGNING",
    });
    const missing = await postSigning(stand.url, genuine(s), {});
    expect({ status: missing.status, error: missing.body.error }).toEqual({
      status: 400,
      error: "MISSING_TRACE_ID",
    });
    // Declared beyond the webhook's limit: refused before a byte of the body is read.
    const big = await rawHead(
      stand.callbackPort,
      `POST /api/diia/callback HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/mixed; boundary=x\r\nX-Diia-Id-Action: hashedFilesSigning\r\nX-Document-Request-Trace-Id: ${s.traceId}\r\nContent-Length: ${65 * 1024 * 1024}\r\n\r\n`,
    );
    expect(big).toMatch(/^HTTP\/1\.1 413 /);
    expect(big).toContain("TOO_LARGE");
    // A signature far beyond any real one (the schema's 1.4 MB) is no signing callback at all.
    await refusedThenSigned(
      s,
      encodeData([{ name: s.fileName, signature: Buffer.alloc(1_100_000, 1).toString("base64") }]),
      400,
      "MALFORMED_CALLBACK",
    );
  });

  it("someone else's certificate: stored, signed_by_other («підписано іншою особою»), not signed", async () => {
    const s = await signing();
    const other = pki.citizen({ rnokpp: "3171815713", name: "Мельник Андрій" });
    const r = await postSigning(stand.url, genuine(s, other), { traceId: s.traceId });
    expect(r.status).toBe(200);
    const got = await get(s.id);
    expect(got).toMatchObject({
      status: "signed_by_other",
      reason: { code: "SIGNED_BY_OTHER" },
      signer: { fullName: "Мельник Андрій", rnokppMatches: false },
    });
    expect(got.reason?.message).toContain("Підписано іншою особою");
    // A certificate with no РНОКПП cannot be the client's: said so.
    const t = await signing();
    await postSigning(stand.url, genuine(t, pki.citizen({})), { traceId: t.traceId });
    expect(await get(t.id)).toMatchObject({
      status: "signed_by_other",
      reason: { code: "SIGNER_RNOKPP_MISSING" },
      signer: { rnokppMatches: false },
    });
  });

  it("late: signed within the signing's life but delivered after its expiry is accepted; signed after it is not", async () => {
    const s = await signing();
    const inTime = genuine(s, client, stand.clock.now());
    // Past its expiry and the clock skew the server allows (STIIKA_CLOCK_SKEW_SECONDS, 2 min).
    stand.clock.advance(18 * 60_000);
    expect((await get(s.id)).status).toBe("expired");
    const tooLate = genuine(s, client, stand.clock.now());
    const refused = await postSigning(stand.url, tooLate, { traceId: s.traceId });
    expect({ status: refused.status, error: refused.body.error }).toEqual({
      status: 422,
      error: "SIGNED_OUTSIDE_SIGNING",
    });
    expect((await get(s.id)).status).toBe("expired");
    const accepted = await postSigning(stand.url, inTime, { traceId: s.traceId });
    expect(accepted.status).toBe(200);
    expect((await get(s.id)).status).toBe("signed");
    const audit = await stand.store.query<{ late: string }>(
      "SELECT details->>'late' AS late FROM audit_log WHERE action = 'signing.signed' AND subject_id = $1",
      [s.id],
    );
    expect(audit.rows[0]?.late).toBe("true");
  });

  it("cancel: the teller cancels, a signature after it is refused 409; cancelling twice is SIGNING_CLOSED", async () => {
    const s = await signing();
    const c = await teller.request("POST", `/api/signings/${s.id}/cancel`);
    expect(c.body.signing).toMatchObject({ status: "cancelled", reason: { code: "CANCELLED" } });
    const again = await teller.request("POST", `/api/signings/${s.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("SIGNING_CLOSED");
    const r = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect({ status: r.status, error: r.body.error }).toEqual({ status: 409, error: "SIGNING_CLOSED" });
  });

  it("declined in Diia: the status poller closes the signing DECLINED", async () => {
    const s = await signing();
    const consent = await until(() => stand.pendingConsent(s.traceId));
    await stand.control("POST", `/consents/${consent.id}/decline`);
    const closed = await until(async () => {
      const v = await get(s.id);
      return v.status === "declined" ? v : undefined;
    });
    expect(closed.reason?.code).toBe("DECLINED");
  });

  it("access: another teller and another branch's manager see nothing (404); the branch's manager does", async () => {
    const s = await signing();
    const other = await stand.employee("teller", "teller-sign-2");
    expect((await other.request("GET", `/api/signings/${s.id}`)).status).toBe(404);
    expect((await other.request("POST", `/api/requests/${requestId}/signings`, {})).status).toBe(404);
    expect((await other.request("GET", `/api/signings/${s.id}/pdf`)).status).toBe(404);
    expect((await manager.request("GET", `/api/signings/${s.id}`)).status).toBe(200);
    const branch = (
      await stand.store.query<{ id: string }>(
        "INSERT INTO branches (name) VALUES ('Інше відділення') RETURNING id",
      )
    ).rows[0]?.id as string;
    const foreign = await stand.employee("manager", "manager-other", branch);
    expect((await foreign.request("GET", `/api/signings/${s.id}`)).status).toBe(404);
    expect((await foreign.request("POST", `/api/requests/${requestId}/signings`, {})).status).toBe(404);
    const copyPdf = `/api/manage/copies/${requestId}/signings/${s.id}/pdf`;
    expect((await foreign.request("GET", copyPdf)).status).toBe(404);
  });

  it("a branch registered before Дія.Підпис gets the scope and its signing offer at the next sync", async () => {
    const sandboxBranch = stand.sandbox.state.store.data.branches[0];
    if (!sandboxBranch) throw new Error("no branch");
    // As Diia holds a branch registered by an older Stiika: no diiaId scope, no signing offer.
    sandboxBranch.scopes = { ...sandboxBranch.scopes, diiaId: [] };
    stand.sandbox.state.store.data.offers = stand.sandbox.state.store.data.offers.filter(
      (o) => !o.scopes.diiaId?.length,
    );
    await stand.store.query("UPDATE branches SET diia_signing_offer_id = NULL");
    await registerWithDiia(
      stand.services,
      stand.services.diia.link as NonNullable<typeof stand.services.diia.link>,
    );
    expect(stand.sandbox.state.store.data.branches[0]?.scopes.diiaId).toEqual(["hashedFilesSigning"]);
    const offer = stand.sandbox.state.store.data.offers.find((o) => o.scopes.diiaId?.length);
    expect(offer).toMatchObject({ name: "Підписання заяви", scopes: { diiaId: ["hashedFilesSigning"] } });
    const row = await stand.store.query<{ id: string | null }>(
      "SELECT diia_signing_offer_id AS id FROM branches WHERE diia_branch_id IS NOT NULL",
    );
    expect(row.rows[0]?.id).toBe(offer?._id);
    // And it signs with it.
    expect((await signing()).deeplink).toMatch(/^https:\/\/diia\.app\//);
  });

  it("the partner's default algorithm is the admin's to set; a signing without signAlgo follows it", async () => {
    const admin = await stand.employee("admin", "admin-sign");
    expect((await admin.request("GET", "/api/admin/partner")).body.partner.signAlgo).toBe("DSTU");
    const put = await admin.request("PUT", "/api/admin/partner", { signAlgo: "ECDSA" });
    expect(put.body.partner).toMatchObject({ signAlgo: "ECDSA" });
    expect((await admin.request("PUT", "/api/admin/partner", { signAlgo: "RSA" })).status).toBe(400);
    expect((await signing()).signAlgo).toBe("ECDSA");
    await admin.request("PUT", "/api/admin/partner", { signAlgo: "DSTU" });
    expect((await signing()).signAlgo).toBe("DSTU");
  });

  it("managers: the copy lists its signings; PDF and .p7s download verify independently; re-verify; all audited", async () => {
    const s = await signing();
    await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    const copy = (await manager.request("GET", `/api/manage/copies/${requestId}`)).body.copy;
    for (const listed of copy.signings) signingSchema.parse(listed);
    expect(copy.signings[0]).toMatchObject({ id: s.id, status: "signed" });
    expect(copy.signings.length).toBeGreaterThan(5);
    const base = `${stand.url}/api/manage/copies/${requestId}/signings/${s.id}`;
    const headers = { cookie: manager.cookie ?? "" };
    const pdf = await fetch(`${base}/pdf`, { headers });
    expect(pdf.headers.get("content-disposition")).toBe(`attachment; filename="${s.fileName}"`);
    const pdfBytes = new Uint8Array(await pdf.arrayBuffer());
    expect(Buffer.from(pdfBytes).equals(Buffer.from(s.pdf))).toBe(true);
    const p7s = await fetch(`${base}/signature`, { headers });
    expect(p7s.headers.get("content-type")).toBe("application/pkcs7-signature");
    expect(p7s.headers.get("content-disposition")).toBe(`attachment; filename="${s.fileName}.p7s"`);
    const der = new Uint8Array(await p7s.arrayBuffer());
    expect(der[0]).toBe(0x30);
    const checked = verifyDetachedSignature({
      signature: der,
      expectedHash: signingDigest(pdfBytes, "GOST34311"),
      hashAlgorithm: "GOST34311",
      trustedCAs: loadCertificates(pki.ca.cert.der),
      at: stand.clock.now(),
    });
    expect(checked.rnokpp).toBe(rnokpp);
    // …and by the CLI a manager would use on the two downloaded files.
    const files = mkdtempSync(path.join(tmpdir(), "stiika-download-"));
    try {
      writeFileSync(path.join(files, s.fileName), pdfBytes);
      writeFileSync(path.join(files, `${s.fileName}.p7s`), der);
      const cli = spawnSync(
        process.execPath,
        [
          "--import",
          "tsx",
          fileURLToPath(new URL("../../diia/src/cli/diia-envelope.ts", import.meta.url)),
          "verify-signature",
          "--signature",
          path.join(files, `${s.fileName}.p7s`),
          "--ca",
          path.join(pki.dir, "ca.cer"),
          "--at",
          stand.clock.now().toISOString(),
          path.join(files, s.fileName),
        ],
        { encoding: "utf8" },
      );
      expect(cli.status, cli.stderr).toBe(0);
      expect(JSON.parse(cli.stdout)).toMatchObject({ ok: true });
    } finally {
      rmSync(files, { recursive: true, force: true });
    }
    const verified = await manager.request("POST", `/api/manage/copies/${requestId}/signings/${s.id}/verify`);
    expect(verified.body.verification).toMatchObject({
      valid: true,
      code: null,
      signer: { rnokppMatches: true },
    });
    // Another (waiting) signing has no .p7s.
    const w = await signing();
    expect(
      (await manager.request("GET", `/api/manage/copies/${requestId}/signings/${w.id}/signature`)).status,
    ).toBe(404);
    const actions = (
      await stand.store.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq",
        [s.id],
      )
    ).rows.map((r) => r.action);
    expect(actions).toEqual([
      "signing.create",
      "signing.view_pdf",
      "signing.signed",
      "signing.export_pdf",
      "signing.export_signature",
      "signing.verify",
    ]);
    expect(await verifyAuditChain(stand.store, stand.services.dataKey)).toMatchObject({ ok: true });
    // Sealed at rest: neither the PDF nor the signer's name is in the table in clear.
    const clear = await stand.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM signings WHERE position('%PDF'::bytea in pdf_sealed) > 0",
    );
    expect(clear.rows[0]?.n).toBe(0);
  });

  it("deleting the copy deletes its signings; a signature for one then names nothing (404); a deleted copy cannot be signed", async () => {
    const s = await signing();
    const before = await stand.store.query("SELECT 1 FROM signings WHERE request_id = $1", [requestId]);
    expect(before.rows.length).toBeGreaterThan(0);
    const del = await manager.request("DELETE", `/api/manage/copies/${requestId}`, {
      reason: "client-request",
    });
    expect(del.status).toBe(200);
    const after = await stand.store.query("SELECT 1 FROM signings WHERE request_id = $1", [requestId]);
    expect(after.rows).toEqual([]);
    const r = await postSigning(stand.url, genuine(s), { traceId: s.traceId });
    expect({ status: r.status, error: r.body.error }).toEqual({ status: 404, error: "UNKNOWN_SIGNING" });
    const again = await manager.request("POST", `/api/requests/${requestId}/signings`, {});
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("COPY_DELETED");
  });

  it("retention purges a copy's signings with it", async () => {
    requestId = await visit();
    await signing();
    stand.clock.advance(31 * 86_400_000);
    const counts = await purge(stand.services);
    expect(counts.signings).toBe(1);
    expect(
      (await stand.store.query("SELECT 1 FROM signings WHERE request_id = $1", [requestId])).rowCount,
    ).toBe(0);
  });
});

describe.skipIf(!DRIVERS.includes("pg"))("Дія.Підпис on two instances of one PostgreSQL", () => {
  it("a signature received by one instance wakes the signing's long-poll on the other", async () => {
    const clock = { now: () => new Date() };
    const pki = await new CitizenPki(() => clock.now()).start();
    const stand = await new Stand("pg", { DIIA_SIGNING_CA_FILES: `${pki.dir}/ca.cer` }).start();
    clock.now = stand.clock.now;
    try {
      const a = stand.servers[0] as (typeof stand.servers)[number];
      const b = await stand.addServer();
      const teller = await stand.employee("teller", "teller-two", undefined, b.url);
      const serviceId = await stand.serviceId(teller, "hotel-check-in");
      const code = await stand.liveCode("olena-kovalenko", "internal-passport");
      const r = await teller.request("POST", "/api/requests", {
        serviceId,
        kind: "barcode",
        barcode: code.barcode,
      });
      await stand.approve(r.body.request.id);
      const request = await waitForStatus(teller, r.body.request.id);
      const docs = await teller.request("GET", `/api/requests/${request.id}/documents`);
      await teller.request("PUT", `/api/requests/${request.id}/questionnaire`, {
        template: "hotel-check-in",
        fields: { room: "1" },
      });
      const s = (await teller.request("POST", `/api/requests/${request.id}/signings`, {})).body.signing;
      const pdf = await fetch(`${b.url}/api/signings/${s.id}/pdf`, {
        headers: { cookie: teller.cookie ?? "" },
      });
      const trace = (
        await stand.store.query<{ t: string }>("SELECT diia_request_id AS t FROM signings WHERE id = $1", [
          s.id,
        ])
      ).rows[0]?.t;
      const poll = teller.request("GET", `/api/signings/${s.id}?wait=20&version=${s.version}`);
      await until(() => b.server.services.changes.waiting() > 0);
      const citizen = pki.citizen({ rnokpp: docs.body.documents[0].normalised.person.taxpayerNumber });
      const signature = jkSign(citizen, new Uint8Array(await pdf.arrayBuffer()), stand.clock.now());
      const posted = await postSigning(a.url, encodeData([{ name: s.fileName, signature }]), {
        traceId: trace,
      });
      expect(posted.status).toBe(200);
      expect((await poll).body.signing).toMatchObject({ status: "signed", signer: { rnokppMatches: true } });
    } finally {
      await stand.close();
      await pki.close();
    }
  }, 120_000);
});

describe("Дія.Підпис with STIIKA_REVOCATION=require", () => {
  it("the signer's CA unreachable: refused 503 REVOCATION_UNAVAILABLE, the signing still waiting; Diia's retry lands once it is back", async () => {
    const clock = { now: () => new Date() };
    const pki = await new CitizenPki(() => clock.now()).start();
    const stand = await new Stand("pglite", {
      DIIA_SIGNING_CA_FILES: `${pki.dir}/ca.cer`,
      STIIKA_REVOCATION: "require",
    }).start();
    clock.now = stand.clock.now;
    try {
      const teller = await stand.employee("teller", "teller-require");
      const serviceId = await stand.serviceId(teller, "hotel-check-in");
      const code = await stand.liveCode("olena-kovalenko", "internal-passport");
      const r = await teller.request("POST", "/api/requests", {
        serviceId,
        kind: "barcode",
        barcode: code.barcode,
      });
      await stand.approve(r.body.request.id);
      const request = await waitForStatus(teller, r.body.request.id);
      expect(request.status).toBe("received");
      const docs = await teller.request("GET", `/api/requests/${request.id}/documents`);
      await teller.request("PUT", `/api/requests/${request.id}/questionnaire`, {
        template: "hotel-check-in",
        fields: { room: "2" },
      });
      const s = (await teller.request("POST", `/api/requests/${request.id}/signings`, {})).body.signing;
      const pdf = new Uint8Array(
        await (
          await fetch(`${stand.url}/api/signings/${s.id}/pdf`, { headers: { cookie: teller.cookie ?? "" } })
        ).arrayBuffer(),
      );
      const trace = (
        await stand.store.query<{ t: string }>("SELECT diia_request_id AS t FROM signings WHERE id = $1", [
          s.id,
        ])
      ).rows[0]?.t;
      const citizen = pki.citizen({ rnokpp: docs.body.documents[0].normalised.person.taxpayerNumber });
      const data = encodeData([{ name: s.fileName, signature: jkSign(citizen, pdf, stand.clock.now()) }]);
      pki.down = true;
      const refused = await postSigning(stand.url, data, { traceId: trace });
      expect({ status: refused.status, error: refused.body.error }).toEqual({
        status: 503,
        error: "REVOCATION_UNAVAILABLE",
      });
      const waiting = (await teller.request("GET", `/api/signings/${s.id}`)).body.signing;
      expect(waiting).toMatchObject({ status: "waiting", refusedCallbacks: 1 });
      pki.down = false;
      expect(await postSigning(stand.url, data, { traceId: trace })).toEqual({
        status: 200,
        body: { success: true },
      });
      expect((await teller.request("GET", `/api/signings/${s.id}`)).body.signing.status).toBe("signed");
    } finally {
      await stand.close();
      await pki.close();
    }
  }, 120_000);
});
