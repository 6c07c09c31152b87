// getDocumentRequestStatus: the undocumented status routes (spec §3 "also routed in GW" [?]) over real HTTP.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDiiaClient, DiiaApiError, type DiiaClient } from "../../src/index.ts";
import { ACQUIRER_TOKEN, type FakeDiia, type Received, sessionToken, startFakeDiia } from "./fake-diia.ts";

let diia: FakeDiia;
let client: DiiaClient;

beforeEach(async () => {
  diia = await startFakeDiia();
  client = createDiiaClient({ baseUrl: diia.url, acquirerToken: ACQUIRER_TOKEN, retryBaseDelayMs: 1 });
});
afterEach(() => diia.close());

function only(): Received {
  const calls = diia.calls();
  expect(calls).toHaveLength(1);
  return calls[0] as Received;
}

describe("getDocumentRequestStatus", () => {
  it("when asked for a barcode request, then it GETs document-request/status with barcode and requestId", async () => {
    diia.handle(() => ({ body: { status: "declined" } }));
    const result = await client.sharing.getDocumentRequestStatus({
      flow: "document-request",
      requestId: "r 1/&=",
      barcode: "2858364170864",
    });
    expect(result).toEqual({ status: "declined" });
    const call = only();
    expect(call.method).toBe("GET");
    expect(call.url).toBe(
      "/api/v1/acquirers/document-request/status?barcode=2858364170864&requestId=r+1%2F%26%3D",
    );
    expect(call.headers.authorization).toBe(`Bearer ${sessionToken(1)}`);
  });

  it("when asked for a deeplink request, then it GETs offer-request/status with otp and requestId", async () => {
    diia.handle(() => ({ body: { status: "pending", extra: 1 } }));
    const result = await client.sharing.getDocumentRequestStatus({
      flow: "offer-request",
      requestId: "r-2",
      otp: "abc",
    });
    expect(result.status).toBe("pending");
    expect(only().url).toBe("/api/v1/acquirers/offer-request/status?otp=abc&requestId=r-2");
  });

  it("when Diia answers a status value nobody documented, then it is passed through", async () => {
    diia.handle(() => ({ body: { status: "processing" } }));
    const r = await client.sharing.getDocumentRequestStatus({
      flow: "offer-request",
      requestId: "r",
      otp: "o",
    });
    expect(r.status).toBe("processing");
  });

  it("when the route is missing, then it fails HTTP_ERROR 404 (callers stop polling)", async () => {
    diia.handle(() => ({
      status: 404,
      body: { name: "NotFoundError", message: "Not found", code: 404, data: {} },
    }));
    const error = await client.sharing
      .getDocumentRequestStatus({ flow: "offer-request", requestId: "r", otp: "o" })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiiaApiError);
    expect((error as DiiaApiError).code).toBe("HTTP_ERROR");
    expect((error as DiiaApiError).status).toBe(404);
  });

  it("when the query is invalid, then nothing is sent and it fails BAD_REQUEST", async () => {
    const error = await client.sharing
      .getDocumentRequestStatus({ flow: "document-request", requestId: "r", barcode: "12" })
      .catch((e: unknown) => e);
    expect((error as DiiaApiError).code).toBe("BAD_REQUEST");
    expect(diia.received).toHaveLength(0);
  });
});

describe("getDocumentRequestStatus for a QR share", () => {
  it("when only the QR otp is known, then it GETs document-request/status with otp and requestId", async () => {
    diia.handle(() => ({ body: { status: "approved" } }));
    const r = await client.sharing.getDocumentRequestStatus({
      flow: "document-request",
      requestId: "q",
      otp: "o-1",
    });
    expect(r.status).toBe("approved");
    expect(only().url).toBe("/api/v1/acquirers/document-request/status?otp=o-1&requestId=q");
  });
});
