// Failure modes against a real HTTP server: status codes, retries, malformed answers, timeouts, network errors,
// bad inputs, and that no token ever leaks into an error or a log line.
import { inspect } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createDiiaClient,
  DiiaApiError,
  type DiiaApiErrorCode,
  type DiiaClient,
  type DiiaClientOptions,
  type DiiaRequestLog,
} from "../../src/index.ts";
import {
  ACQUIRER_TOKEN,
  AUTH_ACQUIRER_TOKEN,
  type FakeDiia,
  isAuth,
  sampleBranch,
  sessionToken,
  startFakeDiia,
} from "./fake-diia.ts";

const BRANCH_ID = "c".repeat(24);
const barcodeRequest = { branchId: BRANCH_ID, barcode: "2858364170864", requestId: "r-1" };

let diia: FakeDiia;
let client: DiiaClient;
let logs: { level: "debug" | "warn"; fields: DiiaRequestLog; message: string }[];

function makeClient(options: Partial<DiiaClientOptions> = {}): DiiaClient {
  return createDiiaClient({
    baseUrl: diia.url,
    acquirerToken: ACQUIRER_TOKEN,
    authAcquirerToken: AUTH_ACQUIRER_TOKEN,
    retryBaseDelayMs: 1,
    logger: {
      debug: (fields, message) => logs.push({ level: "debug", fields, message }),
      warn: (fields, message) => logs.push({ level: "warn", fields, message }),
    },
    ...options,
  });
}

beforeEach(async () => {
  diia = await startFakeDiia();
  logs = [];
  client = makeClient();
});
afterEach(() => diia.close());

