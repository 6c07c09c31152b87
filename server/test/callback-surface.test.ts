// The unauthenticated webhook as an attacker meets it: raw bytes over a socket, bodies cut short, abandoned or
// dribbled, too many parts, too many uploads at once, too many posts from one address, an address not allowed.
import { connect } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./server-helpers.ts";

const PATH = "/api/diia/callback";
const TRACE = "00000000-0000-4000-8000-0000000000aa";

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(env: Record<string, string> = {}) {
  server = await startTestServer("pglite", env);
  return server;
}

/**
 * Sends `head` + `body` bytes on a fresh socket and resolves with what came back (status line parsed), or
 * `closed` when the server closed without an answer. `end: false` leaves the request unfinished (abandoned).
 */
function raw(
  url: string,
  bytes: Buffer,
  opts: { end?: boolean; destroyAfterMs?: number } = {},
): Promise<{ status: number | null; text: string }> {
  const { port, hostname } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const chunks: Buffer[] = [];
    socket.on("data", (c) => chunks.push(c));
    socket.on("error", () => {});
    socket.on("close", () => {
      const text = Buffer.concat(chunks).toString("latin1");
      const m = /^HTTP\/1\.1 (\d{3})/.exec(text);
      resolve({ status: m ? Number(m[1]) : null, text });
    });
    socket.write(bytes);
    if (opts.destroyAfterMs !== undefined) setTimeout(() => socket.destroy(), opts.destroyAfterMs);
    else if (opts.end !== false) socket.end();
  });
}

