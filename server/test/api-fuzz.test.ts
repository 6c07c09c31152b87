// Fuzzing every route family of the API (the webhook has its own multipart fuzz in callback-fuzz.test.ts):
// 20,000+ requests from a fixed seed with broken paths (undecodable `%` escapes, NUL, `..`, very long ids),
// queries (impossible dates, repeated and nested keys), cookies, CSRF and content-type headers, and bodies (not
// JSON, deep nesting, the routes' own field names with values of every wrong type). Each is sent as the anonymous
// public and as a signed-in teller, manager and admin. No answer may be a 5xx, every refused API call must carry
// an error code, nothing may be logged as an unhandled error — and a real sharing flow must work afterwards.
import { Agent, request as httpRequest } from "node:http";
import fc from "fast-check";
import { afterAll, beforeAll, expect, it } from "vitest";
import { Client } from "./server-helpers.ts";
import { PASSWORD, Stand, waitForStatus } from "./stand.ts";

const SEED = 20_261_201;
const INPUTS = 20_400;
const CONCURRENCY = 6;

let stand: Stand;
const actors: Record<"teller" | "manager" | "admin", Client> = {} as never;

beforeAll(async () => {
  // Limits high enough that the fuzz explores routes rather than the sign-in and webhook throttles (which have
  // their own tests); the throttles still answer 429, which is a 4xx like any other.
  stand = await new Stand("pglite", { STIIKA_LOGIN_RATE_LIMIT: "10000" }).start();
  actors.teller = await stand.employee("teller", "teller-fuzz");
  actors.manager = await stand.employee("manager", "manager-fuzz");
  actors.admin = await stand.employee("admin", "admin-fuzz");
}, 120_000);
afterAll(() => stand?.close());

type Actor = "anonymous" | keyof typeof actors;
/** Every route of routes/*.ts (and the app shell), `:id` to be filled by the fuzz. Locking and signing out are
 * fuzzed anonymously only, so the signed-in actors stay signed in and reach the routes behind the session. */
const ROUTES: { method: string; path: string; anonymousOnly?: boolean }[] = [
  { method: "POST", path: "/api/auth/login" },
  { method: "POST", path: "/api/auth/logout", anonymousOnly: true },
  { method: "POST", path: "/api/auth/password" },
  { method: "PUT", path: "/api/auth/pin" },
  { method: "POST", path: "/api/auth/lock", anonymousOnly: true },
  { method: "POST", path: "/api/auth/unlock" },
  { method: "GET", path: "/api/me" },
  { method: "POST", path: "/api/checks" },
  { method: "POST", path: "/api/employees" },
  { method: "GET", path: "/healthz" },
  { method: "GET", path: "/readyz" },
  { method: "GET", path: "/api/admin/branches" },
  { method: "POST", path: "/api/admin/branches" },
  { method: "PUT", path: "/api/admin/branches/:id" },
  { method: "PUT", path: "/api/admin/branches/:id/idle-lock" },
  { method: "DELETE", path: "/api/admin/branches/:id" },
  { method: "POST", path: "/api/admin/branches/:id/services" },
  { method: "PUT", path: "/api/admin/services/:id" },
  { method: "DELETE", path: "/api/admin/services/:id" },
  { method: "GET", path: "/api/admin/employees" },
  { method: "PUT", path: "/api/admin/employees/:id" },
  { method: "POST", path: "/api/admin/employees/:id/reset-password" },
  { method: "POST", path: "/api/admin/audit/verify" },
  { method: "GET", path: "/api/admin/partner" },
  { method: "PUT", path: "/api/admin/partner" },
  { method: "GET", path: "/api/manage/copies" },
  { method: "GET", path: "/api/manage/copies/:id" },
  { method: "GET", path: "/api/manage/copies/:id/documents/:id/pdf" },
  { method: "GET", path: "/api/manage/copies/:id/documents/:id/envelope" },
  { method: "GET", path: "/api/manage/copies/:id/signings/:id/pdf" },
  { method: "GET", path: "/api/manage/copies/:id/signings/:id/signature" },
  { method: "POST", path: "/api/manage/copies/:id/signings/:id/verify" },
  { method: "DELETE", path: "/api/manage/copies/:id" },
  { method: "GET", path: "/api/manage/late-deliveries" },
  { method: "POST", path: "/api/manage/late-deliveries/:id/attach" },
  { method: "DELETE", path: "/api/manage/late-deliveries/:id" },
  { method: "GET", path: "/api/manage/filters" },
  { method: "GET", path: "/api/manage/dashboard" },
  { method: "GET", path: "/api/manage/retention" },
  { method: "PUT", path: "/api/manage/retention" },
  { method: "PUT", path: "/api/manage/retention/branches/:id" },
  { method: "GET", path: "/api/services" },
  { method: "POST", path: "/api/requests" },
  { method: "GET", path: "/api/requests/:id" },
  { method: "POST", path: "/api/requests/:id/cancel" },
  { method: "GET", path: "/api/requests/:id/documents" },
  { method: "GET", path: "/api/documents/:id/pdf" },
  { method: "PUT", path: "/api/requests/:id/questionnaire" },
  { method: "POST", path: "/api/requests/:id/signings" },
  { method: "GET", path: "/api/signings/:id" },
  { method: "POST", path: "/api/signings/:id/cancel" },
  { method: "GET", path: "/api/signings/:id/pdf" },
  { method: "GET", path: "/api/:id" },
  { method: "GET", path: "/:id" },
  { method: "GET", path: "/assets/:id" },
];

