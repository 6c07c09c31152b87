// Codes, document-request (barcode / QR), document-identification and consents, through the wire and the
// control API the phone page uses.
import { DiiaErrorBodySchema, DiiaExpiredCodeDataSchema, isValidEan13, parseDiiaQr } from "@stiika/diia";
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

type DocView = {
  id: string;
  type: string;
  title: string;
  barcode: { code: string; expiresAt: string };
  qr: { link: string; expiresAt: string };
};

async function documentOf(citizenId: string, type: string, target = sandbox): Promise<DocView> {
  const { body } = await control(target, "GET", "/citizens");
  const citizen = body.citizens.find((c: { id: string }) => c.id === citizenId);
  const doc = citizen?.documents.find((d: DocView) => d.type === type);
  if (!doc) throw new Error(`${citizenId} has no ${type}`);
  return doc;
}

async function createBranch(scopes: Record<string, string[]>, target = sandbox, session = token) {
  const reply = await call(target, "POST", "/api/v2/acquirers/branch", {
    token: session,
    body: branchBody(scopes),
  });
  return reply.body._id as string;
}

const requestDocument = (body: Record<string, unknown>, target = sandbox, session = token) =>
  call(target, "POST", "/api/v1/acquirers/document-request", { token: session, body });

const diiaError = (reply: { status: number; body: unknown }) => DiiaErrorBodySchema.parse(reply.body);

describe("live codes", () => {
  it("every demo document shows a live EAN-13 barcode and a Diia verify-link QR living 3 minutes", async () => {
    const { body } = await control(sandbox, "GET", "/citizens");
    expect(body.citizens.length).toBeGreaterThanOrEqual(6);
    for (const citizen of body.citizens) {
      for (const doc of citizen.documents as DocView[]) {
        expect(isValidEan13(doc.barcode.code)).toBe(true);
        expect(doc.barcode.code[0]).not.toBe("0");
        expect(parseDiiaQr(doc.qr.link)).toMatchObject({ documentType: doc.type, documentId: doc.id });
        const life = Date.parse(doc.barcode.expiresAt) - Date.now();
        expect(life).toBeGreaterThan(170_000);
        expect(life).toBeLessThanOrEqual(180_000);
      }
    }
  });

  it("keeps the code while live, and renews it on request", async () => {
    const first = await documentOf("olena-kovalenko", "internal-passport");
    expect((await documentOf("olena-kovalenko", "internal-passport")).barcode.code).toBe(first.barcode.code);
    const renewed = await control(sandbox, "POST", `/citizens/olena-kovalenko/documents/${first.id}/codes`);
    expect(renewed.status).toBe(200);
    expect(renewed.body.document.id).toBe(first.id);
    expect(renewed.body.document.barcode.code).not.toBe(first.barcode.code);
    expect(renewed.body.document.qr.link).not.toBe(first.qr.link);
  });

  it("when a code expires, then the phone gets a new one", async () => {
    const quick = await startSandbox({ codeLifetimeMs: 40 });
    try {
      const before = await documentOf("oleh-kravchuk", "driver-license", quick);
      await new Promise((r) => setTimeout(r, 60));
      const after = await documentOf("oleh-kravchuk", "driver-license", quick);
      expect(after.barcode.code).not.toBe(before.barcode.code);
    } finally {
      await quick.close();
    }
  });
});

