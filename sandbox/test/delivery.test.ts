// Delivery: the full loop from a partner's request to a decrypted, verified multipart callback at a plain HTTP
// receiver, plus retries and every callback fault.
import { readFileSync } from "node:fs";
import { EnvelopeError, type KeyStore, loadCertificate, loadKeyStore, unwrap } from "@stiika/diia";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { CITIZENS } from "../src/citizens/citizens.ts";
import {
  branchBody,
  call,
  control,
  sessionToken,
  startSandbox,
  type TestSandbox,
  waitFor,
} from "./helpers.ts";
import { formOf, OK, pdfText, type Receiver, startReceiver } from "./receiver.ts";

let receiver: Receiver;
let sandbox: TestSandbox;
let token: string;
let branchId: string;

beforeAll(async () => {
  receiver = await startReceiver();
  sandbox = await startSandbox({
    callbackUrl: receiver.url,
    retryDelaysMs: [50, 100, 150],
    callbackTimeoutMs: 300,
  });
});
afterAll(async () => {
  await sandbox.close();
  await receiver.close();
});
beforeEach(async () => {
  await control(sandbox, "POST", "/reset");
  receiver.requests.length = 0;
  receiver.answer = () => OK;
  token = await sessionToken(sandbox);
  const branch = await call(sandbox, "POST", "/api/v2/acquirers/branch", {
    token,
    body: branchBody({ sharing: ["passport", "taxpayer-card", "driver-license", "vehicle-license"] }),
  });
  branchId = branch.body._id;
});

/**
 * What the Stiika server does with a part: open it with the partner key from the sandbox PKI files, pinned to the
 * sandbox Diia signer's certificate.
 */
let partner: { keys: KeyStore; trust: ReturnType<typeof loadCertificate>[] } | undefined;
function open(base64: string) {
  const { pki } = sandbox.state;
  const password = readFileSync(pki.passwordFile, "utf8").trim();
  partner ??= {
    keys: {
      keys: loadKeyStore(readFileSync(pki.partner.keyFile), password).keys,
      certificates: [loadCertificate(readFileSync(pki.partner.certFile))],
    },
    trust: [loadCertificate(readFileSync(pki.diia.signingCertFile))],
  };
  return unwrap(base64, partner);
}
const openJson = (base64: string) => JSON.parse(new TextDecoder().decode(open(base64).content));

function citizenDocument(citizenId: string, type: string) {
  const doc = CITIZENS.find((c) => c.id === citizenId)?.documents.find((d) => d.type === type);
  if (!doc) throw new Error(`${citizenId} has no ${type}`);
  return doc;
}

async function liveCode(citizenId: string, documentId: string) {
  const { body } = await control(sandbox, "GET", "/citizens");
  const citizen = body.citizens.find((c: { id: string }) => c.id === citizenId);
  return citizen.documents.find((d: { id: string }) => d.id === documentId) as {
    barcode: { code: string };
    qr: { link: string };
  };
}

/** Partner asks by barcode, citizen approves; returns the delivery id. */
async function shareByBarcode(citizenId: string, type: string, requestId: string): Promise<string> {
  const doc = citizenDocument(citizenId, type);
  const code = await liveCode(citizenId, doc.id);
  const reply = await call(sandbox, "POST", "/api/v1/acquirers/document-request", {
    token,
    body: { branchId, barcode: code.barcode.code, requestId },
  });
  expect(reply.body).toEqual({ success: true });
  const pending = await control(sandbox, "GET", `/consents?status=pending&citizenId=${citizenId}`);
  const consent = pending.body.consents.find((c: { requestId: string }) => c.requestId === requestId);
  const approved = await control(sandbox, "POST", `/consents/${consent.id}/approve`);
  expect(approved.body.consent.status).toBe("approved");
  return approved.body.consent.deliveryId;
}

type DeliveryView = {
  status: string;
  attempts: {
    n: number;
    status: number | null;
    ok: boolean;
    error: string | null;
    duplicate: boolean;
    ms: number;
  }[];
  documents: { type: string; fileName: string }[];
  faults: Record<string, unknown>;
};

async function delivery(id: string): Promise<DeliveryView> {
  return (await control(sandbox, "GET", `/deliveries/${id}`)).body.delivery;
}

async function settled(id: string, statuses = ["delivered", "failed", "dropped", "held"]) {
  return waitFor(async () => {
    const d = await delivery(id);
    return statuses.includes(d.status) ? d : undefined;
  });
}