/** Awaits a rejection and returns it as a DiiaApiError (failing the test if it is anything else). */
async function failure(promise: Promise<unknown>): Promise<DiiaApiError> {
  const error = await promise.then(
    () => expect.fail("expected the call to fail"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DiiaApiError);
  return error as DiiaApiError;
}

/** Everything a careless caller could print about an error. */
function everythingAbout(error: DiiaApiError): string {
  return [
    error.message,
    error.bodyExcerpt,
    JSON.stringify(error.diiaError),
    inspect(error, { depth: 10 }),
  ].join("\n");
}

function expectNoSecrets(text: string) {
  for (const secret of [ACQUIRER_TOKEN, AUTH_ACQUIRER_TOKEN, sessionToken(1), sessionToken(2)]) {
    expect(text).not.toContain(secret);
  }
}

describe("401: refresh once, retry once", () => {
  it("when a call gets 401, then the token is fetched again and the call is retried with the new one", async () => {
    diia.handle((_r, i) =>
      i === 1
        ? { status: 401, body: { name: "UnauthorizedError", message: "Unauthorized", code: 401 } }
        : { body: { success: true } },
    );
    await expect(client.sharing.requestDocumentsByBarcode(barcodeRequest)).resolves.toEqual({
      success: true,
    });
    const calls = diia.calls();
    expect(calls.map((c) => c.headers.authorization)).toEqual([
      `Bearer ${sessionToken(1)}`,
      `Bearer ${sessionToken(2)}`,
    ]);
    expect(diia.authCalls()).toBe(2);
  });

  it("when the retried call gets 401 again, then it fails UNAUTHORIZED after exactly one refresh", async () => {
    diia.handle(() => ({
      status: 401,
      body: { name: "UnauthorizedError", message: "Unauthorized", code: 401 },
    }));
    const error = await failure(client.branches.get(BRANCH_ID));
    expect(error.code).toBe<DiiaApiErrorCode>("UNAUTHORIZED");
    expect(error.status).toBe(401);
    expect(error.diiaError).toEqual({ name: "UnauthorizedError", message: "Unauthorized", code: 401 });
    expect(diia.calls()).toHaveLength(2);
    expect(diia.authCalls()).toBe(2);
  });

  it("when the acquirer token itself is refused, then it fails UNAUTHORIZED without calling the API or leaking it", async () => {
    diia.handle(
      (r) =>
        isAuth(r)
          ? {
              status: 401,
              body: {
                name: "UnauthorizedError",
                message: `Acquirer not found by the provided token ${ACQUIRER_TOKEN}`,
                code: 401,
              },
            }
          : { body: { success: true } },
      { auth: true },
    );
    const error = await failure(
      client.sharing.identifyDocument({ branchId: BRANCH_ID, barcode: "2858364170864" }),
    );
    expect(error.code).toBe("UNAUTHORIZED");
    expect(error.diiaError?.message).toBe("Acquirer not found by the provided token [redacted]");
    expect(error.bodyExcerpt).toContain("[redacted]");
    expect(diia.calls()).toHaveLength(0);
    expect(diia.authCalls()).toBe(1);
    expectNoSecrets(everythingAbout(error));
  });
});

describe("Diia error bodies", () => {
  it("403 with a forbidden body is HTTP_ERROR carrying the parsed body", async () => {
    const body = { name: "ForbiddenError", message: "Access forbidden", code: 403, data: {} };
    diia.handle(() => ({ status: 403, body }));
    const error = await failure(client.offers.list(BRANCH_ID));
    expect([error.code, error.status]).toEqual(["HTTP_ERROR", 403]);
    expect(error.diiaError).toEqual(body);
  });

  it("404 with the old `data: []` shape is parsed", async () => {
    const body = {
      name: "NotFoundError",
      message: "No otp record with presented barcode!",
      code: 404,
      data: [],
    };
    diia.handle(() => ({ status: 404, body }));
    const error = await failure(
      client.sharing.identifyDocument({ branchId: BRANCH_ID, barcode: "2858364170864" }),
    );
    expect([error.code, error.status]).toEqual(["HTTP_ERROR", 404]);
    expect(error.diiaError).toEqual(body);
  });

  it("422 validation errors expose data.errors", async () => {
    const body = {
      name: "BadRequestError",
      message: "Parameter validation error",
      code: 422,
      data: {
        errors: [
          { type: "string", message: "The 'name' field is required.", field: "name", actual: undefined },
        ],
      },
    };
    diia.handle(() => ({ status: 422, body }));
    const error = await failure(
      client.offers.create(BRANCH_ID, { name: "x", scopes: { sharing: ["passport"] } }),
    );
    expect([error.code, error.status]).toEqual(["HTTP_ERROR", 422]);
    expect(error.diiaError?.data).toEqual({
      errors: [{ type: "string", message: "The 'name' field is required.", field: "name" }],
    });
  });

  it("400 for an expired code exposes now and expirationDate", async () => {
    const data = { now: "2026-11-23T10:03:01.000Z", expirationDate: "2026-11-23T10:03:00.000Z" };
    diia.handle(() => ({
      status: 400,
      body: { name: "BadRequestError", message: "Code has been expired!", code: 400, data },
    }));
    const error = await failure(client.sharing.requestDocumentsByBarcode(barcodeRequest));
    expect([error.code, error.status]).toEqual(["HTTP_ERROR", 400]);
    expect(error.diiaError?.data).toEqual(data);
  });

  it("an error answer that is not Diia's shape keeps an excerpt and no diiaError", async () => {
    diia.handle(() => ({ status: 418, body: "<html>teapot</html>" }));
    const error = await failure(client.branches.get(BRANCH_ID));
    expect([error.code, error.status, error.bodyExcerpt, error.diiaError]).toEqual([
      "HTTP_ERROR",
      418,
      "<html>teapot</html>",
      undefined,
    ]);
  });
});

describe("retries", () => {
  it("a GET answered 500 then 503 is retried and succeeds on the third attempt", async () => {
    diia.handle((_r, i) =>
      i === 1 ? { status: 500 } : i === 2 ? { status: 503 } : { body: { total: 0, offers: [] } },
    );
    await expect(client.offers.list(BRANCH_ID)).resolves.toEqual({ total: 0, offers: [] });
    expect(diia.calls()).toHaveLength(3);
    expect(logs.filter((l) => l.level === "warn").map((l) => [l.fields.status, l.fields.attempt])).toEqual([
      [500, 1],
      [503, 2],
    ]);
  });

  it("a GET that keeps failing with 503 gives up after 1 + retries attempts with HTTP_ERROR", async () => {
    client = makeClient({ retries: 3 });
    diia.handle(() => ({ status: 503 }));
    const error = await failure(client.branches.list());
    expect([error.code, error.status]).toEqual(["HTTP_ERROR", 503]);
    expect(diia.calls()).toHaveLength(4);
  });

  it("PUT and DELETE are retried on 502/504", async () => {
    diia.handle((_r, i) =>
      i % 2 === 1 ? { status: i === 1 ? 502 : 504 } : { status: 200, body: { _id: BRANCH_ID } },
    );
    await expect(client.branches.update(BRANCH_ID, sampleBranch)).resolves.toEqual({ _id: BRANCH_ID });
    await expect(client.branches.delete(BRANCH_ID)).resolves.toBeUndefined();
    expect(diia.calls().map((c) => c.method)).toEqual(["PUT", "PUT", "DELETE", "DELETE"]);
  });

  it("a POST document-request answered 500 or 503 is NOT retried", async () => {
    for (const status of [500, 503]) {
      diia.handle(() => ({ status }));
      const before = diia.calls().length;
      const error = await failure(client.sharing.requestDocumentsByBarcode(barcodeRequest));
      expect([error.code, error.status]).toEqual(["HTTP_ERROR", status]);
      expect(diia.calls().length - before).toBe(1);
    }
  });

  it("a branch create that times out is NOT retried", async () => {
    client = makeClient({ timeoutMs: 150 });
    diia.handle(() => ({ hang: true }));
    const error = await failure(
      client.offers.create(BRANCH_ID, { name: "Відкриття рахунку", scopes: { sharing: ["passport"] } }),
    );
    expect(error.code).toBe("TIMEOUT");
    expect(diia.calls()).toHaveLength(1);
  });

  it("the auth call is retried on 503", async () => {
    let auths = 0;
    diia.handle(
      (r) =>
        isAuth(r)
          ? ++auths === 1
            ? { status: 503 }
            : { body: { token: sessionToken(9) } }
          : { body: { total: 0, branches: [] } },
      { auth: true },
    );
    await expect(client.branches.list()).resolves.toEqual({ total: 0, branches: [] });
    expect(auths).toBe(2);
    expect(diia.calls()[0]?.headers.authorization).toBe(`Bearer ${sessionToken(9)}`);
  });
});

describe("malformed answers", () => {
  it("a 200 that is not JSON is BAD_RESPONSE with a redacted excerpt", async () => {
    diia.handle(() => ({ body: `oops ${sessionToken(1)} not json` }));
    const error = await failure(client.branches.get(BRANCH_ID));
    expect([error.code, error.status, error.bodyExcerpt]).toEqual([
      "BAD_RESPONSE",
      200,
      "oops [redacted] not json",
    ]);
  });

  it("a 200 of the wrong shape is BAD_RESPONSE naming the field", async () => {
    diia.handle(() => ({ body: { total: "many", branches: [] } }));
    const error = await failure(client.branches.list());
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("total");
  });

  it("an empty 200 where JSON is expected is BAD_RESPONSE", async () => {
    diia.handle(() => ({ status: 200 }));
    const error = await failure(
      client.sharing.identifyDocument({ branchId: BRANCH_ID, barcode: "2858364170864" }),
    );
    expect([error.code, error.bodyExcerpt]).toEqual(["BAD_RESPONSE", undefined]);
  });

  it("a session answer without a token is BAD_RESPONSE", async () => {
    diia.handle((r) => (isAuth(r) ? { body: { jwt: "x" } } : { body: {} }), { auth: true });
    const error = await failure(client.branches.list());
    expect(error.code).toBe("BAD_RESPONSE");
    expect(error.message).toContain("/api/v1/auth/acquirer/[redacted]");
  });

  it("long excerpts are cut to 500 characters", async () => {
    diia.handle(() => ({ status: 400, body: "x ".repeat(1000) }));
    const error = await failure(client.branches.get(BRANCH_ID));
    expect(error.bodyExcerpt).toHaveLength(500);
  });
});

describe("timeouts and network", () => {
  it("a server that never answers a GET gives TIMEOUT after every attempt", async () => {
    client = makeClient({ timeoutMs: 100, retries: 1 });
    diia.handle(() => ({ hang: true }));
    const started = performance.now();
    const error = await failure(client.branches.get(BRANCH_ID));
    expect([error.code, error.status]).toEqual(["TIMEOUT", undefined]);
    expect(diia.calls()).toHaveLength(2);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });

  it("a body that stalls after the headers is TIMEOUT too", async () => {
    client = makeClient({ timeoutMs: 100, retries: 0 });
    diia.handle(() => ({ stallBody: true, body: { total: 0, branches: [] } }));
    const error = await failure(client.branches.list());
    expect([error.code, error.status]).toEqual(["TIMEOUT", 200]);
  });

  it("a closed port is NETWORK, retried, and the error names no token", async () => {
    const url = diia.url;
    await diia.close();
    client = makeClient({ baseUrl: url, retries: 1 });
    const error = await failure(client.branches.list());
    expect([error.code, error.status]).toEqual(["NETWORK", undefined]);
    expect(logs.map((l) => [l.level, l.fields.code, l.fields.attempt])).toEqual([
      ["warn", "NETWORK", 1],
      ["warn", "NETWORK", 2],
    ]);
    expect(error.message).toBe("could not reach Diia for GET /api/v1/auth/acquirer/[redacted]");
    expectNoSecrets(everythingAbout(error));
    diia = await startFakeDiia();
  });
});

describe("bad inputs are BAD_REQUEST before anything is sent", () => {
  const cases: [string, (c: DiiaClient) => Promise<unknown>, string][] = [
    [
      "a 12-digit barcode",
      (c) => c.sharing.requestDocumentsByBarcode({ ...barcodeRequest, barcode: "285836417086" }),
      "barcode",
    ],
    [
      "a barcode and a qrcode together",
      (c) => c.sharing.requestDocumentsByBarcode({ ...barcodeRequest, qrcode: "x" } as never),
      "qrcode",
    ],
    [
      "an empty requestId",
      (c) => c.sharing.createDeeplink(BRANCH_ID, { offerId: "o", requestId: "" }),
      "requestId",
    ],
    [
      "an unknown signAlgo",
      (c) => c.sharing.createDeeplink(BRANCH_ID, { offerId: "o", requestId: "r", signAlgo: "RSA" as never }),
      "signAlgo",
    ],
    ["a branch name over 32 chars", (c) => c.branches.create({ name: "x".repeat(33) } as never), "name"],
    [
      "an unknown sharing scope",
      (c) => c.offers.create(BRANCH_ID, { name: "o", scopes: { sharing: ["diploma" as never] } }),
      "scopes.sharing.0",
    ],
    [
      "a non-http returnLink",
      (c) => c.offers.create(BRANCH_ID, { name: "o", returnLink: "javascript:alert(1)", scopes: {} }),
      "returnLink",
    ],
    ["an empty branch id", (c) => c.branches.get(""), "branch id"],
    ["a negative skip", (c) => c.branches.list({ skip: -1 }), "skip"],
    ["a limit of 0", (c) => c.offers.list(BRANCH_ID, { limit: 0 }), "limit"],
    [
      "an _id that differs from the id",
      (c) => c.branches.update(BRANCH_ID, { ...sampleBranch, _id: "other" }),
      "_id",
    ],
  ];
  it.each(cases)("%s", async (_name, call, field) => {
    const error = await failure(call(client));
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toContain(field);
    expect(diia.received).toHaveLength(0);
  });

  it("invalid options throw BAD_REQUEST without echoing values", () => {
    let thrown: unknown;
    try {
      createDiiaClient({ baseUrl: `ftp://${ACQUIRER_TOKEN}`, acquirerToken: "", timeoutMs: -1 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(DiiaApiError);
    const error = thrown as DiiaApiError;
    expect(error.code).toBe("BAD_REQUEST");
    expect(error.message).toMatch(/baseUrl.*acquirerToken.*timeoutMs/);
    expect(error.message).not.toContain(ACQUIRER_TOKEN);
  });
});

describe("secrets never leak", () => {
  it("error messages, excerpts, parsed bodies and logs never contain any token", async () => {
    const echo = `token=${sessionToken(1)} acq=${ACQUIRER_TOKEN} basic=${AUTH_ACQUIRER_TOKEN} Bearer abc.def jwt=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig`;
    diia.handle(() => ({ status: 400, body: { name: "Error", message: echo, code: 400, data: { echo } } }));
    const error = await failure(client.branches.get(BRANCH_ID));
    const all = everythingAbout(error);
    expectNoSecrets(all);
    expect(all).not.toContain("abc.def");
    expect(all).not.toContain("eyJhbGciOiJIUzI1NiJ9");
    expect(error.diiaError?.message).toBe(
      "token=[redacted] acq=[redacted] basic=[redacted] Bearer [redacted] jwt=[redacted]",
    );
    expectNoSecrets(JSON.stringify(logs));
  });

  it("short tokens that no pattern would catch are still redacted, also URL-encoded", async () => {
    const acquirerToken = "acq/short";
    client = makeClient({ acquirerToken, authAcquirerToken: "bas1c" });
    diia.handle(() => ({
      status: 400,
      body: `seen ${acquirerToken} ${encodeURIComponent(acquirerToken)} bas1c`,
    }));
    const error = await failure(client.branches.get(BRANCH_ID));
    expect(error.bodyExcerpt).toBe("seen [redacted] [redacted] [redacted]");
    expect(diia.received[0]?.url).toBe("/api/v1/auth/acquirer/acq%2Fshort");
    expect(logs[0]?.fields.path).toBe("/api/v1/auth/acquirer/[redacted]");
  });

  it("logs carry method, token-free path, status, ms and attempt", async () => {
    diia.handle(() => ({ body: { ...{ total: 0, branches: [] } } }));
    await client.branches.list({ limit: 5 });
    expect(
      logs.map((l) => [
        l.level,
        l.message,
        l.fields.method,
        l.fields.path,
        l.fields.status,
        l.fields.attempt,
      ]),
    ).toEqual([
      ["debug", "diia request", "GET", "/api/v1/auth/acquirer/[redacted]", 200, 1],
      ["debug", "diia request", "GET", "/api/v2/acquirers/branches?limit=5", 200, 1],
    ]);
    for (const l of logs) expect(l.fields.ms).toBeGreaterThanOrEqual(0);
    expectNoSecrets(JSON.stringify(logs));
  });

  it("logs a long path in full while a token-like segment in it is still redacted", async () => {
    diia.handle(() => ({ body: { success: true } }));
    await client.sharing.requestDocumentsByBarcode({
      branchId: "b".repeat(64),
      barcode: "2858364170864",
      requestId: "r-1",
    });
    await client.branches.get("c".repeat(64)).catch(() => {});
    const paths = new Set(logs.map((l) => l.fields.path));
    expect([...paths]).toEqual([
      "/api/v1/auth/acquirer/[redacted]",
      "/api/v1/acquirers/document-request",
      "/api/v2/acquirers/branch/[redacted]",
    ]);
  });
});