/** Percent-encodes bytes (so random bytes become escapes that are not UTF-8, e.g. `%FF`). */
const pct = (bytes: Uint8Array) =>
  Array.from(bytes, (b) =>
    /[A-Za-z0-9_.~-]/.test(String.fromCharCode(b))
      ? String.fromCharCode(b)
      : `%${b.toString(16).padStart(2, "0")}`,
  ).join("");
const encode = (s: string) => pct(Buffer.from(s, "utf8"));

/** Path segments as a client can put them on the wire (printable ASCII; the rest percent-encoded or broken). */
const segment = fc.oneof(
  fc.uuid(),
  fc.uuid().map((u) => u.toUpperCase()),
  fc.constantFrom(
    "%",
    "%zz",
    "%E0%A4%A",
    "%00",
    "%2F..%2F",
    "..",
    ".",
    "%C0%AE",
    "0",
    "-1",
    "null",
    "undefined",
  ),
  fc.string({ maxLength: 40 }).map(encode),
  fc.uint8Array({ maxLength: 20 }).map(pct),
  fc.uint8Array({ maxLength: 20 }).map((b) => pct(b).replace(/%(.)/g, "%$1%")),
  fc.nat({ max: 9000 }).map((n) => "a".repeat(n)),
);

const WEIRD_TEXT = [
  "",
  "\u0000",
  "a\u0000b",
  "9999-99-99",
  "2026-02-30",
  "0000-00-00",
  "112233-01-01",
  "-1",
  "1e309",
  "NaN",
  "%",
  "\ud800",
  "ʼ",
  " ".repeat(300),
  "x".repeat(70_000),
];
const weirdString = fc.oneof(
  fc.constantFrom(...WEIRD_TEXT),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "binary", maxLength: 30 }),
);
const weirdValue: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small" },
    weirdString,
    fc.constantFrom(null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 63), Number.MAX_VALUE, 3651, 1),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.dictionary(weirdString, tie("value"), { maxKeys: 4 }),
  ),
})).value;