const BOUNDARY = "----stiikaXYZ";
function multipartHead(length: number | "chunked", extra = ""): string {
  const framing = length === "chunked" ? "Transfer-Encoding: chunked" : `Content-Length: ${length}`;
  return (
    `POST ${PATH} HTTP/1.1\r\nHost: x\r\nX-Document-Request-Trace-Id: ${TRACE}\r\n${extra}` +
    `Content-Type: multipart/form-data; boundary=${BOUNDARY}\r\n${framing}\r\nConnection: close\r\n\r\n`
  );
}
const filePart = (content: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="internal-passport"; filename="a.pdf.p7s.p7e"\r\n` +
  `Content-Type: application/octet-stream\r\n\r\n${content}`;

const health = async (url: string) => (await fetch(`${url}/healthz`)).status;

describe("the webhook survives what an attacker sends", () => {
  it("a body that ends inside a file part is refused 400, and the server lives on", async () => {
    const s = await start();
    // The declared length matches what is sent: the form itself ends in the middle of a file part (150 bytes).
    const body = filePart("MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA");
    const answer = await raw(s.url, Buffer.from(multipartHead(Buffer.byteLength(body)) + body));
    expect(answer.status).toBe(400);
    expect(answer.text).toContain('"BAD_MULTIPART"');
    expect(await health(s.url)).toBe(200);
  });

  it("a client that goes away mid-upload frees its upload slot", async () => {
    const s = await start({ STIIKA_CALLBACK_MAX_UPLOADS: "1" });
    const body = filePart("A".repeat(10_000));
    const gone = await raw(s.url, Buffer.from(multipartHead(1_000_000) + body), { destroyAfterMs: 100 });
    expect(gone.status).toBeNull();
    // Only one upload may run at once: had the abandoned one kept its slot, this would be 503.
    const form = new FormData();
    form.append("encodeData", "TUlJ");
    const next = await fetch(`${s.url}${PATH}`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": TRACE },
      body: form,
    });
    expect(next.status).toBe(200);
  });

  it("a body that dribbles is cut off by the read timeout (408)", async () => {
    const s = await start({ STIIKA_CALLBACK_READ_TIMEOUT_SECONDS: "1" });
    const started = Date.now();
    const answer = await raw(s.url, Buffer.from(multipartHead(1_000_000) + filePart("AAAA")), { end: false });
    expect(answer.status).toBe(408);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await health(s.url)).toBe(200);
  });

  it("uploads at once are bounded: one too many is answered 503 before its body is read", async () => {
    const s = await start({ STIIKA_CALLBACK_MAX_UPLOADS: "1", STIIKA_CALLBACK_READ_TIMEOUT_SECONDS: "2" });
    const slow = raw(s.url, Buffer.from(multipartHead(1_000_000) + filePart("AAAA")), { end: false });
    await new Promise((r) => setTimeout(r, 200));
    const second = await raw(s.url, Buffer.from(multipartHead(1_000_000)), { end: false });
    expect(second.status).toBe(503);
    expect(second.text).toContain('"BUSY"');
    expect((await slow).status).toBe(408);
  });

  it("bytes in flight are bounded for the process (503), though the post is within its own limit", async () => {
    const s = await start({ STIIKA_CALLBACK_MAX_IN_FLIGHT_MB: "1" });
    const body = filePart("A".repeat(2 * 1024 * 1024));
    const answer = await raw(s.url, Buffer.from(multipartHead(Buffer.byteLength(body)) + body));
    expect(answer.status).toBe(503);
    expect(await health(s.url)).toBe(200);
  });

  it("a declared length over the limit is refused 413 before a byte of the body is read", async () => {
    const s = await start();
    const answer = await raw(s.url, Buffer.from(multipartHead(65 * 1024 * 1024)), { end: false });
    expect(answer.status).toBe(413);
  });

  it("the documented part limit (20) is the real one", async () => {
    const s = await start();
    const post = (parts: number) => {
      const form = new FormData();
      form.append("encodeData", "TUlJ");
      for (let i = 1; i < parts; i++) form.append(`x${i}`, "y");
      return fetch(`${s.url}${PATH}`, {
        method: "POST",
        headers: { "X-Document-Request-Trace-Id": TRACE },
        body: form,
      });
    };
    expect((await post(20)).status).toBe(200);
    expect((await post(21)).status).toBe(413);
  });

  it("posts per source are rate limited (429), and refusals are counted, not stored", async () => {
    const s = await start({ STIIKA_CALLBACK_RATE_LIMIT: "3" });
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await fetch(`${s.url}${PATH}`, {
        method: "POST",
        headers: { "content-type": "text/plain" },
        body: "x",
      });
      statuses.push(r.status);
    }
    expect(statuses).toEqual([415, 415, 415, 429, 429]);
    const counts = await s.server.services.store.query<{ code: string; n: string }>(
      "SELECT code, n::text FROM callback_counts",
    );
    expect(counts.rows).toEqual([{ code: "EXPECTED_MULTIPART", n: "3" }]);
  });

  it("DIIA_CALLBACK_ALLOWED_IPS is checked before the body, honouring STIIKA_TRUST_PROXY", async () => {
    const s = await start({
      DIIA_CALLBACK_ALLOWED_IPS: "10.0.0.0/8, 2001:db8::/32",
      STIIKA_TRUST_PROXY: "1",
    });
    const outside = await raw(s.url, Buffer.from(multipartHead(1_000_000)), { end: false });
    expect(outside.status).toBe(403);
    expect(outside.text).toContain('"FORBIDDEN_SOURCE"');
    const form = new FormData();
    form.append("encodeData", "TUlJ");
    const inside = await fetch(`${s.url}${PATH}`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": TRACE, "X-Forwarded-For": "10.1.2.3" },
      body: form,
    });
    expect(inside.status).toBe(200);
  });

  it("without the proxy setting a forged X-Forwarded-For does not pass the allow-list", async () => {
    const s = await start({ DIIA_CALLBACK_ALLOWED_IPS: "10.0.0.0/8" });
    const r = await fetch(`${s.url}${PATH}`, {
      method: "POST",
      headers: { "X-Forwarded-For": "10.1.2.3", "content-type": "multipart/form-data; boundary=x" },
      body: "--x--",
    });
    expect(r.status).toBe(403);
  });

  it("an orphan is never stored whole: a 5 MB post keeps its digest, size and headers only", async () => {
    const s = await start();
    const form = new FormData();
    form.append("encodeData", "A".repeat(5 * 1024 * 1024));
    const r = await fetch(`${s.url}${PATH}`, {
      method: "POST",
      headers: { "X-Document-Request-Trace-Id": TRACE, "User-Agent": "diia-test" },
      body: form,
    });
    expect(r.status).toBe(200);
    const rows = await s.server.services.store.query<{ size: string; kept: boolean; headers: unknown }>(
      "SELECT size::text, parts_sealed IS NOT NULL AS kept, headers FROM callback_samples",
    );
    expect(rows.rows).toEqual([
      {
        size: String(5 * 1024 * 1024),
        kept: false,
        headers: expect.objectContaining({ userAgent: "diia-test" }),
      },
    ]);
    const size = await s.server.services.store.query<{ n: string }>(
      "SELECT coalesce(sum(length(parts_sealed)), 0)::text AS n FROM deliveries",
    );
    expect(size.rows[0]?.n).toBe("0");
  });
});