describe("document-request", () => {
  it("by barcode: success, a pending consent for the code's citizen and document, and the code is spent", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("olena-kovalenko", "internal-passport");
    const reply = await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "req-bc-1" });
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({ success: true });

    const { body } = await control(sandbox, "GET", "/consents?status=pending&citizenId=olena-kovalenko");
    expect(body.consents).toEqual([
      expect.objectContaining({
        citizenId: "olena-kovalenko",
        flow: "barcode",
        requestId: "req-bc-1",
        documentTypes: ["internal-passport"],
        partnerName: branchBody().customFullName,
        branchName: branchBody().name,
        branchAddress: branchBody().customFullAddress,
      }),
    ]);

    const again = await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "req-bc-2" });
    expect(again.status).toBe(400);
    expect(diiaError(again)).toMatchObject({ code: 400, message: "This code has been used already!" });
    // The phone shows a fresh code once the old one is used.
    expect((await documentOf("olena-kovalenko", "internal-passport")).barcode.code).not.toBe(
      doc.barcode.code,
    );
  });

  it("by QR: the whole verify link and the bare otp both work, once", async () => {
    const branchId = await createBranch({ sharing: ["taxpayer-card", "driver-license"] });
    const card = await documentOf("oleh-kravchuk", "taxpayer-card");
    const byLink = await requestDocument({ branchId, qrcode: card.qr.link, requestId: "req-qr-1" });
    expect(byLink.body).toEqual({ success: true });
    const licence = await documentOf("oleh-kravchuk", "driver-license");
    const byOtp = await requestDocument({
      branchId,
      qrcode: parseDiiaQr(licence.qr.link).otp,
      requestId: "req-qr-2",
    });
    expect(byOtp.body).toEqual({ success: true });
    const used = await requestDocument({ branchId, qrcode: card.qr.link, requestId: "req-qr-3" });
    expect(diiaError(used)).toMatchObject({ code: 400, message: "This code has been used already!" });
    const { body } = await control(sandbox, "GET", "/consents?status=pending");
    expect(body.consents.map((c: { flow: string }) => c.flow)).toEqual(["qrcode", "qrcode"]);
  });

  it("when the barcode was never issued, then 404 'No otp record with presented barcode!'", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const reply = await requestDocument({ branchId, barcode: "4006381333931", requestId: "r" });
    expect(reply.status).toBe(404);
    expect(diiaError(reply)).toMatchObject({ code: 404, message: "No otp record with presented barcode!" });
  });

  it("when the code expired (forced by the control fault), then 400 'Code has been expired!' with the times", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("nataliia-tkachenko", "internal-passport");
    const expired = await control(
      sandbox,
      "POST",
      `/citizens/nataliia-tkachenko/documents/${doc.id}/codes/expire`,
    );
    expect(expired.body.expired.barcode).toBe(doc.barcode.code);
    const reply = await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "r" });
    expect(reply.status).toBe(400);
    const error = diiaError(reply);
    expect(error.message).toBe("Code has been expired!");
    const data = DiiaExpiredCodeDataSchema.parse(error.data);
    expect(Date.parse(String(data.expirationDate))).toBeLessThan(Date.parse(String(data.now)));
    expect(await control(sandbox, "GET", "/consents")).toMatchObject({ body: { consents: [] } });
  });

  it("when a code runs out its 3 minutes (shortened here), then it is expired too", async () => {
    const quick = await startSandbox({ codeLifetimeMs: 40 });
    try {
      const session = await sessionToken(quick);
      const branchId = await createBranch({ sharing: ["passport"] }, quick, session);
      const doc = await documentOf("olena-kovalenko", "internal-passport", quick);
      await new Promise((r) => setTimeout(r, 60));
      const reply = await requestDocument(
        { branchId, barcode: doc.barcode.code, requestId: "r" },
        quick,
        session,
      );
      expect(diiaError(reply)).toMatchObject({ code: 400, message: "Code has been expired!" });
    } finally {
      await quick.close();
    }
  });

  it("when the branch may not ask for the document's type, then 403 forbidden and the code stays usable", async () => {
    const cardsOnly = await createBranch({ sharing: ["taxpayer-card"] });
    const passports = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("andrii-shevchenko", "internal-passport");
    const refused = await requestDocument({
      branchId: cardsOnly,
      barcode: doc.barcode.code,
      requestId: "r1",
    });
    expect(refused.status).toBe(403);
    expect(diiaError(refused).message.toLowerCase()).toContain("forbidden");
    const accepted = await requestDocument({
      branchId: passports,
      barcode: doc.barcode.code,
      requestId: "r2",
    });
    expect(accepted.body).toEqual({ success: true });
  });

  it("a passport scope covers a foreign passport", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("dmytro-melnyk", "foreign-passport");
    const reply = await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "r" });
    expect(reply.body).toEqual({ success: true });
  });

  it("when the body carries both barcode and qrcode, or the branch is unknown, then 422 / 404", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("olena-kovalenko", "internal-passport");
    const both = await requestDocument({
      branchId,
      barcode: doc.barcode.code,
      qrcode: doc.qr.link,
      requestId: "r",
    });
    expect(diiaError(both)).toMatchObject({ code: 422, message: "Parameter validation error" });
    const unknown = await requestDocument({ branchId: "nope", barcode: doc.barcode.code, requestId: "r" });
    expect(diiaError(unknown)).toMatchObject({ code: 404, name: "NotFoundError" });
  });
});

