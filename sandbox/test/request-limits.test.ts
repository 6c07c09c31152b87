// Nothing is accepted that can never be delivered: Diia echoes requestId in the callback header
// `X-Document-Request-Trace-Id`, which carries printable ASCII only, so other requestIds are refused at request time
// with Diia's 422. And a signing deeplink on an offer without the diiaId scope is refused, not turned into sharing.
import { DiiaErrorBodySchema, IdResponseSchema } from "@stiika/diia";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { branchBody, call, control, sessionToken, startSandbox, type TestSandbox } from "./helpers.ts";

let sandbox: TestSandbox;
let token: string;
let branchId: string;
let offerId: string;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await control(sandbox, "POST", "/reset");
  token = await sessionToken(sandbox);
  const branch = await call(sandbox, "POST", "/api/v2/acquirers/branch", { token, body: branchBody() });
  branchId = IdResponseSchema.parse(branch.body)._id;
  const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
    token,
    body: { name: "Відкриття рахунку", scopes: { sharing: ["passport"] } },
  });
  offerId = IdResponseSchema.parse(offer.body)._id;
});

const deeplink = (body: Record<string, unknown>) =>
  call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
    token,
    body: { offerId, ...body },
  });

describe("requestId limits", () => {
  it.each([
    ["non-ASCII", "запит-1"],
    ["an emoji", "req-😀"],
    ["a newline (header injection)", "req-1\r\nX-Evil: 1"],
    ["a control character", "req\u0000"],
    ["surrounding spaces", " req-1 "],
    ["over 512 characters", "r".repeat(513)],
  ])("a deeplink with %s in requestId is refused with Diia's 422 on requestId", async (_, requestId) => {
    const reply = await deeplink({ requestId });
    expect(reply.status).toBe(422);
    const body = DiiaErrorBodySchema.parse(reply.body);
    expect(body).toMatchObject({ name: "ValidationError", message: "Parameter validation error", code: 422 });
    expect(reply.body.data.errors.map((e: { field: string }) => e.field)).toEqual(["requestId"]);
    const pending = await control(sandbox, "GET", "/consents?status=pending");
    expect(pending.body.consents).toEqual([]);
  });

  it("the same for a barcode document-request", async () => {
    const reply = await call(sandbox, "POST", "/api/v1/acquirers/document-request", {
      token,
      body: { branchId, barcode: "1234567890128", requestId: "запит-1" },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.data.errors.map((e: { field: string }) => e.field)).toEqual(["requestId"]);
  });

  it("printable ASCII, inner spaces and JSON included, up to 512 characters, is accepted", async () => {
    for (const requestId of ['{"a": "b c"}', "r".repeat(512), "~!@#$%^&*()_+"]) {
      expect((await deeplink({ requestId })).status).toBe(200);
    }
  });
});

describe("Diia-ID deeplinks on sharing-only offers", () => {
  const hashedFilesSigning = { hashedFiles: [{ fileName: "1.pdf", fileHash: "dGVzdA==" }] };

  it("a signing deeplink (data.hashedFilesSigning) on an offer without diiaId is refused, nothing is created", async () => {
    const reply = await deeplink({ requestId: "sign-1", data: { hashedFilesSigning } });
    expect(reply.status).toBe(403);
    expect(DiiaErrorBodySchema.parse(reply.body)).toMatchObject({ name: "AccessDeniedError", code: 403 });
    expect(reply.body.data).toEqual({ scopes: ["hashedFilesSigning"] });
    expect((await control(sandbox, "GET", "/consents?status=pending")).body.consents).toEqual([]);
  });

  it("the same body without the signing data is an ordinary sharing deeplink", async () => {
    expect((await deeplink({ requestId: "sign-1" })).status).toBe(200);
  });
});
