// Every endpoint against a real HTTP server: what Diia receives (method, path, headers, body) and what we return.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDiiaClient, type DiiaClient } from "../../src/index.ts";
import {
  ACQUIRER_TOKEN,
  AUTH_ACQUIRER_TOKEN,
  type FakeDiia,
  type Received,
  sampleBranch,
  sessionToken,
  startFakeDiia,
} from "./fake-diia.ts";

const BRANCH_ID = "a".repeat(24);
const OFFER_ID = "b".repeat(24);

const branch = sampleBranch;

let diia: FakeDiia;
let client: DiiaClient;

beforeEach(async () => {
  diia = await startFakeDiia();
  client = createDiiaClient({
    baseUrl: `${diia.url}/`,
    acquirerToken: ACQUIRER_TOKEN,
    authAcquirerToken: AUTH_ACQUIRER_TOKEN,
  });
});
afterEach(() => diia.close());

function only(): Received {
  const calls = diia.calls();
  expect(calls).toHaveLength(1);
  return calls[0] as Received;
}

function expectJsonCall(r: Received, method: string, url: string, body: unknown) {
  expect(r.method).toBe(method);
  expect(r.url).toBe(url);
  expect(r.headers.accept).toBe("application/json");
  expect(r.headers.authorization).toBe(`Bearer ${sessionToken(1)}`);
  expect(r.headers["content-type"]).toBe("application/json; charset=utf-8");
  expect(JSON.parse(r.body)).toEqual(body);
}

function expectBodilessCall(r: Received, method: string, url: string, accept: string) {
  expect(r.method).toBe(method);
  expect(r.url).toBe(url);
  expect(r.headers.accept).toBe(accept);
  expect(r.headers.authorization).toBe(`Bearer ${sessionToken(1)}`);
  expect(r.headers["content-type"]).toBeUndefined();
  expect(r.body).toBe("");
}

describe("session", () => {
  it("when the first call is made, then it fetches the session token with the acquirer token in the path and Basic auth", async () => {
    diia.handle(() => ({ body: { total: 0, branches: [] } }));
    await client.branches.list();
    const auth = diia.received[0] as Received;
    expect(auth.method).toBe("GET");
    expect(auth.url).toBe(`/api/v1/auth/acquirer/${ACQUIRER_TOKEN}`);
    expect(auth.headers.accept).toBe("application/json");
    expect(auth.headers.authorization).toBe(`Basic ${AUTH_ACQUIRER_TOKEN}`);
    expect(auth.body).toBe("");
  });

  it("when no authAcquirerToken is configured, then the auth call carries no Authorization header", async () => {
    const bare = createDiiaClient({ baseUrl: diia.url, acquirerToken: ACQUIRER_TOKEN });
    diia.handle(() => ({ body: { total: 0, branches: [] } }));
    await bare.branches.list();
    expect(diia.received[0]?.headers.authorization).toBeUndefined();
    expect(diia.received[1]?.headers.authorization).toBe(`Bearer ${sessionToken(1)}`);
  });
});

describe("branches (v2)", () => {
  it("create POSTs the branch and returns its _id", async () => {
    diia.handle(() => ({ body: { _id: BRANCH_ID } }));
    await expect(client.branches.create(branch)).resolves.toEqual({ _id: BRANCH_ID });
    expectJsonCall(only(), "POST", "/api/v2/acquirers/branch", branch);
  });

  it("get GETs one branch and returns it with its _id", async () => {
    diia.handle(() => ({ body: { ...branch, _id: BRANCH_ID } }));
    await expect(client.branches.get(BRANCH_ID)).resolves.toEqual({ ...branch, _id: BRANCH_ID });
    expectBodilessCall(only(), "GET", `/api/v2/acquirers/branch/${BRANCH_ID}`, "application/json");
  });

  it("list sends skip and limit and returns total and branches", async () => {
    diia.handle(() => ({ body: { total: 3, branches: [{ ...branch, _id: BRANCH_ID }] } }));
    await expect(client.branches.list({ skip: 2, limit: 1 })).resolves.toEqual({
      total: 3,
      branches: [{ ...branch, _id: BRANCH_ID }],
    });
    expectBodilessCall(only(), "GET", "/api/v2/acquirers/branches?skip=2&limit=1", "application/json");
  });

  it("list without paging sends no query", async () => {
    diia.handle(() => ({ body: { total: 0, branches: [] } }));
    await expect(client.branches.list()).resolves.toEqual({ total: 0, branches: [] });
    expect(only().url).toBe("/api/v2/acquirers/branches");
  });

  it("update PUTs the full object with _id, also when given a fetched branch", async () => {
    diia.handle(() => ({ body: { _id: BRANCH_ID } }));
    const renamed = { ...branch, _id: BRANCH_ID, name: "Відділення 2" };
    await expect(client.branches.update(BRANCH_ID, renamed)).resolves.toEqual({ _id: BRANCH_ID });
    expectJsonCall(only(), "PUT", `/api/v2/acquirers/branch/${BRANCH_ID}`, renamed);
  });

  it("delete sends DELETE with Accept */* and tolerates an empty 200 and a 204", async () => {
    diia.handle((_r, i) => (i === 1 ? { status: 200 } : { status: 204 }));
    await expect(client.branches.delete(BRANCH_ID)).resolves.toBeUndefined();
    await expect(client.branches.delete(BRANCH_ID)).resolves.toBeUndefined();
    const calls = diia.calls();
    expect(calls).toHaveLength(2);
    for (const call of calls)
      expectBodilessCall(call, "DELETE", `/api/v2/acquirers/branch/${BRANCH_ID}`, "*/*");
  });

  it("ids are escaped in the path", async () => {
    diia.handle(() => ({ body: { ...branch, _id: "a/b?c" } }));
    await client.branches.get("a/b?c");
    expect(only().url).toBe("/api/v2/acquirers/branch/a%2Fb%3Fc");
  });
});