const FILE_NAME = /^[a-z-]+-[0-9A-Za-z-]+-\d{2}\.\d{2}\.\d{4}-\d{2}_\d{2}_\d{2}\.pdf\.p7s\.p7e$/;

describe("full loop", () => {
  it("barcode: request → approve → multipart callback that decrypts to the citizen's data and a PDF naming the partner and request", async () => {
    const doc = citizenDocument("olena-kovalenko", "internal-passport");
    const code = await liveCode("olena-kovalenko", doc.id);
    const id = await shareByBarcode("olena-kovalenko", "internal-passport", "bank-req-0001");
    expect(await settled(id)).toMatchObject({ status: "delivered" });

    expect(receiver.requests).toHaveLength(1);
    const [request] = receiver.requests;
    if (!request) throw new Error("no callback");
    expect(request.headers["x-document-request-trace-id"]).toBe("bank-req-0001");
    expect(request.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    const form = await formOf(request);
    expect([...form.keys()].sort()).toEqual(["encodeData", "encryptedFile", "encryptedFileName"]);

    const fileName = form.get("encryptedFileName");
    expect(fileName).toMatch(FILE_NAME);
    expect(String(fileName)).toContain(`internal-passport-${code.barcode.code}-`);
    const file = form.get("encryptedFile") as File;
    expect(file.name).toBe(fileName);
    expect(file.type).toBe("application/octet-stream");
    const fileText = await file.text();
    expect(fileText).toMatch(/^MI[A-Za-z0-9+/]+=*$/); // base64 text of DER, as Diia sends

    expect(openJson(String(form.get("encodeData")))).toEqual({
      barcode: code.barcode.code,
      documentTypes: ["internal-passport"],
      data: { "internal-passport": { ...doc.metadata, fileName } },
    });

    const opened = open(fileText);
    expect(new TextDecoder().decode(opened.content.slice(0, 5))).toBe("%PDF-");
    const text = await pdfText(opened.content);
    expect(text).toContain(`Ініціатор запиту: ${branchBody().customFullName}, ${branchBody().name}`);
    expect(text).toContain("bank-req-0001");
    expect(text).toContain(String(doc.metadata.docNumber));
  });

  it("deeplink: offer → deeplink → citizen opens and approves → one part per document named by type", async () => {
    const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Оренда авто", scopes: { sharing: ["passport", "taxpayer-card", "vehicle-license"] } },
    });
    const requestId = '{"order":"A-77","kind":"rent"}'; // echoed verbatim, even when it is JSON
    const { body } = await call(
      sandbox,
      "POST",
      `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`,
      {
        token,
        body: { offerId: offer.body._id, requestId },
      },
    );
    const opened = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "andrii-shevchenko",
      deeplink: body.deeplink,
    });
    const approved = await control(sandbox, "POST", `/consents/${opened.body.consent.id}/approve`);
    expect(await settled(approved.body.consent.deliveryId)).toMatchObject({ status: "delivered" });

    const [request] = receiver.requests;
    if (!request) throw new Error("no callback");
    expect(request.headers["x-document-request-trace-id"]).toBe(requestId);
    const form = await formOf(request);
    // `passport` is answered with the internal passport when the citizen has both.
    expect([...form.keys()].sort()).toEqual([
      "encodeData",
      "internal-passport",
      "taxpayer-card",
      "vehicle-license",
    ]);

    const expected: Record<string, unknown[]> = {};
    for (const type of ["internal-passport", "taxpayer-card", "vehicle-license"]) {
      const doc = citizenDocument("andrii-shevchenko", type);
      const part = form.get(type) as File;
      expect(part.name).toMatch(FILE_NAME);
      expect(part.name.startsWith(`${type}-${doc.id}-`)).toBe(true);
      expect(part.type).toBe("application/octet-stream");
      const text = await pdfText(open(await part.text()).content);
      expect(text).toContain(`Ініціатор запиту: ${branchBody().customFullName}, ${branchBody().name}`);
      expect(text).toContain(requestId);
      expected[type] = [{ ...doc.metadata, fileName: part.name }];
    }
    expect(openJson(String(form.get("encodeData")))).toEqual({
      requestId,
      documentTypes: ["internal-passport", "taxpayer-card", "vehicle-license"],
      data: expected,
    });
  });

  it("QR: the barcode-shaped metadata carries the code's barcode", async () => {
    const doc = citizenDocument("oleh-kravchuk", "driver-license");
    const code = await liveCode("oleh-kravchuk", doc.id);
    await call(sandbox, "POST", "/api/v1/acquirers/document-request", {
      token,
      body: { branchId, qrcode: code.qr.link, requestId: "qr-1" },
    });
    const [consent] = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    const approved = await control(sandbox, "POST", `/consents/${consent.id}/approve`);
    await settled(approved.body.consent.deliveryId);
    const form = await formOf(receiver.requests[0] ?? (undefined as never));
    const metadata = openJson(String(form.get("encodeData")));
    expect(metadata).toEqual({
      barcode: code.barcode.code,
      documentTypes: ["driver-license"],
      data: { "driver-license": { ...doc.metadata, fileName: form.get("encryptedFileName") } },
    });
  });
});

