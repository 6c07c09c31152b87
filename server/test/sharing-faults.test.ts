// Every sandbox fault against the server, over real HTTP: duplicate, late, out-of-order, wrong key, tampered,
// Diia 5xx and time-outs, code errors, expiry, a delivery that beats Diia's answer, and an unsupported status route.
import { createServer, type Server } from "node:http";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { freePort, Stand, until, waitForStatus } from "./stand.ts";

let stand: Stand;
let teller: Client;
let serviceId: string;

// Diia's answers pass through this proxy; it can hold back the answer to document-request (a slow Diia).
let proxy: Server;
let holdDocumentRequestMs = 0;

beforeAll(async () => {
  const proxyPort = await freePort();
  let target = "";
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers))
      if (typeof v === "string" && k !== "host") headers[k] = v;
    let answer: Response;
    let text: string;
    try {
      answer = await fetch(`${target}${req.url}`, {
        method: req.method,
        headers,
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      });
      text = await answer.text();
    } catch {
      // A hung sandbox call ends when the stand stops.
      res.destroy();
      return;
    }
    if (req.url === "/api/v1/acquirers/document-request" && holdDocumentRequestMs > 0) {
      await new Promise((r) => setTimeout(r, holdDocumentRequestMs));
    }
    res.writeHead(answer.status, { "content-type": "application/json" }).end(text);
  });
  await new Promise<void>((r) => proxy.listen(proxyPort, "127.0.0.1", () => r()));
  stand = new Stand("pglite", { DIIA_BASE_URL: `http://127.0.0.1:${proxyPort}` });
  // The sandbox URL is known only once it runs; the proxy reads it lazily.
  const started = stand.start();
  await until(() => stand.sandbox !== undefined);
  target = stand.sandbox.url;
  await started;
  teller = await stand.employee("teller", "teller-f");
  serviceId = await stand.serviceId(teller);
});
afterAll(async () => {
  await stand.close();
  await new Promise((r) => proxy.close(r));
});
afterEach(async () => {
  holdDocumentRequestMs = 0;
  await stand.control("PUT", "/faults", {});
});

const faults = (body: unknown) => stand.control("PUT", "/faults", body);

async function barcodeRequest(citizen = "olena-kovalenko", type = "internal-passport") {
  const code = await stand.liveCode(citizen, type);
  const r = await teller.request("POST", "/api/requests", {
    serviceId,
    kind: "barcode",
    barcode: code.barcode,
  });
  expect(r.status).toBe(201);
  return r.body.request;
}

const deliveriesOf = (requestId: string) =>
  stand.store.query<{ outcome: string; late_reason: string | null; kept: boolean }>(
    "SELECT outcome, late_reason, parts_sealed IS NOT NULL AS kept FROM deliveries WHERE request_id = $1 ORDER BY received_at",
    [requestId],
  );
const samplesOf = (traceId: string) =>
  stand.store.query<{ outcome: string; code: string; kept: boolean }>(
    "SELECT outcome, code, parts_sealed IS NOT NULL AS kept FROM callback_samples WHERE trace_id = $1 ORDER BY received_at",
    [traceId],
  );
const documentCount = async (requestId: string) =>
  (
    await stand.store.query<{ n: number }>("SELECT count(*)::int AS n FROM documents WHERE request_id = $1", [
      requestId,
    ])
  ).rows[0]?.n;

