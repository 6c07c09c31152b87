// Contract tests: the sandbox called the way the official SDKs call Diia, every answer checked against the
// @stiika/diia wire schemas.
import {
  BranchListResponseSchema,
  BranchSchema,
  DeeplinkResponseSchema,
  DiiaErrorBodySchema,
  IdResponseSchema,
  OfferListResponseSchema,
  SessionTokenResponseSchema,
} from "@stiika/diia";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { branchBody, call, control, sessionToken, startSandbox, type TestSandbox } from "./helpers.ts";

let sandbox: TestSandbox;
let token: string;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await control(sandbox, "POST", "/reset");
  token = await sessionToken(sandbox);
});

const expectDiiaError = (reply: { status: number; body: unknown }, status: number) => {
  expect(reply.status).toBe(status);
  const body = DiiaErrorBodySchema.parse(reply.body);
  expect(body.code).toBe(status);
  return body;
};

async function createBranch(scopes?: Record<string, string[]>): Promise<string> {
  const reply = await call(sandbox, "POST", "/api/v2/acquirers/branch", { token, body: branchBody(scopes) });
  expect(reply.status).toBe(200);
  return IdResponseSchema.parse(reply.body)._id;
}

describe("auth", () => {
  it("when the acquirer token is right, then a session token is issued and opens the API", async () => {
    const reply = await call(sandbox, "GET", `/api/v1/auth/acquirer/${sandbox.state.store.acquirerToken}`);
    expect(reply.status).toBe(200);
    const { token: session } = SessionTokenResponseSchema.parse(reply.body);
    expect(session).not.toBe(sandbox.state.store.acquirerToken);
    expect((await call(sandbox, "GET", "/api/v2/acquirers/branches", { token: session })).status).toBe(200);
  });

  it("when the acquirer token is wrong, then 401 with Diia's error body and no token echoed", async () => {
    const reply = await call(sandbox, "GET", "/api/v1/auth/acquirer/not-the-token-123");
    const body = expectDiiaError(reply, 401);
    expect(body.name).toBe("UnauthorizedError");
    expect(JSON.stringify(body)).not.toContain("not-the-token-123");
  });

  it("when the session token is missing or unknown, then partner calls answer 401", async () => {
    expectDiiaError(await call(sandbox, "GET", "/api/v2/acquirers/branches"), 401);
    expectDiiaError(await call(sandbox, "GET", "/api/v2/acquirers/branches", { token: "forged" }), 401);
  });

  it("when a Basic auth_acquirer_token is configured, then auth requires it", async () => {
    const strict = await startSandbox({ authAcquirerToken: "basic-secret-42" });
    try {
      const path = `/api/v1/auth/acquirer/${strict.state.store.acquirerToken}`;
      expectDiiaError(await call(strict, "GET", path), 401);
      expectDiiaError(
        await call(strict, "GET", path, { headers: { Authorization: "Basic wrong-one" } }),
        401,
      );
      const ok = await call(strict, "GET", path, { headers: { Authorization: "Basic basic-secret-42" } });
      expect(ok.status).toBe(200);
      SessionTokenResponseSchema.parse(ok.body);
    } finally {
      await strict.close();
    }
  });

  it("when a session outlives its lifetime, then it is refused", async () => {
    const shortLived = await startSandbox({ sessionLifetimeMs: 500 });
    try {
      const session = await sessionToken(shortLived);
      expect((await call(shortLived, "GET", "/api/v2/acquirers/branches", { token: session })).status).toBe(
        200,
      );
      await new Promise((r) => setTimeout(r, 550));
      const body = expectDiiaError(
        await call(shortLived, "GET", "/api/v2/acquirers/branches", { token: session }),
        401,
      );
      expect(body.message).toMatch(/expired/);
    } finally {
      await shortLived.close();
    }
  });

  it("issues 2-hour sessions by default", async () => {
    const [session] = sandbox.state.store.data.sessions.slice(-1);
    const lifetime = Date.parse(session?.expiresAt ?? "") - Date.now();
    expect(lifetime).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(lifetime).toBeLessThanOrEqual(2 * 3600_000);
  });
});

