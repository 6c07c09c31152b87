import { afterEach, describe, expect, it, vi } from "vitest";
import { z } from "zod";
import { ApiError, apiBlob, apiRequest, onUnauthenticated, setCsrfToken } from "../src/lib/api-client.ts";

type Call = { url: string; init: RequestInit };
function mockFetch(respond: (call: Call) => Response | Promise<Response>): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal("fetch", async (url: string, init: RequestInit) => {
    const call = { url, init };
    calls.push(call);
    return respond(call);
  });
  return calls;
}
const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
const header = (call: Call | undefined, name: string) =>
  ((call?.init.headers ?? {}) as Record<string, string>)[name];

// The rejection of a call that must fail (a resolved call fails the test).
const failure = (call: Promise<unknown>): Promise<ApiError> =>
  call.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (e: unknown) => e as ApiError,
  );

afterEach(() => {
  vi.unstubAllGlobals();
  setCsrfToken(null);
});

describe("apiRequest", () => {
  it("sends the CSRF token on state-changing calls only, never caches, and validates the answer", async () => {
    setCsrfToken("tok-1");
    const calls = mockFetch(() => json(200, { ok: true }));
    await apiRequest("/api/me", { schema: z.object({ ok: z.boolean() }) });
    const out = await apiRequest("/api/requests", {
      method: "POST",
      body: { a: 1 },
      schema: z.object({ ok: z.boolean() }),
    });
    expect(out).toEqual({ ok: true });
    expect(header(calls[0], "X-CSRF-Token")).toBeUndefined();
    expect(header(calls[1], "X-CSRF-Token")).toBe("tok-1");
    expect(header(calls[1], "Content-Type")).toBe("application/json");
    expect(calls[1]?.init.body).toBe('{"a":1}');
    expect(calls.map((c) => c.init.cache)).toEqual(["no-store", "no-store"]);
  });

  it("maps {error:{code,message}} to ApiError with the code, message and status", async () => {
    mockFetch(() =>
      json(422, { error: { code: "BARCODE_CHECKSUM", message: "Контрольна цифра не збігається" } }),
    );
    const error = await failure(apiRequest("/api/requests", { method: "POST", schema: z.unknown() }));
    expect(error).toBeInstanceOf(ApiError);
    expect([error.code, error.status, error.message]).toEqual([
      "BARCODE_CHECKSUM",
      422,
      "Контрольна цифра не збігається",
    ]);
  });

  it("turns a non-JSON error, a wrong shape and a dropped connection into BAD_RESPONSE / NETWORK", async () => {
    mockFetch(() => new Response("<html>bad gateway</html>", { status: 502 }));
    const gateway = await failure(apiRequest("/api/me", { schema: z.unknown() }));
    expect([gateway.code, gateway.status]).toEqual(["BAD_RESPONSE", 502]);

    mockFetch(() => json(200, { services: "nope" }));
    const shape = await failure(
      apiRequest("/api/services", {
        schema: z.object({ services: z.array(z.string()) }),
      }),
    );
    expect([shape.code, shape.status]).toEqual(["BAD_RESPONSE", 200]);
    expect(shape.message).not.toContain("nope"); // answers may hold personal data: never echoed in messages

    mockFetch(() => Promise.reject(new TypeError("Failed to fetch")));
    const offline = await failure(apiRequest("/api/me", { schema: z.unknown() }));
    expect([offline.code, offline.status]).toEqual(["NETWORK", 0]);
    expect(offline.cause).toBeInstanceOf(TypeError);
  });

  it("tells listeners about a 401 and lets them unsubscribe", async () => {
    const seen: string[] = [];
    const off = onUnauthenticated((e) => seen.push(e.code));
    mockFetch(() => json(401, { error: { code: "SESSION_EXPIRED", message: "Сеанс завершено" } }));
    await apiRequest("/api/services", { schema: z.unknown() }).catch(() => {});
    off();
    await apiRequest("/api/services", { schema: z.unknown() }).catch(() => {});
    expect(seen).toEqual(["SESSION_EXPIRED"]);
  });
});

describe("apiBlob", () => {
  it("downloads bytes without caching", async () => {
    const calls = mockFetch(() => new Response(new Uint8Array([37, 80, 68, 70]), { status: 200 }));
    const blob = await apiBlob("/api/documents/d1/pdf");
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(calls[0]?.init.cache).toBe("no-store");
  });
});