describe("callback faults", () => {
  it("duplicate: the second identical callback is answered success and nothing is stored twice", async () => {
    await faults({ callbacks: [{ kind: "duplicate", remaining: 1 }] });
    const req = await barcodeRequest();
    await stand.approve(req.id);
    expect((await waitForStatus(teller, req.id)).status).toBe("received");
    const delivery = await until(async () => {
      const d = await stand.delivery(req.id);
      return d?.attempts.length === 2 ? d : undefined;
    });
    expect(delivery.attempts.map((a: { ok: boolean; duplicate: boolean }) => [a.ok, a.duplicate])).toEqual([
      [true, false],
      [true, true],
    ]);
    expect((await deliveriesOf(req.id)).rows).toEqual([
      { outcome: "accepted", late_reason: null, kept: true },
    ]);
    expect(await documentCount(req.id)).toBe(1);
  });

  it("delay: a callback that comes late (but within the lifetime) is still received", async () => {
    await faults({ callbacks: [{ kind: "delay", delayMs: 800, remaining: 1 }] });
    const req = await barcodeRequest();
    await stand.approve(req.id);
    const started = Date.now();
    expect((await waitForStatus(teller, req.id)).status).toBe("received");
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
  });

  it("drop: no callback ever comes; the request waits, then expires with a reason", async () => {
    await faults({ callbacks: [{ kind: "drop", remaining: 1 }] });
    const req = await barcodeRequest();
    await stand.approve(req.id);
    await until(async () => (await stand.delivery(req.id))?.status === "dropped");
    expect((await teller.request("GET", `/api/requests/${req.id}`)).body.request.status).toBe("waiting");
    stand.clock.advance(301_000);
    const done = await waitForStatus(teller, req.id);
    expect(done.reason.code).toBe("EXPIRED");
  });

  it("out-of-order: held deliveries released in reverse each land on their own request", async () => {
    await faults({ callbacks: [{ kind: "hold", remaining: 2 }] });
    const a = await barcodeRequest("olena-kovalenko", "internal-passport");
    const b = await barcodeRequest("olena-kovalenko", "taxpayer-card");
    await stand.approve(a.id);
    await stand.approve(b.id);
    await until(
      async () =>
        (await stand.control("GET", "/deliveries")).body.deliveries.filter(
          (d: { status: string }) => d.status === "held",
        ).length === 2,
    );
    await stand.control("POST", "/deliveries/release", { order: "reverse" });
    const [doneA, doneB] = await Promise.all([waitForStatus(teller, a.id), waitForStatus(teller, b.id)]);
    expect(doneA.documents.map((d: { type: string }) => d.type)).toEqual(["internal-passport"]);
    expect(doneB.documents.map((d: { type: string }) => d.type)).toEqual(["taxpayer-card"]);
  });

  it("late: a genuine delivery for a cancelled request (consented before the cancel) waits for a manager", async () => {
    const req = await barcodeRequest();
    const cancelled = await teller.request("POST", `/api/requests/${req.id}/cancel`);
    expect(cancelled.body.request).toMatchObject({ status: "cancelled", reason: { code: "CANCELLED" } });
    expect((await teller.request("POST", `/api/requests/${req.id}/cancel`)).body.error.code).toBe(
      "REQUEST_CLOSED",
    );
    await stand.approve(req.id);
    await until(async () => (await stand.delivery(req.id))?.status === "delivered");
    expect((await deliveriesOf(req.id)).rows).toEqual([
      { outcome: "late", late_reason: "cancelled", kept: true },
    ]);
    expect(await documentCount(req.id)).toBe(0);
    const after = await teller.request("GET", `/api/requests/${req.id}`);
    expect(after.body.request.status).toBe("cancelled");
  });

  it("wrong key: the request is untouched, a sample is kept, Diia is told to retry (503)", async () => {
    await faults({ callbacks: [{ kind: "wrong-key", remaining: 1 }] });
    const req = await barcodeRequest();
    await stand.approve(req.id);
    const delivery = await until(async () => {
      const d = await stand.delivery(req.id);
      return d?.attempts.length > 0 ? d : undefined;
    });
    expect(delivery.attempts[0].status).toBe(503);
    expect((await samplesOf(req.id)).rows[0]).toEqual({
      outcome: "rejected",
      code: "NOT_FOR_US",
      kept: true,
    });
    const after = (await teller.request("GET", `/api/requests/${req.id}`)).body.request;
    expect([after.status, after.version]).toEqual(["waiting", req.version]);
    expect(await documentCount(req.id)).toBe(0);
  });

  it("tampered signature: the request is untouched, a sample is kept, answered 400", async () => {
    await faults({ callbacks: [{ kind: "tamper-signature", remaining: 1 }] });
    const req = await barcodeRequest();
    await stand.approve(req.id);
    const delivery = await until(async () => {
      const d = await stand.delivery(req.id);
      return d?.attempts.length > 0 ? d : undefined;
    });
    expect(delivery.attempts[0].status).toBe(400);
    expect((await samplesOf(req.id)).rows[0]).toEqual({
      outcome: "rejected",
      code: "BAD_SIGNATURE",
      kept: true,
    });
    const after = (await teller.request("GET", `/api/requests/${req.id}`)).body.request;
    expect(after.status).toBe("waiting");
  });

  it("orphan: a callback whose trace id matches no request is answered success; only digest, size, headers kept", async () => {
    const form = new FormData();
    form.append("encodeData", "TUlJ");
    const r = await fetch(`${stand.url}/api/diia/callback`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": "00000000-0000-4000-8000-000000000000" },
      body: form,
    });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ success: true });
    const rows = await stand.store.query<{ outcome: string; size: string; kept: boolean; digest: string }>(
      `SELECT outcome, size::text, parts_sealed IS NOT NULL AS kept, digest FROM callback_samples
       WHERE trace_id = '00000000-0000-4000-8000-000000000000'`,
    );
    expect(rows.rows).toEqual([
      { outcome: "orphan", size: "4", kept: false, digest: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const stored = await stand.store.query(
      "SELECT 1 FROM deliveries WHERE trace_id = '00000000-0000-4000-8000-000000000000'",
    );
    expect(stored.rowCount).toBe(0);
  });

  it("malformed callbacks: no trace id, no metadata, not multipart — clear non-success answers", async () => {
    const form = new FormData();
    form.append("encodeData", "TUlJ");
    const noTrace = await fetch(`${stand.url}/api/diia/callback`, { method: "POST", body: form });
    expect([noTrace.status, await noTrace.json()]).toEqual([
      400,
      { success: false, error: "MISSING_TRACE_ID" },
    ]);
    const noMeta = await fetch(`${stand.url}/api/diia/callback`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": "x" },
      body: new FormData(),
    });
    expect(((await noMeta.json()) as { error: string }).error).toBe("MISSING_METADATA");
    const json = await fetch(`${stand.url}/api/diia/callback`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://evil.example" },
      body: "{}",
    });
    expect([json.status, ((await json.json()) as { error: string }).error]).toEqual([
      415,
      "EXPECTED_MULTIPART",
    ]);
  });
});