describe("offers (v1)", () => {
  const offer = {
    name: "Відкриття рахунку",
    returnLink: "https://bank.ua/done",
    scopes: { sharing: ["passport" as const] },
  };

  it("create POSTs the offer under its branch", async () => {
    diia.handle(() => ({ body: { _id: OFFER_ID } }));
    await expect(client.offers.create(BRANCH_ID, offer)).resolves.toEqual({ _id: OFFER_ID });
    expectJsonCall(only(), "POST", `/api/v1/acquirers/branch/${BRANCH_ID}/offer`, offer);
  });

  it("list sends skip and limit and returns total and offers", async () => {
    diia.handle(() => ({ body: { total: 1, offers: [{ ...offer, _id: OFFER_ID }] } }));
    await expect(client.offers.list(BRANCH_ID, { skip: 0, limit: 50 })).resolves.toEqual({
      total: 1,
      offers: [{ ...offer, _id: OFFER_ID }],
    });
    expectBodilessCall(
      only(),
      "GET",
      `/api/v1/acquirers/branch/${BRANCH_ID}/offers?skip=0&limit=50`,
      "application/json",
    );
  });

  it("delete sends DELETE with Accept */*", async () => {
    diia.handle(() => ({ status: 204 }));
    await expect(client.offers.delete(BRANCH_ID, OFFER_ID)).resolves.toBeUndefined();
    expectBodilessCall(only(), "DELETE", `/api/v1/acquirers/branch/${BRANCH_ID}/offer/${OFFER_ID}`, "*/*");
  });
});

describe("sharing", () => {
  it("createDeeplink POSTs the dynamic offer-request (v2) and returns the deeplink", async () => {
    const deeplink = "https://diia.app/acquirers/offer-request/dynamic/9954";
    diia.handle(() => ({ body: { deeplink } }));
    const request = {
      offerId: OFFER_ID,
      requestId: "0b7f8f9e-5d2c-4c1e-9d7a-3f5e6b8c9d0a",
      returnLink: "https://bank.ua/back",
      useDiiaId: false,
      signAlgo: "DSTU" as const,
      data: {
        hashedFilesSigning: {
          hashedFiles: [{ fileName: "1.pdf", fileHash: "HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=" }],
        },
      },
    };
    await expect(client.sharing.createDeeplink(BRANCH_ID, request)).resolves.toEqual({ deeplink });
    expectJsonCall(only(), "POST", `/api/v2/acquirers/branch/${BRANCH_ID}/offer-request/dynamic`, request);
  });

  it("requestDocumentsByBarcode POSTs document-request with the barcode", async () => {
    diia.handle(() => ({ body: { success: true } }));
    const request = { branchId: BRANCH_ID, barcode: "2858364170864", requestId: "r-1" };
    await expect(client.sharing.requestDocumentsByBarcode(request)).resolves.toEqual({ success: true });
    expectJsonCall(only(), "POST", "/api/v1/acquirers/document-request", request);
  });

  it("requestDocumentsByQrcode POSTs document-request with the QR content", async () => {
    diia.handle(() => ({ body: { success: false } }));
    const request = {
      branchId: BRANCH_ID,
      qrcode: "https://diia.app/documents/internal-passport/123/verify/0b7f8f9e-5d2c-4c1e-9d7a-3f5e6b8c9d0a",
      requestId: "r-2",
      useDiiaId: true,
    };
    await expect(client.sharing.requestDocumentsByQrcode(request)).resolves.toEqual({ success: false });
    expectJsonCall(only(), "POST", "/api/v1/acquirers/document-request", request);
  });

  it("identifyDocument POSTs document-identification", async () => {
    diia.handle(() => ({ body: { success: true } }));
    const request = { branchId: BRANCH_ID, barcode: "2858364170864" };
    await expect(client.sharing.identifyDocument(request)).resolves.toEqual({ success: true });
    expectJsonCall(only(), "POST", "/api/v1/acquirers/document-identification", request);
  });
});
