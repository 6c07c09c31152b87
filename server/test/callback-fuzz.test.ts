// Multipart fuzzing of the real webhook route over raw sockets: thousands of bodies built from valid pieces and
// then broken (cut anywhere, bytes inserted, lengths that lie, boundaries that do not match, parts without names,
// duplicated fields), some carrying a waiting request's trace id, some posted as Дія.Підпис callbacks
// (form-data or mixed). The server must answer every one (or see the
// connection go), stay up, leave the waiting request untouched, and still take a real delivery afterwards.
import { connect } from "node:net";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { Stand, waitForStatus } from "./stand.ts";

let stand: Stand;
let teller: Client;
let serviceId: string;

beforeAll(async () => {
  stand = await new Stand("pglite", {
    STIIKA_CALLBACK_RATE_LIMIT: "1000000",
    STIIKA_CALLBACK_READ_TIMEOUT_SECONDS: "2",
  }).start();
  teller = await stand.employee("teller", "teller-fuzz");
  serviceId = await stand.serviceId(teller);
});
afterAll(() => stand.close());

// 404: a Дія.Підпис callback whose trace id names no signing.
const ANSWERS = new Set([200, 400, 404, 408, 413, 415, 503]);

/** Writes `bytes`, half-closes, and resolves with the status code, or null when the server closed silently. */
function send(port: number, bytes: Buffer): Promise<number | null> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), 5000);
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => {});
    socket.on("close", () => {
      clearTimeout(timer);
      const m = /^HTTP\/1\.1 (\d{3})/.exec(Buffer.concat(chunks).toString("latin1"));
      resolve(m ? Number(m[1]) : null);
    });
    socket.end(bytes);
  });
}

const token = fc.stringMatching(/^[A-Za-z0-9+/=_.-]{0,24}$/);
const part = fc.record({
  name: fc.oneof(
    fc.constantFrom("encodeData", "encryptedFile", "encryptedFileName", "internal-passport"),
    token,
  ),
  filename: fc.option(token, { nil: undefined }),
  body: fc.oneof(
    fc.stringMatching(/^[A-Za-z0-9+/=]{0,400}$/),
    fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString("latin1")),
    fc.constant("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"),
  ),
  extraHeader: fc.option(
    fc.constantFrom(
      "Content-Type: application/octet-stream",
      "Content-Transfer-Encoding: base64",
      "X: \u0000\u00ff",
    ),
    { nil: undefined },
  ),
});

const mutation = fc.record({
  truncateAt: fc.option(fc.nat(), { nil: undefined }),
  insertAt: fc.option(fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16 })), { nil: undefined }),
  lengthDelta: fc.integer({ min: -40, max: 40 }),
  wrongBoundary: fc.boolean(),
  noClose: fc.boolean(),
  chunked: fc.boolean(),
  waitingTrace: fc.boolean(),
  // Posted as a Дія.Підпис callback (X-Diia-Id-Action), in either multipart form it may come in.
  signing: fc.constantFrom(undefined, "form-data", "mixed"),
});

it("thousands of broken multipart bodies: every one answered, the server up, a real delivery lands after", async () => {
  const code = await stand.liveCode("olena-kovalenko", "internal-passport");
  const created = await teller.request("POST", "/api/requests", {
    serviceId,
    kind: "barcode",
    barcode: code.barcode,
  });
  const waiting = created.body.request;
  expect(waiting.status).toBe("waiting");
  const port = stand.servers[0]?.port as number;
  const unanswered: string[] = [];

  await fc.assert(
    fc.asyncProperty(fc.array(part, { maxLength: 6 }), mutation, async (parts, m) => {
      const boundary = "fuzzBoundary42";
      let body = "";
      for (const p of parts) {
        const file = p.filename === undefined ? "" : `; filename="${p.filename}"`;
        body += `--${boundary}\r\nContent-Disposition: form-data; name="${p.name}"${file}\r\n`;
        if (p.extraHeader) body += `${p.extraHeader}\r\n`;
        body += `\r\n${p.body}\r\n`;
      }
      if (!m.noClose) body += `--${boundary}--\r\n`;
      let bytes = Buffer.from(body, "latin1");
      if (m.insertAt) {
        const at = m.insertAt[0] % (bytes.length + 1);
        bytes = Buffer.concat([bytes.subarray(0, at), Buffer.from(m.insertAt[1]), bytes.subarray(at)]);
      }
      if (m.truncateAt !== undefined) bytes = bytes.subarray(0, m.truncateAt % (bytes.length + 1));
      const trace = m.waitingTrace ? waiting.id : "00000000-0000-4000-8000-00000000f022";
      const framing = m.chunked
        ? "Transfer-Encoding: chunked"
        : `Content-Length: ${Math.max(0, bytes.length + m.lengthDelta)}`;
      let payload = bytes;
      if (m.chunked) {
        payload = Buffer.concat([
          Buffer.from(`${bytes.length.toString(16)}\r\n`),
          bytes,
          Buffer.from(m.noClose ? "\r\n" : "\r\n0\r\n\r\n"),
        ]);
      }
      const head =
        `POST /api/diia/callback HTTP/1.1\r\nHost: fuzz\r\nConnection: close\r\nX-Document-Request-Trace-Id: ${trace}\r\n` +
        (m.signing ? "X-Diia-Id-Action: hashedFilesSigning\r\n" : "") +
        `Content-Type: multipart/${m.signing ?? "form-data"}; boundary=${m.wrongBoundary ? "other" : boundary}\r\n${framing}\r\n\r\n`;
      const status = await send(port, Buffer.concat([Buffer.from(head), payload]));
      // A silent close is allowed only when the body is shorter than its framing says: the client has gone
      // before finishing, there is nobody to answer. Everything else gets one of our answers.
      const incomplete = m.chunked ? m.noClose : m.lengthDelta > 0;
      if (status === null ? !incomplete : !ANSWERS.has(status))
        unanswered.push(`${status} ${JSON.stringify(m)}`);
    }),
    { seed: 20261201, numRuns: 2500, interruptAfterTimeLimit: 120_000 },
  );
  expect(unanswered).toEqual([]);
  expect((await fetch(`${stand.url}/healthz`)).status).toBe(200);
  const after = (await teller.request("GET", `/api/requests/${waiting.id}`)).body.request;
  expect([after.status, after.version]).toEqual(["waiting", waiting.version]);

  await stand.approve(waiting.id);
  const done = await waitForStatus(teller, waiting.id);
  expect(done.status).toBe("received");
  expect(done.documents).toHaveLength(1);
}, 240_000);