describe("Diia API faults and code errors", () => {
  it("Diia answers 503 to document-request: the request fails DIIA_UNAVAILABLE", async () => {
    await faults({ endpoints: [{ endpoint: "document-request", kind: "error", status: 503, remaining: 1 }] });
    const req = await barcodeRequest();
    expect(req).toMatchObject({ status: "failed", reason: { code: "DIIA_UNAVAILABLE" } });
    expect(req.reason.message).toContain("Дія");
  });

  it("Diia hangs on document-request: the call times out and the request fails DIIA_UNAVAILABLE", async () => {
    await faults({ endpoints: [{ endpoint: "document-request", kind: "hang", remaining: 1 }] });
    const started = Date.now();
    const req = await barcodeRequest();
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    expect(req.reason.code).toBe("DIIA_UNAVAILABLE");
  });

  it("a used, an expired and an unknown code each fail with their own reason", async () => {
    const code = await stand
      .liveCode("oleh-kravchuk", "driver-license")
      .catch(() => stand.liveCode("olena-kovalenko", "taxpayer-card"));
    const first = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(first.body.request.status).toBe("waiting");
    const used = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(used.body.request.reason.code).toBe("CODE_USED");
    const fresh = await stand.liveCode("olena-kovalenko", "internal-passport");
    await stand.control("POST", `/citizens/${fresh.citizenId}/documents/${fresh.documentId}/codes/expire`);
    const expired = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: fresh.barcode,
    });
    expect(expired.body.request.reason.code).toBe("CODE_EXPIRED");
    const unknown = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: "4006381333931",
    });
    expect(unknown.body.request.reason.code).toBe("CODE_UNKNOWN");
  });

  it("bad input never reaches Diia: EAN-13 check digit, foreign QR, unknown service", async () => {
    const bad = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: "4006381333932",
    });
    expect([bad.status, bad.body.error.code]).toEqual([422, "BARCODE_CHECKSUM"]);
    const short = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: "123",
    });
    expect(short.body.error.code).toBe("BARCODE_LENGTH");
    const qr = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "qr",
      qr: "https://diia.app.evil/x",
    });
    expect([qr.status, qr.body.error.code]).toEqual([422, "NOT_DIIA_QR"]);
    const svc = await teller.request("POST", "/api/requests", {
      serviceId: "00000000-0000-4000-8000-000000000000",
      kind: "deeplink",
    });
    expect(svc.body.error.code).toBe("NOT_FOUND");
    const n = await stand.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM requests WHERE code = '4006381333932'",
    );
    expect(n.rows[0]?.n).toBe(0);
  });

  it("a delivery that beats Diia's answer to document-request still lands on its request", async () => {
    holdDocumentRequestMs = 4000;
    const before = new Set(
      (await stand.control("GET", "/consents")).body.consents.map((c: { id: string }) => c.id),
    );
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const creating = teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    const consent = await until(async () => {
      const list = (await stand.control("GET", "/consents?status=pending")).body.consents;
      return list.find((c: { id: string }) => !before.has(c.id));
    });
    await stand.control("POST", `/consents/${consent.id}/approve`, {});
    await until(async () => (await stand.delivery(consent.requestId))?.status === "delivered");
    const created = await creating;
    expect(created.status).toBe(201);
    expect(created.body.request.id).toBe(consent.requestId);
    // Diia's answer may still time out after the delivery (a loaded machine): the request stays received, or a
    // failed one becomes received — either way the delivery is on it.
    const after = await teller.request("GET", `/api/requests/${consent.requestId}`);
    expect(after.body.request.status).toBe("received");
    expect(after.body.request.documents).toHaveLength(1);
  });
});