describe("branches (v2)", () => {
  it("creates, reads, lists, updates (tolerating _id in the body) and deletes a branch", async () => {
    const id = await createBranch();
    expect(id).toMatch(/^[0-9a-f]{128}$/);

    const got = await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token });
    expect(got.status).toBe(200);
    expect(BranchSchema.parse(got.body)).toEqual({ _id: id, ...branchBody() });

    const updated = { ...branchBody(), _id: id, name: "Відділення 2" };
    const put = await call(sandbox, "PUT", `/api/v2/acquirers/branch/${id}`, { token, body: updated });
    expect(put.status).toBe(200);
    expect(IdResponseSchema.parse(put.body)).toEqual({ _id: id });

    const list = await call(sandbox, "GET", "/api/v2/acquirers/branches?skip=0&limit=10", { token });
    const parsed = BranchListResponseSchema.parse(list.body);
    expect(parsed.total).toBe(1);
    expect(parsed.branches[0]?.name).toBe("Відділення 2");

    const del = await call(sandbox, "DELETE", `/api/v2/acquirers/branch/${id}`, { token });
    expect(del.status).toBe(200);
    const gone = expectDiiaError(
      await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token }),
      404,
    );
    expect(gone.name).toBe("NotFoundError");
  });

  it("pages with skip/limit and reports the total", async () => {
    const ids = [];
    for (let i = 0; i < 5; i++) ids.push(await createBranch());
    const reply = await call(sandbox, "GET", "/api/v2/acquirers/branches?skip=1&limit=2", { token });
    const page = BranchListResponseSchema.parse(reply.body);
    expect(page.total).toBe(5);
    expect(page.branches.map((b) => b._id)).toEqual(ids.slice(1, 3));
    const bad = expectDiiaError(
      await call(sandbox, "GET", "/api/v2/acquirers/branches?limit=-1", { token }),
      422,
    );
    expect(bad.message).toBe("Parameter validation error");
  });

  it("when the body is invalid, then 422 'Parameter validation error' lists each field", async () => {
    const body = { ...branchBody(), name: "", email: "nope", scopes: { sharing: ["library-card"] } };
    const reply = await call(sandbox, "POST", "/api/v2/acquirers/branch", { token, body });
    const error = expectDiiaError(reply, 422);
    expect(error.name).toBe("ValidationError");
    expect(error.message).toBe("Parameter validation error");
    const fields = (error.data as { errors: { field: string; type: string; message: string }[] }).errors.map(
      (e) => e.field,
    );
    expect(fields).toEqual(expect.arrayContaining(["name", "email", "scopes.sharing.0"]));
  });

  it("when the JSON is malformed, then 400 with Diia's error body", async () => {
    const response = await fetch(`${sandbox.url}/api/v2/acquirers/branch`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "application/json; charset=utf-8" },
      body: "{not json",
    });
    expectDiiaError({ status: response.status, body: await response.json() }, 400);
  });
});