/** Field names the routes read, so bodies reach validation past "not an object". */
const FIELDS = [
  "login",
  "password",
  "newPassword",
  "currentPassword",
  "pin",
  "serviceId",
  "kind",
  "barcode",
  "qr",
  "days",
  "seconds",
  "reason",
  "name",
  "template",
  "documentTypes",
  "fields",
  "role",
  "branchId",
  "displayName",
  "disabled",
  "region",
  "district",
  "location",
  "street",
  "house",
  "version",
  "signAlgo",
  "legalName",
  "__proto__",
  "constructor",
];
const body = fc.oneof(
  fc.constant(undefined),
  fc.dictionary(fc.constantFrom(...FIELDS), weirdValue, { maxKeys: 8 }).map((o) => JSON.stringify(o)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom(
    "{",
    "[1,",
    "null",
    '"x"',
    '{"login":"a\u0000"}',
    "[".repeat(5000) + "]".repeat(5000),
    "%7B",
  ),
  fc.string({ unit: "binary", maxLength: 200 }),
);

const QUERY_KEYS = [
  "from",
  "to",
  "q",
  "page",
  "pageSize",
  "wait",
  "version",
  "branchId",
  "employeeId",
  "type",
  "status",
];
const query = fc.array(
  fc.tuple(
    fc.oneof(
      fc.constantFrom(...QUERY_KEYS),
      fc.constantFrom(...QUERY_KEYS).map((k) => `${k}[]`),
      fc.constantFrom(...QUERY_KEYS).map((k) => `${k}[a]`),
      segment,
    ),
    fc.oneof(segment, fc.constantFrom(...WEIRD_TEXT.slice(0, 12)).map(encode)),
  ),
  { maxLength: 5 },
);

const printable = fc.stringMatching(/^[\x20-\x7e]{0,80}$/);
const input = fc.record({
  route: fc.constantFrom(...ROUTES),
  actor: fc.constantFrom<Actor>("anonymous", "teller", "manager", "admin"),
  ids: fc.array(segment, { minLength: 2, maxLength: 2 }),
  query,
  body,
  contentType: fc.constantFrom(
    "application/json",
    "application/json; charset=utf-16",
    "text/plain",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    'application/json; charset="x y"',
    undefined,
  ),
  cookie: fc.oneof(
    fc.constant("own"),
    fc.constantFrom(
      "stiika_session=%",
      "stiika_session=%E0%A4%A",
      "__Host-stiika_session=abc",
      "a=b; a=c; a",
      ";;;=",
    ),
    printable,
  ),
  csrf: fc.oneof(fc.constant("own"), fc.constant(undefined), printable),
  extra: fc.dictionary(
    fc.constantFrom("x-forwarded-for", "accept-language", "if-none-match", "range", "x-trace-id", "origin"),
    printable,
    { maxKeys: 3 },
  ),
});
type Input = typeof input extends fc.Arbitrary<infer T> ? T : never;

function toRequest(i: Input) {
  const actor = i.route.anonymousOnly ? "anonymous" : i.actor;
  const own = actor === "anonymous" ? undefined : actors[actor];
  let n = 0;
  const p = i.route.path.replace(/:id/g, () => i.ids[n++] ?? "x");
  const qs = i.query.map(([k, v]) => `${k}=${v}`).join("&");
  const headers: Record<string, string> = { ...i.extra };
  const cookie = i.cookie === "own" ? own?.cookie : i.cookie;
  if (cookie) headers.cookie = cookie;
  const csrf = i.csrf === "own" ? own?.csrfToken : i.csrf;
  if (csrf) headers["x-csrf-token"] = csrf;
  if (i.body !== undefined && i.contentType) headers["content-type"] = i.contentType;
  // Framing as every client sends it: without a length, Node sends a GET's body unframed.
  if (i.body !== undefined) headers["content-length"] = String(Buffer.byteLength(i.body, "utf8"));
  return { method: i.route.method, path: qs ? `${p}?${qs}` : p, headers, body: i.body };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(
  port: number,
  r: ReturnType<typeof toRequest>,
): Promise<{ status: number; text: string; type: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: "127.0.0.1", port, method: r.method, path: r.path, headers: r.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            type: String(res.headers["content-type"] ?? ""),
          }),
        );
      },
    );
    req.on("error", reject);
    req.setTimeout(30_000, () => req.destroy(new Error("no answer in 30 s")));
    req.end(r.body === undefined ? undefined : Buffer.from(r.body, "utf8"));
  });
}