describe("document-identification", () => {
  const identify = (body: Record<string, unknown>) =>
    call(sandbox, "POST", "/api/v1/acquirers/document-identification", { token, body });

  it("answers by the document's real validity and spends the code", async () => {
    const branchId = await createBranch({ documentIdentification: ["internal-passport", "taxpayer-card"] });
    const valid = await documentOf("olena-kovalenko", "internal-passport"); // valid until 22.07.2029
    const expiredPassport = await documentOf("iryna-bondarenko", "internal-passport"); // expired 15.03.2026
    expect((await identify({ branchId, barcode: valid.barcode.code })).body).toEqual({ success: true });
    expect((await identify({ branchId, barcode: expiredPassport.barcode.code })).body).toEqual({
      success: false,
    });
    const again = await identify({ branchId, barcode: valid.barcode.code });
    expect(diiaError(again)).toMatchObject({ code: 400, message: "This code has been used already!" });
    // Validation shares nothing: no consent is created.
    expect((await control(sandbox, "GET", "/consents")).body.consents).toEqual([]);
  });

  it("refuses types outside the branch's documentIdentification scope, and unknown or expired codes", async () => {
    const branchId = await createBranch({ documentIdentification: ["internal-passport"] });
    const card = await documentOf("olena-kovalenko", "taxpayer-card");
    expect(diiaError(await identify({ branchId, barcode: card.barcode.code }))).toMatchObject({
      code: 403,
      message: "Access forbidden: the branch may not validate this document type",
      data: { documentType: "taxpayer-card" },
    });
    // A refusal spends nothing: a branch that may check the card still can.
    const wider = await createBranch({ documentIdentification: ["internal-passport", "taxpayer-card"] });
    expect((await identify({ branchId: wider, barcode: card.barcode.code })).body).toEqual({ success: true });
    const licence = await documentOf("olena-kovalenko", "driver-license");
    expect(diiaError(await identify({ branchId: wider, barcode: licence.barcode.code }))).toMatchObject({
      code: 403,
      message: "Access forbidden: this document type cannot be validated",
      data: { documentType: "driver-license" },
    });
    expect(diiaError(await identify({ branchId, barcode: "4006381333931" }))).toMatchObject({ code: 404 });
    const doc = await documentOf("oleh-kravchuk", "internal-passport");
    await control(sandbox, "POST", `/citizens/oleh-kravchuk/documents/${doc.id}/codes/expire`);
    expect(diiaError(await identify({ branchId, barcode: doc.barcode.code }))).toMatchObject({
      code: 400,
      message: "Code has been expired!",
    });
  });
});

