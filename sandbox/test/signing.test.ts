// Дія.Підпис in the sandbox, end to end over HTTP: a partner asks for a signing deeplink (spec §3.3, §7), the
// citizen opens it on the phone (the deeplink landing, then the phone's control-API calls), confirms with the
// PIN, and the partner's plain HTTP receiver gets the callback: the headers of §7, one field encodeData in
// multipart/form-data (parsed by busboy) or multipart/mixed (parsed by hand here), whose signatures verify with
// @stiika/diia's verifyDetachedSignature against the CA file the sandbox wrote (and with OpenSSL for ECDSA).
// Every signing fault is shown to do exactly its thing, and the same request without it to be clean.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type DetachedSignatureResult,
  IdResponseSchema,
  loadCertificates,
  parseSigningCallback,
  type SignAlgo,
  signingDigest,
  verifyDetachedSignature,
} from "@stiika/diia";
import Busboy from "busboy";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CITIZENS, citizenRnokpp } from "../src/citizens/citizens.ts";
import { CITIZEN_CA_FILES } from "../src/delivery/citizen-pki.ts";
import {
  branchBody,
  call,
  control,
  type Reply,
  sessionToken,
  startSandbox,
  type TestSandbox,
  waitFor,
} from "./helpers.ts";
import { OK, type Received, type Receiver, startReceiver } from "./receiver.ts";

const enc = new TextEncoder();
const FILES = [
  {
    fileName: "zayava-1a2b3c4d.pdf",
    content: enc.encode("%PDF-1.4\n% заява про відкриття рахунку\n%%EOF\n"),
  },
  { fileName: "anketa-1a2b3c4d.pdf", content: enc.encode("%PDF-1.4\n% анкета клієнта\n%%EOF\n") },
];
const HASH = { DSTU: "GOST34311", ECDSA: "SHA256" } as const;
const olena = CITIZENS.find((c) => c.id === "olena-kovalenko") ?? CITIZENS[0];
if (!olena) throw new Error("no citizens");

let receiver: Receiver;
let sandbox: TestSandbox;
let token: string;
let branchId: string;
let offerId: string;
let tmp: string;

beforeAll(async () => {
  tmp = mkdtempSync(join(tmpdir(), "stiika-signing-"));
  receiver = await startReceiver();
  sandbox = await startSandbox({ callbackUrl: receiver.url, retryDelaysMs: [50, 100, 150] });
}, 60_000);
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
  rmSync(tmp, { recursive: true, force: true });
});
beforeEach(async () => {
  await control(sandbox, "POST", "/reset");
  receiver.requests.length = 0;
  receiver.answer = () => OK;
  token = await sessionToken(sandbox);
  const branch = await call(sandbox, "POST", "/api/v2/acquirers/branch", {
    token,
    body: branchBody({ diiaId: ["hashedFilesSigning"] }),
  });
  branchId = IdResponseSchema.parse(branch.body)._id;
  const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
    token,
    body: { name: "Підписання заяви", scopes: { diiaId: ["hashedFilesSigning"] } },
  });
  offerId = IdResponseSchema.parse(offer.body)._id;
});

const hashedFiles = (signAlgo: SignAlgo, files = FILES) =>
  files.map((f) => ({
    fileName: f.fileName,
    fileHash: Buffer.from(signingDigest(f.content, HASH[signAlgo])).toString("base64"),
  }));

/** The partner asks for a signing deeplink; the citizen's browser opens it (the landing redirects to the phone). */
async function requestAndOpen(signAlgo: SignAlgo, requestId: string, citizenId = olena?.id) {
  const reply = await call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
    token,
    body: {
      offerId,
      requestId,
      signAlgo,
      data: { hashedFilesSigning: { hashedFiles: hashedFiles(signAlgo) } },
    },
  });
  expect(reply.status).toBe(200);
  const deeplink: string = reply.body.deeplink;
  const landing = await fetch(
    `${sandbox.url}/acquirers/offer-request/dynamic/${deeplink.split("/").at(-1)}`,
    {
      redirect: "manual",
    },
  );
  expect(landing.status).toBe(302);
  const phone = new URL(landing.headers.get("location") ?? "", sandbox.url);
  expect(phone.pathname).toBe("/phone/");
  const opened = await control(sandbox, "POST", "/deeplinks/open", {
    citizenId,
    deeplink: phone.searchParams.get("deeplink"),
  });
  expect(opened.status).toBe(200);
  return { deeplink, consent: opened.body.consent };
}

const sign = (consentId: string, pin = "1234"): Promise<Reply> =>
  control(sandbox, "POST", `/consents/${consentId}/sign`, { pin });