describe("retries", () => {
  it("retries on HTTP errors and on answers other than {success: true}, keeping every attempt", async () => {
    const answers = [{ status: 500, body: "{}" }, { status: 200, body: '{"success":false}' }, OK];
    receiver.answer = (n) => answers[n] ?? OK;
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "retry-1");
    const d = await settled(id);
    expect(d.status).toBe("delivered");
    expect(d.attempts.map((a) => [a.n, a.status, a.ok])).toEqual([
      [1, 500, false],
      [2, 200, false],
      [3, 200, true],
    ]);
    expect(d.attempts[0]?.error).toBe("partner answered HTTP 500");
    expect(d.attempts[1]?.error).toBe('partner did not answer {"success": true}');
    expect(receiver.requests).toHaveLength(3);
    // The same payload every time.
    expect(receiver.requests[2]?.headers["x-document-request-trace-id"]).toBe("retry-1");
  });

  it("gives up after the configured schedule (1 + 3 retries here)", async () => {
    receiver.answer = () => ({ status: 503, body: "busy" });
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "retry-2");
    const d = await settled(id, ["failed", "delivered"]);
    expect(d.status).toBe("failed");
    expect(d.attempts.map((a) => a.status)).toEqual([503, 503, 503, 503]);
  });

  it("counts a partner that does not answer in time as a failed attempt", async () => {
    receiver.answer = (n) => (n === 0 ? "hang" : OK);
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "retry-3");
    const d = await settled(id);
    expect(d.status).toBe("delivered");
    expect(d.attempts[0]).toMatchObject({ status: null, ok: false, error: "no answer within 300 ms" });
    expect(d.attempts[0]?.ms).toBeGreaterThanOrEqual(290);
    expect(d.attempts[1]).toMatchObject({ status: 200, ok: true });
  });
});

describe("reset", () => {
  it("cancels a delivery in flight: no retry reaches the partner afterwards", async () => {
    receiver.answer = () => "hang";
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "reset-1");
    await waitFor(() => (receiver.requests.length > 0 ? true : undefined));
    await control(sandbox, "POST", "/reset");
    expect((await control(sandbox, "GET", `/deliveries/${id}`)).status).toBe(404);
    await new Promise((r) => setTimeout(r, 600)); // past the 300 ms timeout and the first retry delay
    expect(receiver.requests).toHaveLength(1);
  });
});