describe("offers (v1)", () => {
  it("creates, lists and deletes offers; there is no update route", async () => {
    const branchId = await createBranch();
    const offer = {
      name: "Відкриття рахунку",
      returnLink: "https://bank.example/back",
      scopes: { sharing: ["passport"] },
    };
    const created = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: offer,
    });
    expect(created.status).toBe(200);
    const { _id } = IdResponseSchema.parse(created.body);

    const list = await call(sandbox, "GET", `/api/v1/acquirers/branch/${branchId}/offers?skip=0&limit=5`, {
      token,
    });
    expect(OfferListResponseSchema.parse(list.body)).toEqual({ total: 1, offers: [{ _id, ...offer }] });

    const put = await call(sandbox, "PUT", `/api/v1/acquirers/branch/${branchId}/offer/${_id}`, {
      token,
      body: offer,
    });
    expectDiiaError(put, 404);

    const del = await call(sandbox, "DELETE", `/api/v1/acquirers/branch/${branchId}/offer/${_id}`, { token });
    expect(del.status).toBe(200);
    const after = await call(sandbox, "GET", `/api/v1/acquirers/branch/${branchId}/offers`, { token });
    expect(OfferListResponseSchema.parse(after.body)).toEqual({ total: 0, offers: [] });
  });

  it("when an offer asks for more than its branch may, then 403 forbidden", async () => {
    const branchId = await createBranch({ sharing: ["taxpayer-card"] });
    const offer = { name: "Права", scopes: { sharing: ["driver-license"] } };
    const reply = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: offer,
    });
    const error = expectDiiaError(reply, 403);
    expect(error.message.toLowerCase()).toContain("forbidden");
  });

  it("accepts a concrete passport type under a branch's passport scope", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const offer = { name: "ID", scopes: { sharing: ["internal-passport"] } };
    const reply = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: offer,
    });
    expect(reply.status).toBe(200);
  });

  it("when the branch is unknown, then 404", async () => {
    const offer = { name: "X", scopes: { sharing: ["passport"] } };
    expectDiiaError(
      await call(sandbox, "POST", "/api/v1/acquirers/branch/abc/offer", { token, body: offer }),
      404,
    );
  });
});

describe("dynamic offer-request (deeplink)", () => {
  it("answers a deeplink of Diia's form and opens a pending consent without a citizen", async () => {
    const branchId = await createBranch();
    const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Відкриття рахунку", scopes: { sharing: ["passport", "taxpayer-card"] } },
    });
    const reply = await call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
      token,
      body: { offerId: offer.body._id, requestId: "req-42", returnLink: "https://bank.example/done" },
    });
    expect(reply.status).toBe(200);
    const { deeplink } = DeeplinkResponseSchema.parse(reply.body);
    expect(deeplink).toMatch(/^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\/[0-9a-f]{32}$/);

    const pending = await control(sandbox, "GET", "/consents?status=pending");
    expect(pending.body.consents).toEqual([
      expect.objectContaining({
        citizenId: null,
        flow: "deeplink",
        requestId: "req-42",
        offerName: "Відкриття рахунку",
        partnerName: "АТ «Демо Банк»",
        branchName: "Відділення 1",
        branchAddress: "Київська обл., м. Вишневе, вул. Святошинська, 2",
        documentTypes: ["passport", "taxpayer-card"],
        deeplink,
        returnLink: "https://bank.example/done",
      }),
    ]);

    // Opening the link in a browser pointed at the sandbox lands on the phone page with the link.
    const landing = await fetch(`${sandbox.url}${new URL(deeplink).pathname}`, { redirect: "manual" });
    expect(landing.status).toBe(302);
    expect(landing.headers.get("location")).toBe(`/phone/?deeplink=${encodeURIComponent(deeplink)}`);
  });

  it("when the offer is not in the branch, then 404; when the body is incomplete, then 422", async () => {
    const branchId = await createBranch();
    const path = `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`;
    expectDiiaError(
      await call(sandbox, "POST", path, { token, body: { offerId: "nope", requestId: "r" } }),
      404,
    );
    expectDiiaError(await call(sandbox, "POST", path, { token, body: { requestId: "r" } }), 422);
  });
});

describe("persistence", () => {
  it("keeps branches, offers, the acquirer token and sessions across a restart", async () => {
    const first = await startSandbox();
    const session = await sessionToken(first);
    const created = await call(first, "POST", "/api/v2/acquirers/branch", {
      token: session,
      body: branchBody(),
    });
    const acquirerToken = first.state.store.acquirerToken;
    await first.stop();

    const second = await startSandbox({ dataDir: first.dataDir });
    try {
      expect(second.state.store.acquirerToken).toBe(acquirerToken);
      const got = await call(second, "GET", `/api/v2/acquirers/branch/${created.body._id}`, {
        token: session,
      });
      expect(got.status).toBe(200);
      expect(got.body.name).toBe(branchBody().name);
    } finally {
      await first.close();
      await second.stop();
    }
  });
});