describe("expiry and the status poll", () => {
  it("a request past its lifetime reads as expired (lazily), and a delivery after that is kept as late", async () => {
    const req = await barcodeRequest();
    stand.clock.advance(301_000);
    const read = await teller.request("GET", `/api/requests/${req.id}`);
    expect(read.body.request).toMatchObject({ status: "expired", reason: { code: "EXPIRED" } });
    await stand.approve(req.id);
    await until(async () => (await stand.delivery(req.id))?.status === "delivered");
    expect((await deliveriesOf(req.id)).rows).toEqual([
      { outcome: "late", late_reason: "expired", kept: true },
    ]);
  });

  it("the sweeper expires a waiting request and wakes its long-poll", async () => {
    const req = await barcodeRequest();
    const poll = teller.request("GET", `/api/requests/${req.id}?wait=10&version=${req.version}`);
    await new Promise((r) => setTimeout(r, 200));
    stand.clock.advance(301_000);
    const answered = await poll;
    expect(answered.body.request.status).toBe("expired");
  });

  it("when Diia does not know the status route for a request (404), polling stops and the lifetime rules", async () => {
    const req = await barcodeRequest();
    await stand.control("POST", "/reset");
    await until(async () => {
      const r = await stand.store.query<{ polling: boolean }>("SELECT polling FROM requests WHERE id = $1", [
        req.id,
      ]);
      return r.rows[0]?.polling === false;
    });
    expect((await teller.request("GET", `/api/requests/${req.id}`)).body.request.status).toBe("waiting");
    // The reset dropped the branch too: registering again makes later tests independent of this one.
    await stand.services.store.query("SELECT 1");
  });
});