const status = async (deeplink: string, requestId: string) =>
  (
    await call(
      sandbox,
      "GET",
      `/api/v1/acquirers/offer-request/status?otp=${encodeURIComponent(deeplink)}&requestId=${requestId}`,
      { token },
    )
  ).body;

/** multipart/form-data fields, read by busboy (not by our code, nor by the platform's parser the sender uses). */
function formFields(request: Received): Promise<Record<string, string[]>> {
  return new Promise((resolve, reject) => {
    const fields: Record<string, string[]> = {};
    const parser = Busboy({ headers: request.headers });
    parser.on("field", (name, value) => {
      fields[name] = [...(fields[name] ?? []), value];
    });
    parser.on("file", () => reject(new Error("a file part in a signing callback")));
    parser.on("error", reject);
    parser.on("close", () => resolve(fields));
    parser.end(request.body);
  });
}

/** multipart/mixed by hand (RFC 2046 §5.1): the sections' headers and bodies between the boundary lines. */
function mixedSections(request: Received) {
  const type = String(request.headers["content-type"]);
  const boundary = /^multipart\/mixed;\s*boundary=("?)([^";]+)\1$/i.exec(type)?.[2];
  if (!boundary) throw new Error(`not multipart/mixed: ${type}`);
  const text = request.body.toString("utf8");
  const delimiter = `--${boundary}`;
  expect(text.endsWith(`${delimiter}--\r\n`)).toBe(true);
  return text
    .slice(0, text.lastIndexOf(`${delimiter}--`))
    .split(delimiter)
    .slice(1)
    .map((section) => {
      expect(section.startsWith("\r\n")).toBe(true);
      const [head = "", ...rest] = section.slice(2).split("\r\n\r\n");
      const body = rest.join("\r\n\r\n").replace(/\r\n$/, "");
      const headers = Object.fromEntries(
        head.split("\r\n").map((line) => {
          const at = line.indexOf(":");
          return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
        }),
      );
      return { headers, body };
    });
}

/** The callback's encodeData, from whichever form it came in. */
async function encodeDataOf(request: Received): Promise<{ form: "form-data" | "mixed"; encodeData: string }> {
  const type = String(request.headers["content-type"]);
  if (type.startsWith("multipart/form-data")) {
    const fields = await formFields(request);
    expect(Object.keys(fields)).toEqual(["encodeData"]);
    expect(fields.encodeData).toHaveLength(1);
    return { form: "form-data", encodeData: fields.encodeData?.[0] ?? "" };
  }
  const sections = mixedSections(request);
  expect(sections).toHaveLength(1);
  const [section] = sections;
  expect(section?.headers["content-disposition"]).toBe('form-data; name="encodeData"');
  expect(section?.headers["content-type"]).toMatch(/^(text\/plain|application\/json)/);
  return { form: "mixed", encodeData: section?.body ?? "" };
}

const caFile = (signAlgo: SignAlgo) => join(sandbox.state.pki.dir, CITIZEN_CA_FILES[signAlgo]);

function verifyAll(signAlgo: SignAlgo, encodeData: string): DetachedSignatureResult[] {
  const { signedItems } = parseSigningCallback(encodeData);
  expect(signedItems.map((i) => i.name)).toEqual(FILES.map((f) => f.fileName));
  return signedItems.map((item, i) =>
    verifyDetachedSignature({
      signature: item.signature,
      expectedHash: signingDigest(FILES[i]?.content ?? new Uint8Array(), HASH[signAlgo]),
      hashAlgorithm: HASH[signAlgo],
      trustedCAs: loadCertificates(readFileSync(caFile(signAlgo))),
    }),
  );
}

const nthCallback = (n: number) => waitFor(() => receiver.requests[n]);