describe("callback faults", () => {
  const setFaults = (faults: unknown) => control(sandbox, "PUT", "/faults", faults);

  it("drop: the delivery is recorded as dropped and nothing is sent; remaining counts down", async () => {
    await setFaults({ callbacks: [{ kind: "drop", remaining: 1 }] });
    const dropped = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "drop-1");
    expect((await settled(dropped)).status).toBe("dropped");
    const current = (await control(sandbox, "GET", "/faults")).body;
    expect(current.faults.callbacks).toEqual([]);
    expect(current.endpointNames).toContain("request-status");
    const next = await shareByBarcode("oleh-kravchuk", "driver-license", "drop-2");
    expect(await settled(next)).toMatchObject({ status: "delivered" });
    expect(receiver.requests.map((r) => r.headers["x-document-request-trace-id"])).toEqual(["drop-2"]);
  });

  it("duplicate: the same callback arrives twice", async () => {
    await setFaults({ callbacks: [{ kind: "duplicate" }] });
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "dup-1");
    const d = await settled(id);
    expect(d.attempts.map((a) => a.duplicate)).toEqual([false, true]);
    expect(receiver.requests).toHaveLength(2);
    const [a, b] = await Promise.all(receiver.requests.map(formOf));
    expect(b?.get("encodeData")).toBe(a?.get("encodeData"));
  });

  it("delay: the first attempt waits the given time", async () => {
    await setFaults({ callbacks: [{ kind: "delay", delayMs: 400 }] });
    const approvedAt = Date.now();
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "delay-1");
    expect(await settled(id)).toMatchObject({ status: "delivered" });
    expect((receiver.requests[0]?.at ?? 0) - approvedAt).toBeGreaterThanOrEqual(400);
  });

  it("hold + release: held callbacks arrive later and out of order", async () => {
    await setFaults({ callbacks: [{ kind: "hold" }] });
    const first = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "order-1");
    const second = await shareByBarcode("oleh-kravchuk", "driver-license", "order-2");
    expect((await settled(first)).status).toBe("held");
    expect((await settled(second)).status).toBe("held");
    expect(receiver.requests).toHaveLength(0);
    const released = await control(sandbox, "POST", "/deliveries/release", {});
    expect(released.body.deliveries.map((d: { requestId: string }) => d.requestId)).toEqual([
      "order-2",
      "order-1",
    ]);
    expect(receiver.requests.map((r) => r.headers["x-document-request-trace-id"])).toEqual([
      "order-2",
      "order-1",
    ]);
    expect((await delivery(first)).status).toBe("delivered");
  });

  it("wrong-key: the partner cannot open the envelopes (NOT_FOR_US)", async () => {
    await setFaults({ callbacks: [{ kind: "wrong-key" }] });
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "wk-1");
    expect((await settled(id)).faults).toEqual({ "wrong-key": true });
    const form = await formOf(receiver.requests[0] ?? (undefined as never));
    expect(() => open(String(form.get("encodeData")))).toThrow(
      expect.objectContaining({ name: "EnvelopeError", code: "NOT_FOR_US" }),
    );
  });

  it("tamper-signature: the envelope decrypts but the signature does not verify (BAD_SIGNATURE)", async () => {
    await setFaults({ callbacks: [{ kind: "tamper-signature" }] });
    const id = await shareByBarcode("oleh-kravchuk", "taxpayer-card", "ts-1");
    await settled(id);
    const form = await formOf(receiver.requests[0] ?? (undefined as never));
    for (const value of [String(form.get("encodeData")), await (form.get("encryptedFile") as File).text()]) {
      let error: unknown;
      try {
        open(value);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(EnvelopeError);
      expect((error as InstanceType<typeof EnvelopeError>).code).toBe("BAD_SIGNATURE");
    }
  });
});

describe("API faults", () => {
  it("latency: every partner call waits", async () => {
    await control(sandbox, "PUT", "/faults", { latencyMs: 250 });
    const started = Date.now();
    const reply = await call(sandbox, "GET", "/api/v2/acquirers/branches", { token });
    expect(reply.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it("5xx on a chosen endpoint for N calls, Diia-shaped, other endpoints unaffected", async () => {
    await control(sandbox, "PUT", "/faults", {
      endpoints: [{ endpoint: "branch-list", kind: "error", status: 502, remaining: 2 }],
    });
    const path = "/api/v2/acquirers/branches";
    const first = await call(sandbox, "GET", path, { token });
    expect(first).toMatchObject({ status: 502, body: { code: 502, name: "BadGatewayError" } });
    expect((await call(sandbox, "GET", `/api/v2/acquirers/branch/${branchId}`, { token })).status).toBe(200);
    expect((await call(sandbox, "GET", path, { token })).status).toBe(502);
    expect((await call(sandbox, "GET", path, { token })).status).toBe(200);
  });

  it("hang: the endpoint never answers until the fault is cleared", async () => {
    await control(sandbox, "PUT", "/faults", { endpoints: [{ endpoint: "auth", kind: "hang" }] });
    const path = `/api/v1/auth/acquirer/${sandbox.state.store.acquirerToken}`;
    await expect(fetch(`${sandbox.url}${path}`, { signal: AbortSignal.timeout(300) })).rejects.toMatchObject({
      name: "TimeoutError",
    });
    await control(sandbox, "PUT", "/faults", {});
    expect((await call(sandbox, "GET", path)).status).toBe(200);
  });

  it("rejects an invalid fault setting with a 422 naming the field", async () => {
    const reply = await control(sandbox, "PUT", "/faults", { callbacks: [{ kind: "delay" }] });
    expect(reply.status).toBe(422);
    expect(reply.body.data.errors[0].field).toBe("callbacks.0.delayMs");
  });
});
