import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { printedPassword, startTestServer, type TestServer } from "./server-helpers.ts";

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  await res.arrayBuffer();
  return res;
}

function directives(csp: string | null): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of (csp ?? "").split(";")) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe("HTTP security headers, caching and cookies", () => {
  let t: TestServer;
  beforeAll(async () => {
    // The PWA served from a build folder, as in production.
    const dist = path.join(process.env.TMPDIR ?? "/tmp", `stiika-web-${process.pid}`);
    mkdirSync(path.join(dist, "assets"), { recursive: true });
    writeFileSync(path.join(dist, "index.html"), '<!doctype html><div id="root"></div>');
    writeFileSync(path.join(dist, "assets", "app.js"), "console.log(1)");
    t = await startTestServer("pglite", {
      STIIKA_WEB_DIST: dist,
      STIIKA_TRUST_PROXY: "1",
      STIIKA_LOGIN_RATE_LIMIT: "3",
    });
  });
  afterAll(async () => {
    await t.close();
  });

  it.each(["/", "/scan", "/assets/app.js", "/api/me", "/api/nothing-here", "/healthz"])(
    "when %s is fetched, then every security header is there",
    async (p) => {
      const res = await get(t.url + p);
      const csp = directives(res.headers.get("content-security-policy"));
      expect(csp.get("default-src")).toEqual(["'self'"]);
      // The decoder's WebAssembly needs wasm-unsafe-eval; nothing may run inline or be eval'd.
      expect(csp.get("script-src")).toEqual(["'self'", "'wasm-unsafe-eval'"]);
      expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
      expect(csp.get("object-src")).toEqual(["'none'"]);
      for (const values of csp.values()) {
        expect(values).not.toContain("'unsafe-inline'");
        expect(values).not.toContain("'unsafe-eval'");
        expect(values).not.toContain("*");
      }
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      expect(res.headers.get("referrer-policy")).toBe("no-referrer");
      expect(res.headers.get("x-frame-options")).toBe("DENY");
      expect(res.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(res.headers.get("permissions-policy")).toMatch(/(^|, )camera=\(self\)/);
      expect(res.headers.get("permissions-policy")).toContain("microphone=()");
      expect(res.headers.get("x-powered-by")).toBeNull();
      // Plain http: HSTS would mean nothing (and could lock a misconfigured host out).
      expect(res.headers.get("strict-transport-security")).toBeNull();
    },
  );

  it("when API answers are fetched, then none may be stored by the browser or a proxy", async () => {
    for (const p of ["/api/me", "/api/nothing-here"]) {
      expect((await get(t.url + p)).headers.get("cache-control")).toBe("no-store");
    }
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ login: "admin", password: printedPassword(t.printed) }),
    });
    expect(login.status).toBe(200);
    expect(login.headers.get("cache-control")).toBe("no-store");
    const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
    const me = await get(`${t.url}/api/me`, { cookie });
    expect(me.status).toBe(200);
    // It carries the CSRF token.
    expect(me.headers.get("cache-control")).toBe("no-store");
  });

  it("when the request came over https through the trusted proxy, then HSTS is sent and the cookie is __Host- and Secure", async () => {
    const https = { "x-forwarded-proto": "https" };
    expect((await get(`${t.url}/`, https)).headers.get("strict-transport-security")).toMatch(
      /^max-age=\d{8,}/,
    );
    const login = await fetch(`${t.url}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json", ...https },
      body: JSON.stringify({ login: "admin", password: printedPassword(t.printed) }),
    });
    const setCookie = login.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/^__Host-stiika_session=[^;]+;/);
    expect(setCookie).toMatch(/; Secure/);
    expect(setCookie).toMatch(/; Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    const cookie = setCookie.split(";")[0] ?? "";
    expect((await get(`${t.url}/api/me`, { ...https, cookie })).status).toBe(200);
    // The plain name is not accepted over https: a cookie planted over http cannot stand in for it.
    const planted = cookie.replace("__Host-", "");
    expect((await get(`${t.url}/api/me`, { ...https, cookie: planted })).status).toBe(401);
  });

  it("when a client writes its own X-Forwarded-For, then the login limit still counts its real address", async () => {
    const codes: string[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await fetch(`${t.url}/api/auth/login`, {
        method: "POST",
        // The client's forged entry first; the one proxy in front of us appends the address it saw.
        headers: { "content-type": "application/json", "x-forwarded-for": `10.9.8.${i}, 203.0.113.7` },
        body: JSON.stringify({ login: "spray.target", password: `guess-${i}` }),
      });
      codes.push(((await res.json()) as { error: { code: string } }).error.code);
    }
    expect(codes).toEqual([
      "BAD_CREDENTIALS",
      "BAD_CREDENTIALS",
      "BAD_CREDENTIALS",
      "RATE_LIMITED",
      "RATE_LIMITED",
    ]);
  });

  it("when the session cookie is not valid percent-encoding, then the answer is 401, not a server error", async () => {
    const res = await get(`${t.url}/api/me`, { cookie: "stiika_session=%E0%A4%A" });
    expect(res.status).toBe(401);
  });
});
