// The sandbox through the real @stiika/diia client: what the Stiika server will do, end to end over HTTP.
import { createDiiaClient, type DiiaApiError, type DiiaClient } from "@stiika/diia";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { branchBody, control, startSandbox, type TestSandbox } from "./helpers.ts";

let sandbox: TestSandbox;
let diia: DiiaClient;

beforeAll(async () => {
  sandbox = await startSandbox({ authAcquirerToken: "auth-acquirer-secret" });
  diia = createDiiaClient({
    baseUrl: sandbox.url,
    acquirerToken: sandbox.state.store.acquirerToken,
    authAcquirerToken: "auth-acquirer-secret",
    retries: 0,
  });
});
afterAll(async () => {
  await sandbox.close();
});
beforeEach(async () => {
  await control(sandbox, "POST", "/reset");
});

async function liveBarcode(citizenId: string, type: string) {
  const { body } = await control(sandbox, "GET", "/citizens");
  const citizen = body.citizens.find((c: { id: string }) => c.id === citizenId);
  return citizen.documents.find((d: { type: string }) => d.type === type) as {
    barcode: { code: string };
    qr: { link: string };
  };
}

async function failure(promise: Promise<unknown>): Promise<DiiaApiError> {
  try {
    await promise;
  } catch (error) {
    return error as DiiaApiError;
  }
  throw new Error("expected the call to fail");
}

describe("createDiiaClient against the sandbox", () => {
  it("branches and offers: create, get, list, update, delete", async () => {
    const input = branchBody() as Parameters<DiiaClient["branches"]["create"]>[0];
    const { _id } = await diia.branches.create(input);
    const branch = await diia.branches.get(_id);
    expect(branch).toEqual({ _id, ...input });
    expect(await diia.branches.update(_id, { ...input, _id, name: "Відділення 9" })).toEqual({ _id });
    expect(await diia.branches.list({ skip: 0, limit: 5 })).toMatchObject({
      total: 1,
      branches: [{ _id, name: "Відділення 9" }],
    });

    const offer = await diia.offers.create(_id, { name: "Рахунок", scopes: { sharing: ["passport"] } });
    expect(await diia.offers.list(_id)).toEqual({
      total: 1,
      offers: [{ _id: offer._id, name: "Рахунок", scopes: { sharing: ["passport"] } }],
    });
    await diia.offers.delete(_id, offer._id);
    expect((await diia.offers.list(_id)).total).toBe(0);
    await diia.branches.delete(_id);
    expect((await diia.branches.list()).total).toBe(0);
  });

  it("sharing: deeplink, barcode and QR requests, identification", async () => {
    const input = branchBody({
      sharing: ["passport", "taxpayer-card"],
      documentIdentification: ["internal-passport"],
    }) as Parameters<DiiaClient["branches"]["create"]>[0];
    const { _id: branchId } = await diia.branches.create(input);
    const offer = await diia.offers.create(branchId, { name: "Рахунок", scopes: { sharing: ["passport"] } });
    const { deeplink } = await diia.sharing.createDeeplink(branchId, {
      offerId: offer._id,
      requestId: "dl-1",
    });
    expect(deeplink.startsWith("https://diia.app/acquirers/offer-request/dynamic/")).toBe(true);

    const passport = await liveBarcode("olena-kovalenko", "internal-passport");
    expect(
      await diia.sharing.requestDocumentsByBarcode({
        branchId,
        barcode: passport.barcode.code,
        requestId: "bc-1",
      }),
    ).toEqual({ success: true });
    const card = await liveBarcode("olena-kovalenko", "taxpayer-card");
    expect(
      await diia.sharing.requestDocumentsByQrcode({ branchId, qrcode: card.qr.link, requestId: "qr-1" }),
    ).toEqual({
      success: true,
    });
    const other = await liveBarcode("oleh-kravchuk", "internal-passport");
    expect(await diia.sharing.identifyDocument({ branchId, barcode: other.barcode.code })).toEqual({
      success: true,
    });

    const pending = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    expect(pending.map((c: { requestId: string }) => c.requestId).sort()).toEqual(["bc-1", "dl-1", "qr-1"]);
  });

  it("surfaces Diia's error bodies: a used code is an HTTP 400 with Diia's message", async () => {
    const { _id: branchId } = await diia.branches.create(
      branchBody({ sharing: ["passport"] }) as Parameters<DiiaClient["branches"]["create"]>[0],
    );
    const passport = await liveBarcode("andrii-shevchenko", "internal-passport");
    await diia.sharing.requestDocumentsByBarcode({
      branchId,
      barcode: passport.barcode.code,
      requestId: "a",
    });
    const error = await failure(
      diia.sharing.requestDocumentsByBarcode({ branchId, barcode: passport.barcode.code, requestId: "b" }),
    );
    expect(error).toMatchObject({ code: "HTTP_ERROR", status: 400 });
    expect(error.diiaError).toMatchObject({ code: 400, message: "This code has been used already!" });
  });

  it("a wrong acquirer token is UNAUTHORIZED", async () => {
    const stranger = createDiiaClient({ baseUrl: sandbox.url, acquirerToken: "wrong-token-123", retries: 0 });
    expect(await failure(stranger.branches.list())).toMatchObject({ code: "UNAUTHORIZED", status: 401 });
  });
});