// The inputs that answered 500 with a stack trace in the log before, each named.
it.each([
  [
    "an undecodable escape in an id",
    "GET",
    "/api/manage/copies/%E0%A4%A",
    "admin",
    undefined,
    undefined,
    400,
    "BAD_REQUEST",
  ],
  [
    "a day that does not exist",
    "GET",
    "/api/manage/dashboard?from=9999-99-99",
    "admin",
    undefined,
    undefined,
    400,
    "BAD_REQUEST",
  ],
  [
    "the 30th of February",
    "GET",
    "/api/manage/copies?to=2026-02-30",
    "manager",
    undefined,
    undefined,
    400,
    "BAD_REQUEST",
  ],
  [
    "a NUL in a login",
    "POST",
    "/api/auth/login",
    "anonymous",
    "application/json",
    '{"login":"ad\\u0000min","password":"x"}',
    400,
    "BAD_REQUEST",
  ],
  [
    "a body in UTF-16",
    "POST",
    "/api/requests",
    "teller",
    "application/json; charset=utf-16",
    "{}",
    400,
    "BAD_REQUEST",
  ],
  [
    "a URL over 16 KB",
    "GET",
    `/api/requests/${"a".repeat(17_000)}`,
    "teller",
    undefined,
    undefined,
    431,
    "PAYLOAD_TOO_LARGE",
  ],
] as const)("%s → a coded 4xx", async (_what, method, path, actor, type, text, status, code) => {
  const own = actor === "anonymous" ? undefined : actors[actor];
  const headers: Record<string, string> = {};
  if (own?.cookie) headers.cookie = own.cookie;
  if (own?.csrfToken) headers["x-csrf-token"] = own.csrfToken;
  if (type) headers["content-type"] = type;
  if (text !== undefined) headers["content-length"] = String(Buffer.byteLength(text));
  const a = await send(stand.servers[0]?.port as number, { method, path, headers, body: text });
  expect([a.status, JSON.parse(a.text).error.code]).toEqual([status, code]);
});

it(`${INPUTS} fuzzed API calls: no 5xx, every refusal coded, nothing unhandled; a real flow works after`, async () => {
  const port = stand.servers[0]?.port as number;
  const samples = fc.sample(input, { seed: SEED, numRuns: INPUTS });
  const failures: string[] = [];
  const statuses = new Map<number, number>();
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < samples.length; k = next++) {
      const r = toRequest(samples[k] as Input);
      const a = await send(port, r).catch((e: Error) => ({ status: -1, text: e.message, type: "" }));
      statuses.set(a.status, (statuses.get(a.status) ?? 0) + 1);
      const coded =
        a.status < 400 ||
        !r.path.startsWith("/api/") ||
        /"code":"[A-Z_]+"/.test(a.type.includes("json") ? a.text : "");
      if (a.status < 0 || a.status >= 500 || !coded)
        failures.push(
          `#${k} ${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.headers).slice(0, 300)} ${String(r.body).slice(0, 80)} → ${a.status} ${a.text.slice(0, 160)}`,
        );
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  agent.destroy();
  expect(failures.slice(0, 20)).toEqual([]);
  const answered = [...statuses.values()].reduce((x, y) => x + y, 0);
  expect(answered).toBe(INPUTS);
  // The fuzz went past authorization and validation, not only into 401s.
  for (const status of [200, 400, 401, 403, 404]) expect(statuses.get(status) ?? 0).toBeGreaterThan(50);
  const unhandled = (stand.servers[0]?.logs ?? []).filter((l) => l.includes('"unhandled error"'));
  expect(unhandled.slice(0, 3)).toEqual([]);

  // A real sharing flow afterwards, by a teller who signs in now.
  const teller = new Client(stand.url);
  expect((await teller.login("teller-fuzz", PASSWORD)).status).toBe(200);
  const code = await stand.liveCode("olena-kovalenko", "internal-passport");
  const created = await teller.request("POST", "/api/requests", {
    serviceId: await stand.serviceId(teller),
    kind: "barcode",
    barcode: code.barcode,
  });
  expect(created.status).toBe(201);
  await stand.approve(created.body.request.id);
  expect((await waitForStatus(teller, created.body.request.id)).status).toBe("received");
  const docs = await teller.request("GET", `/api/requests/${created.body.request.id}/documents`);
  expect(docs.body.documents.map((d: { type: string }) => d.type)).toEqual(["internal-passport"]);
}, 600_000);
