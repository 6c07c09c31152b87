// The three sharing flows end to end over real HTTP: teller → server → sandbox (Diia) → citizen approves →
// DSTU-signed, encrypted callback → server unwraps in its worker pool → long-poll answers → documents and PDF.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/services/audit.ts";
import { DRIVERS } from "./helpers.ts";
import type { Client } from "./server-helpers.ts";
import { Stand, until, waitForStatus } from "./stand.ts";

describe.each(DRIVERS)("sharing flows on %s", (driver) => {
  let stand: Stand;
  let teller: Client;
  beforeAll(async () => {
    stand = await new Stand(driver).start();
    teller = await stand.employee("teller", "teller1");
  });
  afterAll(() => stand.close());

  it("GET /api/services lists the three bootstrapped services, each registered as a Diia offer", async () => {
    const r = await teller.request("GET", "/api/services");
    expect(r.status).toBe(200);
    expect(r.body.services.map((x: { template: string }) => x.template).sort()).toEqual([
      "bank-account",
      "cnap-service",
      "hotel-check-in",
    ]);
    const account = r.body.services.find((x: { template: string }) => x.template === "bank-account");
    expect(account).toMatchObject({ name: "Відкриття рахунку", checkOnly: false });
    expect(account.documentTypes).toEqual(["passport", "taxpayer-card"]);
    const branches = stand.sandbox.state.store.data.branches;
    expect(branches).toHaveLength(1);
    expect(branches[0]?.scopes.documentIdentification).toEqual([
      "internal-passport",
      "foreign-passport",
      "taxpayer-card",
    ]);
    expect(branches[0]?.scopes.diiaId).toEqual(["hashedFilesSigning"]);
    const offers = stand.sandbox.state.store.data.offers;
    expect(offers.map((o) => o.name).sort()).toEqual([
      "Відкриття рахунку",
      "Поселення в готель",
      "Послуга ЦНАП",
      "Підписання заяви",
    ]);
    // Beside the sharing offers, the branch's Дія.Підпис offer (issue 14), stored with the branch.
    const signing = offers.find((o) => o.name === "Підписання заяви");
    expect(signing?.scopes).toEqual({ diiaId: ["hashedFilesSigning"] });
    const row = await stand.store.query<{ diia_signing_offer_id: string }>(
      "SELECT diia_signing_offer_id FROM branches",
    );
    expect(row.rows[0]?.diia_signing_offer_id).toBe(signing?._id);
  });

  it("barcode: created waiting, approved in Diia, the long-poll sees received, documents and PDF are served", async () => {
    const serviceId = await stand.serviceId(teller);
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(created.status).toBe(201);
    const req = created.body.request;
    expect(req).toMatchObject({
      kind: "barcode",
      status: "waiting",
      reason: null,
      code: code.barcode,
      documents: [],
    });
    expect(req.service.id).toBe(serviceId);
    const poll = teller.request("GET", `/api/requests/${req.id}?wait=20&version=${req.version}`);
    await stand.approve(req.id);
    const answered = await poll;
    expect(answered.status).toBe(200);
    expect(answered.body.request.status).toBe("received");
    expect(answered.body.request.documents).toEqual([
      { id: expect.any(String), type: "internal-passport", title: "Паспорт громадянина України (ID-картка)" },
    ]);

    const docs = await teller.request("GET", `/api/requests/${req.id}/documents`);
    expect(docs.status).toBe(200);
    const [doc] = docs.body.documents;
    expect(doc.type).toBe("internal-passport");
    expect(doc.normalised.person.lastName.uk).toBeTruthy();
    expect(doc.raw.docNumber).toBeTruthy();
    expect(doc.provenance).toMatchObject({ verified: true, signer: { serial: expect.any(String) } });
    expect(doc.provenance.signer.subject).toContain("CN=");

    const pdf = await fetch(`${stand.url}/api/documents/${doc.id}/pdf`, {
      headers: { cookie: teller.cookie ?? "" },
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(pdf.headers.get("cache-control")).toBe("no-store");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");

    const actions = (
      await stand.store.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE subject_id IN ($1, $2) ORDER BY seq",
        [req.id, doc.id],
      )
    ).rows.map((r) => r.action);
    expect(actions).toEqual(["request.create", "delivery.received", "document.view", "document.view_pdf"]);
    expect(await verifyAuditChain(stand.store, stand.services.dataKey)).toMatchObject({ ok: true });
    // Sealed at rest: the PDF's bytes are not in the table in clear.
    const raw = await stand.store.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM documents WHERE position('%PDF'::bytea in pdf_sealed) > 0",
    );
    expect(raw.rows[0]?.n).toBe(0);
  });

  it("QR: the verify link goes to Diia and the document arrives", async () => {
    const serviceId = await stand.serviceId(teller, "hotel-check-in");
    const code = await stand.liveCode("olena-kovalenko", "taxpayer-card");
    const created = await teller.request("POST", "/api/requests", { serviceId, kind: "qr", qr: code.qr });
    expect(created.status).toBe(201);
    expect(created.body.request).toMatchObject({ kind: "qr", code: null, documentTypes: ["taxpayer-card"] });
    await stand.approve(created.body.request.id);
    const done = await waitForStatus(teller, created.body.request.id);
    expect(done.status).toBe("received");
    expect(done.documents.map((d: { type: string }) => d.type)).toEqual(["taxpayer-card"]);
  });

  it("deeplink: the deeplink is returned, a citizen opens and approves it, every requested document arrives", async () => {
    const serviceId = await stand.serviceId(teller, "bank-account");
    const created = await teller.request("POST", "/api/requests", { serviceId, kind: "deeplink" });
    expect(created.status).toBe(201);
    const req = created.body.request;
    expect(req.deeplink).toMatch(/^https:\/\/diia\.app\/acquirers\/offer-request\/dynamic\/[0-9a-f]{32}$/);
    expect(Date.parse(req.expiresAt) - Date.parse(req.createdAt)).toBe(900_000);
    await stand.approve(req.id, "olena-kovalenko");
    const done = await waitForStatus(teller, req.id);
    expect(done.status).toBe("received");
    expect(done.documents.map((d: { type: string }) => d.type).sort()).toEqual([
      "internal-passport",
      "taxpayer-card",
    ]);
    const docs = await teller.request("GET", `/api/requests/${req.id}/documents`);
    expect(docs.body.documents).toHaveLength(2);
    for (const d of docs.body.documents) expect(d.provenance.verified).toBe(true);
  });

  it("QR for the rest: a deeplink for only the missing type uses an offer of just that type, made once and reused, gone with the service's offer", async () => {
    const serviceId = await stand.serviceId(teller, "bank-account");
    const offers = () => stand.sandbox.state.store.data.offers;
    const before = offers().length;
    const rest = async (documentTypes: string[]) =>
      teller.request("POST", "/api/requests", { serviceId, kind: "deeplink", documentTypes });

    const first = await rest(["taxpayer-card"]);
    expect(first.status).toBe(201);
    expect(first.body.request.documentTypes).toEqual(["taxpayer-card"]);
    expect(offers()).toHaveLength(before + 1);
    const restOffer = offers().at(-1);
    expect(restOffer).toMatchObject({ name: "Відкриття рахунку", scopes: { sharing: ["taxpayer-card"] } });
    // The client consents on the phone: only the taxpayer card comes, and the request is complete with it.
    await stand.approve(first.body.request.id, "olena-kovalenko");
    const done = await waitForStatus(teller, first.body.request.id);
    expect(done.status).toBe("received");
    expect(done.documents.map((d: { type: string }) => d.type)).toEqual(["taxpayer-card"]);

    // The next visit's «rest» reuses the offer; all of the service's types is the service's own offer.
    expect((await rest(["taxpayer-card"])).status).toBe(201);
    expect((await rest(["taxpayer-card", "passport"])).body.request.documentTypes).toEqual([
      "passport",
      "taxpayer-card",
    ]);
    expect(offers()).toHaveLength(before + 1);
    // Only the service's own types can be asked for.
    const other = await rest(["driver-license"]);
    expect(other.status).toBe(400);
    expect(other.body.error.code).toBe("BAD_REQUEST");
    expect(offers()).toHaveLength(before + 1);

    // The admin changes the service's types: its offer is replaced and the rest offer deleted from Diia too.
    const admin = await stand.employee("admin", "admin-rest");
    const edited = await admin.request("PUT", `/api/admin/services/${serviceId}`, {
      name: "Відкриття рахунку",
      template: "bank-account",
      documentTypes: ["passport", "taxpayer-card", "driver-license"],
    });
    expect(edited.body.service.offerReplaced).toBe(true);
    expect(offers().map((o) => o._id)).not.toContain(restOffer?._id);
    expect(offers()).toHaveLength(before);
    await admin.request("PUT", `/api/admin/services/${serviceId}`, {
      name: "Відкриття рахунку",
      template: "bank-account",
      documentTypes: ["passport", "taxpayer-card"],
    });
  });

  it("decline: Diia sends nothing; the status poll turns the request declined with a reason", async () => {
    const serviceId = await stand.serviceId(teller);
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    const consent = await until(() => stand.pendingConsent(created.body.request.id));
    await stand.control("POST", `/consents/${consent.id}/decline`);
    const done = await waitForStatus(teller, created.body.request.id);
    expect(done.status).toBe("declined");
    expect(done.reason.code).toBe("DECLINED");
    expect(done.reason.message).toContain("відхилив");
  });
});