describe("consents", () => {
  async function deeplinkConsent(sharing: string[]) {
    const branchId = await createBranch({ sharing });
    const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Оренда авто", scopes: { sharing } },
    });
    const reply = await call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
      token,
      body: { offerId: offer.body._id, requestId: "req-dl" },
    });
    return reply.body.deeplink as string;
  }

  it("decline: the consent is declined and nothing is delivered", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("olena-kovalenko", "internal-passport");
    await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "r" });
    const [consent] = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    const declined = await control(sandbox, "POST", `/consents/${consent.id}/decline`);
    expect(declined.body.consent).toMatchObject({ id: consent.id, status: "declined", deliveryId: null });
    expect((await control(sandbox, "GET", "/deliveries")).body.deliveries).toEqual([]);
    const twice = await control(sandbox, "POST", `/consents/${consent.id}/approve`);
    expect(twice.status).toBe(409);
  });

  it("deeplink: pending without a citizen until opened; then it belongs to whoever opened it", async () => {
    const deeplink = await deeplinkConsent(["driver-license", "vehicle-license"]);
    const opened = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "oleh-kravchuk",
      deeplink,
    });
    expect(opened.body.consent).toMatchObject({
      citizenId: "oleh-kravchuk",
      status: "pending",
      flow: "deeplink",
    });
    const mine = await control(sandbox, "GET", "/consents?status=pending&citizenId=oleh-kravchuk");
    expect(mine.body.consents).toHaveLength(1);
    const stolen = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "olena-kovalenko",
      deeplink,
    });
    expect(stolen.status).toBe(409);
    const unknown = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "oleh-kravchuk",
      deeplink: "https://diia.app/acquirers/offer-request/dynamic/ffff",
    });
    expect(unknown.status).toBe(404);
  });

  it("deeplink: a citizen lacking a requested document cannot approve", async () => {
    const deeplink = await deeplinkConsent(["vehicle-license"]);
    const [consent] = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    const noCitizen = await control(sandbox, "POST", `/consents/${consent.id}/approve`, {});
    expect(noCitizen.status).toBe(422);
    const reply = await control(sandbox, "POST", `/consents/${consent.id}/approve`, {
      citizenId: "dmytro-melnyk",
    });
    expect(reply.status).toBe(409);
    expect(reply.body.data).toEqual({ missing: ["vehicle-license"] });
    // Still open for someone who has one.
    const opened = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "andrii-shevchenko",
      deeplink,
    });
    expect(opened.body.consent.citizenId).toBe("andrii-shevchenko");
  });
});

describe("request status (GW routes, values chosen by the sandbox [?])", () => {
  const status = (path: string) => call(sandbox, "GET", `/api/v1/acquirers/${path}`, { token });

  it("barcode and QR shares: pending, then declined; unknown pairs are 404", async () => {
    const branchId = await createBranch({ sharing: ["passport"] });
    const doc = await documentOf("olena-kovalenko", "internal-passport");
    await requestDocument({ branchId, barcode: doc.barcode.code, requestId: "r-s" });
    const byBarcode = `document-request/status?barcode=${doc.barcode.code}&requestId=r-s`;
    expect((await status(byBarcode)).body).toEqual({ status: "pending" });
    const otp = parseDiiaQr(doc.qr.link).otp;
    expect((await status(`document-request/status?otp=${otp}&requestId=r-s`)).body).toEqual({
      status: "pending",
    });
    const [consent] = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    await control(sandbox, "POST", `/consents/${consent.id}/decline`);
    expect((await status(byBarcode)).body).toEqual({ status: "declined" });
    const wrong = await status(`document-request/status?barcode=${doc.barcode.code}&requestId=other`);
    expect(wrong.status).toBe(404);
    expect(diiaError(wrong).name).toBe("NotFoundError");
    expect((await status("document-request/status?requestId=r-s")).status).toBe(422);
  });

  it("deeplink shares: by the deeplink id or the whole link; approved after approval", async () => {
    const branchId = await createBranch({ sharing: ["taxpayer-card"] });
    const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Послуга", scopes: { sharing: ["taxpayer-card"] } },
    });
    const reply = await call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, {
      token,
      body: { offerId: offer.body._id, requestId: "r-d" },
    });
    const deeplink = reply.body.deeplink as string;
    const id = deeplink.split("/").at(-1);
    expect((await status(`offer-request/status?otp=${id}&requestId=r-d`)).body).toEqual({
      status: "pending",
    });
    const [consent] = (await control(sandbox, "GET", "/consents?status=pending")).body.consents;
    await control(sandbox, "POST", `/consents/${consent.id}/approve`, { citizenId: "olena-kovalenko" });
    const whole = await status(`offer-request/status?otp=${encodeURIComponent(deeplink)}&requestId=r-d`);
    expect(whole.body).toEqual({ status: "approved" });
  });
});