describe("a signing deeplink signed on the phone", () => {
  it("DSTU: the callback carries §7's headers and one encodeData whose signatures verify; РНОКПП is the citizen's", async () => {
    const { deeplink, consent } = await requestAndOpen("DSTU", "sign-dstu-1");
    expect(consent.signing).toMatchObject({ signAlgo: "DSTU", files: hashedFiles("DSTU") });
    expect(consent.documentTypes).toEqual([]);
    expect(await status(deeplink, "sign-dstu-1")).toEqual({ status: "pending" });
    const signed = await sign(consent.id);
    expect(signed.status).toBe(200);
    expect(signed.body.consent).toMatchObject({ status: "approved", signing: { signerCitizenId: olena.id } });
    const request = await nthCallback(0);
    expect(request.headers["x-document-request-trace-id"]).toBe("sign-dstu-1");
    expect(request.headers["x-diia-id-action"]).toBe("hashedFilesSigning");
    const { form, encodeData } = await encodeDataOf(request);
    expect(form).toBe("form-data");
    const results = verifyAll("DSTU", encodeData);
    for (const r of results) {
      expect(r.rnokpp).toBe(citizenRnokpp(olena));
      expect(r.signer.subject.serialNumber).toBe(`TINUA-${citizenRnokpp(olena)}`);
      expect(r.signer.subject.commonName).toBe(olena.fullName);
      expect(r.signerCertificate.keyUsage).toEqual(["digitalSignature", "nonRepudiation"]);
      expect(r.signerCertificate.ocspUrls).toEqual([`${sandbox.url}/pki/ocsp`]);
      expect(r.signerCertificate.crlUrls).toEqual([`${sandbox.url}/pki/citizen-ca.crl`]);
      expect(r.signerCertificate.caIssuersUrls).toEqual([`${sandbox.url}/pki/citizen-ca.cer`]);
      expect(Math.abs((r.signingTime?.getTime() ?? 0) - Date.now())).toBeLessThan(60_000);
    }
    expect(await status(deeplink, "sign-dstu-1")).toEqual({ status: "approved" });
    // The files' own bytes, not only their hashes: one changed byte and the signature is refused.
    const changed = Uint8Array.from(FILES[0]?.content ?? []);
    changed[10] = (changed[10] ?? 0) ^ 1;
    const { signedItems } = parseSigningCallback(encodeData);
    expect(() =>
      verifyDetachedSignature({
        signature: signedItems[0]?.signature ?? "",
        expectedHash: signingDigest(changed, "GOST34311"),
        hashAlgorithm: "GOST34311",
        trustedCAs: loadCertificates(readFileSync(caFile("DSTU"))),
      }),
    ).toThrow(expect.objectContaining({ code: "HASH_MISMATCH" }));
  });

  it("alternates multipart/form-data and multipart/mixed; both carry the same kind of encodeData", async () => {
    for (const [n, want] of (["form-data", "mixed", "form-data"] as const).entries()) {
      const { consent } = await requestAndOpen("DSTU", `alt-${n}`);
      await sign(consent.id);
      const { form, encodeData } = await encodeDataOf(await nthCallback(n));
      expect(form).toBe(want);
      expect(verifyAll("DSTU", encodeData).map((r) => r.rnokpp)).toEqual([
        citizenRnokpp(olena),
        citizenRnokpp(olena),
      ]);
    }
  });

  it("the control API forces one form", async () => {
    const put = await control(sandbox, "PUT", "/faults", { signingCallbackForm: "mixed" });
    expect(put.body.faults.signingCallbackForm).toBe("mixed");
    for (const n of [0, 1]) {
      const { consent } = await requestAndOpen("DSTU", `mixed-${n}`);
      await sign(consent.id);
      expect((await encodeDataOf(await nthCallback(n))).form).toBe("mixed");
    }
  });

  it("ECDSA: verifies over SHA-256 against citizen-ca-ecdsa.cer, and with OpenSSL cms -verify over the file", async () => {
    const { consent } = await requestAndOpen("ECDSA", "sign-ecdsa-1");
    await sign(consent.id);
    const { encodeData } = await encodeDataOf(await nthCallback(0));
    const results = verifyAll("ECDSA", encodeData);
    expect(results.map((r) => r.rnokpp)).toEqual([citizenRnokpp(olena), citizenRnokpp(olena)]);
    expect(results[0]?.signerCertificate.caIssuersUrls).toEqual([`${sandbox.url}/pki/citizen-ca-ecdsa.cer`]);
    expect(results[0]?.signerCertificate.crlUrls).toEqual([`${sandbox.url}/pki/citizen-ca-ecdsa.crl`]);
    expect(results[0]?.signerCertificate.ocspUrls).toEqual([`${sandbox.url}/pki/ocsp`]);
    // The DSTU CA does not vouch for an ECDSA certificate.
    expect(() =>
      verifyDetachedSignature({
        signature: parseSigningCallback(encodeData).signedItems[0]?.signature ?? "",
        expectedHash: signingDigest(FILES[0]?.content ?? new Uint8Array(), "SHA256"),
        hashAlgorithm: "SHA256",
        trustedCAs: loadCertificates(readFileSync(caFile("DSTU"))),
      }),
    ).toThrow(expect.objectContaining({ code: "UNTRUSTED_CHAIN" }));
    const der = readFileSync(caFile("ECDSA"));
    writeFileSync(
      join(tmp, "ca.pem"),
      `-----BEGIN CERTIFICATE-----\n${der.toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`,
    );
    const verify = (signature: string, content: Uint8Array) => {
      writeFileSync(join(tmp, "sig.p7s"), Buffer.from(signature, "base64"));
      writeFileSync(join(tmp, "file.pdf"), content);
      return spawnSync(
        "openssl",
        ["cms", "-verify", "-binary", "-inform", "DER", "-in", "sig.p7s", "-content", "file.pdf"].concat([
          "-CAfile",
          "ca.pem",
          "-purpose",
          "any",
          "-out",
          "/dev/null",
        ]),
        { cwd: tmp },
      ).status;
    };
    const { signedItems } = parseSigningCallback(encodeData);
    expect(verify(signedItems[0]?.signature ?? "", FILES[0]?.content ?? new Uint8Array())).toBe(0);
    expect(verify(signedItems[1]?.signature ?? "", FILES[1]?.content ?? new Uint8Array())).toBe(0);
    expect(verify(signedItems[0]?.signature ?? "", FILES[1]?.content ?? new Uint8Array())).not.toBe(0);
  });

  it("a wrong PIN is refused and changes nothing; the right one then signs", async () => {
    const { deeplink, consent } = await requestAndOpen("DSTU", "pin-1");
    const wrong = await sign(consent.id, "0000");
    expect(wrong.status).toBe(403);
    expect(wrong.body).toMatchObject({ code: 403, data: { reason: "WRONG_PIN" } });
    expect(wrong.body.message).toContain("PIN");
    expect((await sign(consent.id, "12345")).status).toBe(422);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(0);
    expect(await status(deeplink, "pin-1")).toEqual({ status: "pending" });
    expect((await sign(consent.id)).status).toBe(200);
    await nthCallback(0);
    expect((await sign(consent.id)).status).toBe(409);
  });

  it("two confirmations at once sign once: the other is refused, one callback goes out", async () => {
    const { consent } = await requestAndOpen("DSTU", "twice-1");
    const replies = await Promise.all([sign(consent.id), sign(consent.id)]);
    expect(replies.map((r) => r.status).sort()).toEqual([200, 409]);
    await nthCallback(0);
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(1);
  });

  it("a request opened by one citizen cannot be signed by another", async () => {
    const { consent } = await requestAndOpen("DSTU", "other-1");
    const other = CITIZENS.find((c) => c.id !== olena.id);
    const reply = await control(sandbox, "POST", `/consents/${consent.id}/sign`, {
      pin: "1234",
      citizenId: other?.id,
    });
    expect(reply.status).toBe(409);
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(0);
  });

  it("declined by the citizen: no callback, the status answers declined", async () => {
    const { deeplink, consent } = await requestAndOpen("DSTU", "decline-1");
    expect((await control(sandbox, "POST", `/consents/${consent.id}/decline`)).body.consent.status).toBe(
      "declined",
    );
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(0);
    expect(await status(deeplink, "decline-1")).toEqual({ status: "declined" });
    expect((await sign(consent.id)).status).toBe(409);
  });

  it("a signing request cannot be approved as a share, nor a share signed", async () => {
    const { consent } = await requestAndOpen("DSTU", "mixup-1");
    expect((await control(sandbox, "POST", `/consents/${consent.id}/approve`, {})).status).toBe(409);
    const sharingOffer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Паспорт", scopes: { sharing: ["passport"] } },
    });
    const share = await call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
      token,
      body: { offerId: sharingOffer.body._id, requestId: "share-1" },
    });
    const opened = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: olena.id,
      deeplink: share.body.deeplink,
    });
    expect((await sign(opened.body.consent.id)).status).toBe(409);
  });

  it("retries a callback the partner does not answer {success: true}, with the same encodeData", async () => {
    receiver.answer = (n) => (n === 0 ? { status: 500, body: "{}" } : OK);
    const { consent } = await requestAndOpen("DSTU", "retry-1");
    await sign(consent.id);
    const second = await nthCallback(1);
    const first = receiver.requests[0];
    if (!first) throw new Error("no first attempt");
    expect((await encodeDataOf(second)).encodeData).toBe((await encodeDataOf(first)).encodeData);
    expect(second.headers["x-diia-id-action"]).toBe("hashedFilesSigning");
    const delivery = await waitFor(async () => {
      const { body } = await control(sandbox, "GET", "/deliveries");
      const d = body.deliveries[0];
      return d?.status === "delivered" ? d : undefined;
    });
    expect(delivery).toMatchObject({ action: "hashedFilesSigning", requestId: "retry-1" });
    expect(delivery.attempts.map((a: { status: number }) => a.status)).toEqual([500, 200]);
  });

  it("refuses hashes that are no 32-byte digest and repeated file names, creating nothing", async () => {
    const ask = (files: { fileName: string; fileHash: string }[]) =>
      call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
        token,
        body: {
          offerId,
          requestId: "bad-1",
          signAlgo: "DSTU",
          data: { hashedFilesSigning: { hashedFiles: files } },
        },
      });
    const [a, b] = hashedFiles("DSTU");
    if (!a || !b) throw new Error("no files");
    const short = await ask([{ ...a, fileHash: "dGVzdA==" }]);
    expect(short.status).toBe(422);
    expect(short.body.data.errors[0].field).toBe("data.hashedFilesSigning.hashedFiles.0.fileHash");
    const twice = await ask([a, { ...b, fileName: a.fileName }]);
    expect(twice.status).toBe(422);
    expect(twice.body.data.errors[0].field).toBe("data.hashedFilesSigning.hashedFiles.1.fileName");
    expect((await control(sandbox, "GET", "/consents")).body.consents).toEqual([]);
  });
});

describe("signing faults", () => {
  const setFaults = (signing: unknown[]) => control(sandbox, "PUT", "/faults", { signing });

  it("declined: confirming declines, nothing is sent, the status answers declined; it applies once", async () => {
    await setFaults([{ kind: "declined", remaining: 1 }]);
    const first = await requestAndOpen("DSTU", "f-declined-1");
    const reply = await sign(first.consent.id);
    expect(reply.body.consent).toMatchObject({ status: "declined", signing: { faults: ["declined"] } });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.requests).toHaveLength(0);
    expect(await status(first.deeplink, "f-declined-1")).toEqual({ status: "declined" });
    const second = await requestAndOpen("DSTU", "f-declined-2");
    expect((await sign(second.consent.id)).body.consent.status).toBe("approved");
    await nthCallback(0);
  });

  it("wrong-signer: valid signatures by another citizen's certificate (another РНОКПП)", async () => {
    await setFaults([{ kind: "wrong-signer" }]);
    const { consent } = await requestAndOpen("DSTU", "f-signer-1");
    const reply = await sign(consent.id);
    const other = reply.body.consent.signing.signerCitizenId;
    expect(other).not.toBe(olena.id);
    const citizen = CITIZENS.find((c) => c.id === other);
    if (!citizen) throw new Error("unknown signer");
    const request = await nthCallback(0);
    expect(request.headers["x-document-request-trace-id"]).toBe("f-signer-1");
    const results = verifyAll("DSTU", (await encodeDataOf(request)).encodeData);
    expect(results.map((r) => r.rnokpp)).toEqual([citizenRnokpp(citizen), citizenRnokpp(citizen)]);
    expect(citizenRnokpp(citizen)).not.toBe(citizenRnokpp(olena));
  });

  it("other-data: the citizen's own certificate signs another hash; over the file's hash it is HASH_MISMATCH", async () => {
    await setFaults([{ kind: "other-data" }]);
    const { consent } = await requestAndOpen("ECDSA", "f-data-1");
    await sign(consent.id);
    const request = await nthCallback(0);
    const { signedItems } = parseSigningCallback((await encodeDataOf(request)).encodeData);
    expect(signedItems.map((i) => i.name)).toEqual(FILES.map((f) => f.fileName));
    for (const [i, item] of signedItems.entries()) {
      expect(() =>
        verifyDetachedSignature({
          signature: item.signature,
          expectedHash: signingDigest(FILES[i]?.content ?? new Uint8Array(), "SHA256"),
          hashAlgorithm: "SHA256",
          trustedCAs: loadCertificates(readFileSync(caFile("ECDSA"))),
        }),
      ).toThrow(expect.objectContaining({ code: "HASH_MISMATCH" }));
    }
  });

  it("late: the callback comes the configured seconds after the confirmation, not before", async () => {
    await setFaults([{ kind: "late", delaySeconds: 1 }]);
    const { consent } = await requestAndOpen("DSTU", "f-late-1");
    const at = Date.now();
    await sign(consent.id);
    await new Promise((r) => setTimeout(r, 700));
    expect(receiver.requests).toHaveLength(0);
    const request = await nthCallback(0);
    expect(request.at - at).toBeGreaterThanOrEqual(950);
    expect(verifyAll("DSTU", (await encodeDataOf(request)).encodeData)).toHaveLength(2);
  });

  it("a late fault needs its seconds; unknown kinds are refused", async () => {
    expect((await setFaults([{ kind: "late" }])).status).toBe(422);
    expect((await setFaults([{ kind: "tamper" }])).status).toBe(422);
  });
});
