// A delivery is accepted for a request only when what Diia signed is for it. Every delivery here is built by the
// test from genuinely signed envelopes (the sandbox Diia's key, real DSTU signing and encryption to our key), so
// each refusal is the binding's doing, not the crypto's; the baseline cases show the same construction passes.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { Stand, until } from "./stand.ts";

let stand: Stand;
let teller: Client;
let otherTeller: Client;
let manager: Client;
let serviceId: string;

beforeAll(async () => {
  // A small support cap, so that the test below can show it is the bound.
  stand = await new Stand("pglite", { STIIKA_CALLBACK_KEEP_MB: "1" }).start();
  // Half an hour on (Diia's clock too): envelopes "signed before the request" still fall within the sandbox
  // certificates' validity, which starts when this run generated them.
  stand.clock.advance(30 * 60_000);
  teller = await stand.employee("teller", "teller-b");
  otherTeller = await stand.employee("teller", "teller-b2");
  manager = await stand.employee("manager", "manager-b");
  serviceId = await stand.serviceId(teller);
});
afterAll(() => stand.close());

type Item = Record<string, unknown>;

function item(citizenId: string, type: string): Item {
  const citizen = stand.sandbox.state.citizens.find((c) => c.id === citizenId);
  const doc = citizen?.documents.find((d) => d.type === type);
  if (!doc) throw new Error(`${citizenId} has no ${type}`);
  return { ...doc.metadata };
}

/** Signs `content` as the sandbox Diia and encrypts it to our key: a genuine envelope, as base64 text. */
async function envelope(content: string | Uint8Array, signingTime = stand.clock.now()): Promise<string> {
  const bytes = typeof content === "string" ? new TextEncoder().encode(content) : content;
  const der = await stand.sandbox.state.pki.seal(bytes, {
    wrongKey: false,
    tamperSignature: false,
    signingTime,
  });
  return Buffer.from(der).toString("base64");
}

const pdf = (label: string) => `%PDF-1.4\n% ${label}\n%%EOF\n`;

type Part = { name: string; value: string; fileName?: string };

async function post(traceId: string, parts: Part[]) {
  const form = new FormData();
  for (const p of parts) {
    if (p.fileName === undefined) form.append(p.name, p.value);
    else form.append(p.name, new Blob([p.value], { type: "application/octet-stream" }), p.fileName);
  }
  const r = await fetch(`${stand.url}/api/diia/callback`, {
    method: "POST",
    headers: { "X-Document-Request-Trace-Id": traceId },
    body: form,
  });
  return { status: r.status, body: (await r.json()) as { success: boolean; error?: string } };
}

interface BarcodeDelivery {
  barcode: string;
  type: string;
  item: Item;
  fileName?: string | null;
  partFileName?: string;
  pdfEnvelope?: string;
  signingTime?: Date;
  /** Written into the PDF, so that two deliveries do not carry the same signed content. */
  label?: string;
  /** More top-level metadata fields. */
  extra?: Item;
}

/** The barcode/QR shape (spec §4.2): one `encryptedFile`, `encryptedFileName`, and the metadata. */
async function barcodeParts(d: BarcodeDelivery): Promise<Part[]> {
  const fileName = d.fileName === null ? undefined : (d.fileName ?? `${d.type}-${d.barcode}.pdf.p7s.p7e`);
  const metadata = {
    ...d.extra,
    barcode: d.barcode,
    documentTypes: [d.type],
    data: { [d.type]: { ...d.item, ...(fileName ? { fileName } : {}) } },
  };
  const partFileName = d.partFileName ?? fileName ?? "document.pdf.p7s.p7e";
  return [
    {
      name: "encryptedFile",
      value: d.pdfEnvelope ?? (await envelope(pdf(d.label ?? d.barcode), d.signingTime)),
      fileName: partFileName,
    },
    { name: "encodeData", value: await envelope(JSON.stringify(metadata), d.signingTime) },
  ];
}

async function barcodeRequest(as: Client, citizen = "olena-kovalenko", type = "internal-passport") {
  const code = await stand.liveCode(citizen, type);
  const r = await as.request("POST", "/api/requests", { serviceId, kind: "barcode", barcode: code.barcode });
  expect(r.status).toBe(201);
  return { ...r.body.request, barcode: code.barcode, documentId: code.documentId };
}

const read = async (as: Client, id: string) => (await as.request("GET", `/api/requests/${id}`)).body.request;
const documentCount = async (requestId: string) =>
  (
    await stand.store.query<{ n: number }>("SELECT count(*)::int AS n FROM documents WHERE request_id = $1", [
      requestId,
    ])
  ).rows[0]?.n;

/** Refused, and the request untouched: still waiting, same version, no documents. */
async function expectRefused(
  as: Client,
  req: { id: string; version: number },
  answer: { status: number; body: unknown },
  code: string,
) {
  expect(answer).toEqual({ status: 400, body: { success: false, error: code } });
  const after = await read(as, req.id);
  expect([after.status, after.version, after.documents]).toEqual(["waiting", req.version, []]);
}

describe("binding a delivery to its request", () => {
  let first: { id: string; parts: Part[] };

  it("baseline: a genuine barcode delivery built this way is received", async () => {
    const req = await barcodeRequest(teller);
    const parts = await barcodeParts({
      barcode: req.barcode,
      type: "internal-passport",
      item: item("olena-kovalenko", "internal-passport"),
    });
    expect(await post(req.id, parts)).toEqual({ status: 200, body: { success: true } });
    const after = await read(teller, req.id);
    expect(after.status).toBe("received");
    expect(after.documents.map((d: { type: string }) => d.type)).toEqual(["internal-passport"]);
    first = { id: req.id, parts };
  });

  it("a genuine delivery is kept whatever its metadata's shape: nulls, numbers, nested values and a requestId beside the barcode", async () => {
    // Shapes real payloads have shown (issue 16): none may cost the client a document they consented to.
    const odd = (base: Item): Item[] => [
      { ...base, docNumber: null, department: 1234 },
      { ...base, birthday: 19800124, residenceUA: { city: "Київ" } },
      { ...base, lastNameUA: ["КОВАЛЕНКО"], taxpayerNumber: 3012345678 },
    ];
    for (const [i, shaped] of odd(item("olena-kovalenko", "internal-passport")).entries()) {
      const req = await barcodeRequest(teller);
      const parts = await barcodeParts({
        barcode: req.barcode,
        type: "internal-passport",
        item: shaped,
        label: `odd-${i}`,
        // The last one also carries a requestId (of nobody): the signed barcode is what names this request.
        ...(i === 2 ? { extra: { requestId: "00000000-0000-4000-8000-000000000000" } } : {}),
      });
      expect(await post(req.id, parts), `shape ${i}`).toEqual({ status: 200, body: { success: true } });
      const after = await read(teller, req.id);
      expect(after.status, `shape ${i}`).toBe("received");
      expect(await documentCount(req.id)).toBe(1);
    }
  });

  it("property: whatever JSON the item's fields and the envelope's extra fields hold, a genuine, bound delivery is received", async () => {
    // Only what binds the delivery (barcode, type, fileName) is fixed; every other field of the item may be any
    // JSON value or absent, and the envelope may carry any extra top-level fields. Fixed seed, so a failure replays.
    const base = item("olena-kovalenko", "internal-passport");
    const json = fc.jsonValue({ maxDepth: 2 });
    const shapes = fc.record({
      fields: fc.dictionary(fc.constantFrom(...Object.keys(base)), fc.option(json, { nil: undefined }), {
        maxKeys: 6,
      }),
      extra: fc.dictionary(
        fc
          .string({ maxLength: 12 })
          .filter((k) => !["barcode", "documentTypes", "data", "__proto__"].includes(k)),
        json,
        { maxKeys: 3 },
      ),
    });
    let run = 0;
    await fc.assert(
      fc.asyncProperty(shapes, async ({ fields, extra }) => {
        const shaped: Item = { ...base };
        for (const [k, v] of Object.entries(fields)) {
          if (v === undefined) delete shaped[k];
          else shaped[k] = v;
        }
        const req = await barcodeRequest(teller);
        const parts = await barcodeParts({
          barcode: req.barcode,
          type: "internal-passport",
          item: shaped,
          label: `shape-${run++}`,
          extra,
        });
        expect(await post(req.id, parts)).toEqual({ status: 200, body: { success: true } });
        expect((await read(teller, req.id)).status).toBe("received");
        expect(await documentCount(req.id)).toBe(1);
      }),
      { seed: 16_2026, numRuns: 25 },
    );
  }, 120_000);

  it("odd shapes end stored with what needs a manual check shown to the teller and, labelled, to the manager", async () => {
    // An array in a barcode delivery, null, a number where text goes, and a list where a name goes.
    const req = await barcodeRequest(teller);
    const fileName = `internal-passport-${req.barcode}.pdf.p7s.p7e`;
    const shaped = {
      ...item("olena-kovalenko", "internal-passport"),
      docNumber: null,
      department: 1234,
      lastNameUA: ["КОВАЛЕНКО"],
      fileName,
    };
    const metadata = {
      barcode: req.barcode,
      documentTypes: ["internal-passport"],
      data: { "internal-passport": [shaped] },
    };
    const answer = await post(req.id, [
      { name: "encryptedFile", value: await envelope(pdf("manual-check")), fileName },
      { name: "encodeData", value: await envelope(JSON.stringify(metadata)) },
    ]);
    expect(answer).toEqual({ status: 200, body: { success: true } });

    const docs = (await teller.request("GET", `/api/requests/${req.id}/documents`)).body.documents;
    expect(docs).toHaveLength(1);
    const [doc] = docs;
    expect(doc.manualCheck).toEqual([{ path: "lastNameUA", code: "invalid_type" }]);
    expect(doc.manualFields).toEqual(["person.lastName.uk"]);
    // What did fit still fills the questionnaire: the number read as text, the null absent, the Latin spelling in
    // place of the broken Ukrainian one — which is why the form marks that field for a manual check.
    expect(doc.normalised.person.lastName).toEqual({ uk: "Kovalenko", en: "Kovalenko" });
    expect(doc.normalised.document).toMatchObject({ issuer: "1234" });
    expect(doc.normalised.document.number).toBeUndefined();

    const copy = (await manager.request("GET", `/api/manage/copies/${req.id}`)).body.copy;
    const fields = copy.documents[0].fields as { path: string; value: string }[];
    expect(fields).toContainEqual({ path: "lastNameUA.0", value: "КОВАЛЕНКО" });
    expect(fields).toContainEqual({ path: "department", value: "1234" });
    expect(fields.some((f) => f.path === "docNumber")).toBe(false);
    expect(copy.documents[0].manualCheck).toEqual(doc.manualCheck);
  });

  it("a type without a schema is stored and shown with every field it carries", async () => {
    const admin = await stand.employee("admin", "admin-b");
    const address = {
      region: "м. Київ",
      district: "Печерський район",
      location: "Київ",
      street: "вул. Банкова",
      house: "2",
    };
    const branch = (
      await admin.request("POST", "/api/admin/branches", { name: "Філія для студентів", ...address })
    ).body.branch.id as string;
    const service = await admin.request("POST", `/api/admin/branches/${branch}/services`, {
      name: "Студентський",
      template: "bank-account",
      documentTypes: ["student-id-card"],
    });
    expect(service.status).toBe(201);
    const studentTeller = await stand.employee("teller", "teller-student", branch);
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const req = (
      await studentTeller.request("POST", "/api/requests", {
        serviceId: service.body.service.id,
        kind: "barcode",
        barcode: code.barcode,
      })
    ).body.request;
    const fileName = `student-id-card-${code.barcode}.pdf.p7s.p7e`;
    const card = { number: "КВ 12345678", university: { name: "КНУ", faculty: null }, fileName };
    const metadata = {
      barcode: code.barcode,
      documentTypes: ["student-id-card"],
      data: { "student-id-card": card },
    };
    const answer = await post(req.id, [
      { name: "encryptedFile", value: await envelope(pdf("student")), fileName },
      { name: "encodeData", value: await envelope(JSON.stringify(metadata)) },
    ]);
    expect(answer).toEqual({ status: 200, body: { success: true } });
    const [doc] = (await studentTeller.request("GET", `/api/requests/${req.id}/documents`)).body.documents;
    expect(doc).toMatchObject({
      type: "student-id-card",
      title: "Студентський квиток",
      normalised: null,
      manualCheck: [],
      manualFields: [],
      fields: [
        { path: "number", value: "КВ 12345678" },
        { path: "university.name", value: "КНУ" },
        { path: "fileName", value: fileName },
      ],
    });
  });

  it("a captured delivery replayed into another teller's QR request for the same document is refused", async () => {
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await otherTeller.request("POST", "/api/requests", {
      serviceId,
      kind: "qr",
      qr: code.qr,
    });
    const req = created.body.request;
    expect(req.status).toBe("waiting");
    // The same document, signed within this request's skew allowance: only the digest index stands in the way.
    await expectRefused(otherTeller, req, await post(req.id, first.parts), "ENVELOPE_REPLAYED");
  });

  it("baseline: a QR request accepts the document the QR named, and not another one", async () => {
    const code = await stand.liveCode("olena-kovalenko", "taxpayer-card");
    const req = (await teller.request("POST", "/api/requests", { serviceId, kind: "qr", qr: code.qr })).body
      .request;
    const other = item("olena-kovalenko", "taxpayer-card");
    const wrong = await barcodeParts({
      barcode: "4006381333931",
      type: "taxpayer-card",
      item: { ...other, id: "another-document-id" },
    });
    await expectRefused(teller, req, await post(req.id, wrong), "NOT_THIS_REQUEST");
    const right = await barcodeParts({ barcode: "4006381333931", type: "taxpayer-card", item: other });
    expect((await post(req.id, right)).status).toBe(200);
    expect((await read(teller, req.id)).status).toBe("received");
  });

  it("client B's metadata with client A's PDF is refused (A's envelope is stored for A's request)", async () => {
    const req = await barcodeRequest(teller, "andrii-shevchenko", "internal-passport");
    const aPdf = first.parts.find((p) => p.name === "encryptedFile")?.value as string;
    const parts = await barcodeParts({
      barcode: req.barcode,
      type: "internal-passport",
      item: item("andrii-shevchenko", "internal-passport"),
      pdfEnvelope: aPdf,
    });
    await expectRefused(teller, req, await post(req.id, parts), "ENVELOPE_REPLAYED");
    // A PDF envelope Diia signed 20 minutes before this request existed is refused by its signingTime.
    const old = await envelope(pdf("old"), new Date(stand.clock.now().getTime() - 20 * 60_000));
    const withOld = await barcodeParts({
      barcode: req.barcode,
      type: "internal-passport",
      item: item("andrii-shevchenko", "internal-passport"),
      pdfEnvelope: old,
    });
    await expectRefused(teller, req, await post(req.id, withOld), "SIGNED_OUTSIDE_REQUEST");
  });

  it("a barcode delivery whose signed barcode is another code is refused", async () => {
    const req = await barcodeRequest(teller);
    const parts = await barcodeParts({
      barcode: "4006381333931",
      type: "internal-passport",
      item: item("olena-kovalenko", "internal-passport"),
    });
    await expectRefused(teller, req, await post(req.id, parts), "NOT_THIS_REQUEST");
  });

  it("a document type the request did not ask for is refused", async () => {
    const req = await barcodeRequest(teller);
    const parts = await barcodeParts({
      barcode: req.barcode,
      type: "driver-license",
      item: item("oleh-kravchuk", "driver-license"),
    });
    await expectRefused(teller, req, await post(req.id, parts), "TYPE_NOT_REQUESTED");
  });

  it("metadata signed before the request existed is refused (signingTime outside its life)", async () => {
    const req = await barcodeRequest(teller);
    const parts = await barcodeParts({
      barcode: req.barcode,
      type: "internal-passport",
      item: item("olena-kovalenko", "internal-passport"),
      signingTime: new Date(stand.clock.now().getTime() - 10 * 60_000),
    });
    await expectRefused(teller, req, await post(req.id, parts), "SIGNED_OUTSIDE_REQUEST");
  });

  it("a file part pairs with its item by fileName only: another name, or no fileName, is refused", async () => {
    const req = await barcodeRequest(teller);
    const base = {
      barcode: req.barcode,
      type: "internal-passport",
      item: item("olena-kovalenko", "internal-passport"),
    };
    const renamed = await barcodeParts({ ...base, partFileName: "someone-else.pdf.p7s.p7e" });
    await expectRefused(teller, req, await post(req.id, renamed), "PARTS_MISMATCH");
    const unnamed = await barcodeParts({ ...base, fileName: null });
    await expectRefused(teller, req, await post(req.id, unnamed), "FILE_NAME_MISSING");
    // The documented variant: the name only in the `encryptedFileName` field (no filename on the part).
    const parts = await barcodeParts(base);
    const file = parts[0] as Part;
    const fieldOnly: Part[] = [
      { name: "encryptedFile", value: file.value, fileName: "" },
      { name: "encryptedFileName", value: file.fileName as string },
      parts[1] as Part,
    ];
    expect((await post(req.id, fieldOnly)).status).toBe(200);
    expect((await read(teller, req.id)).status).toBe("received");
  });

  it("deeplink: documents of two different people are refused; the same person's are received", async () => {
    const create = async () =>
      (await teller.request("POST", "/api/requests", { serviceId, kind: "deeplink" })).body.request;
    const deeplinkParts = async (requestId: string, docs: { citizen: string; type: string }[]) => {
      const data: Record<string, Item[]> = {};
      const parts: Part[] = [];
      for (const [i, d] of docs.entries()) {
        const fileName = `${d.type}-${i}.pdf.p7s.p7e`;
        data[d.type] = [...(data[d.type] ?? []), { ...item(d.citizen, d.type), fileName }];
        parts.push({ name: d.type, value: await envelope(pdf(`${d.citizen} ${d.type}`)), fileName });
      }
      const metadata = { requestId, documentTypes: Object.keys(data), data };
      parts.push({ name: "encodeData", value: await envelope(JSON.stringify(metadata)) });
      return parts;
    };
    const mixed = await until(async () => {
      const r = await create();
      return r.deeplink ? r : undefined;
    });
    const twoPeople = await deeplinkParts(mixed.id, [
      { citizen: "olena-kovalenko", type: "internal-passport" },
      { citizen: "andrii-shevchenko", type: "taxpayer-card" },
    ]);
    await expectRefused(teller, mixed, await post(mixed.id, twoPeople), "DIFFERENT_PEOPLE");
    const another = await deeplinkParts("00000000-0000-4000-8000-000000000001", [
      { citizen: "olena-kovalenko", type: "internal-passport" },
    ]);
    await expectRefused(teller, mixed, await post(mixed.id, another), "NOT_THIS_REQUEST");
    const onePerson = await deeplinkParts(mixed.id, [
      { citizen: "olena-kovalenko", type: "internal-passport" },
      { citizen: "olena-kovalenko", type: "taxpayer-card" },
    ]);
    expect((await post(mixed.id, onePerson)).status).toBe(200);
    expect((await read(teller, mixed.id)).documents).toHaveLength(2);
  });

  it("garbage with a waiting request's trace id changes nothing; samples are kept only within the cap", async () => {
    const req = await barcodeRequest(teller);
    const garbage = "TUlJ".repeat(150_000);
    for (let i = 0; i < 3; i++) {
      const parts: Part[] = [{ name: "encodeData", value: `${garbage}${i}` }];
      const r = await post(req.id, parts);
      expect(r.status).toBe(400);
    }
    const after = await read(teller, req.id);
    expect([after.status, after.version]).toEqual(["waiting", req.version]);
    const samples = await stand.store.query<{ kept: boolean }>(
      "SELECT parts_sealed IS NOT NULL AS kept FROM callback_samples WHERE trace_id = $1 ORDER BY received_at",
      [req.id],
    );
    // 600 kB each against a 1 MB cap: the first is kept, the rest only counted.
    expect(samples.rows.map((r) => r.kept)).toEqual([true, false, false]);
  });
});

describe("the request's lifecycle decides what a genuine delivery does", () => {
  const faults = (body: unknown) => stand.control("PUT", "/faults", body);
  async function failedRequest() {
    await faults({ endpoints: [{ endpoint: "document-request", kind: "error", status: 503, remaining: 1 }] });
    const req = await barcodeRequest(teller);
    expect(req).toMatchObject({ status: "failed", reason: { code: "DIIA_UNAVAILABLE" } });
    return req;
  }
  // The fault leaves the code unused, so these requests share a barcode: the file name tells their envelopes apart.
  const genuine = (req: { id: string; barcode: string }) =>
    barcodeParts({
      barcode: req.barcode,
      type: "internal-passport",
      item: item("olena-kovalenko", "internal-passport"),
      fileName: `internal-passport-${req.id}.pdf.p7s.p7e`,
      label: req.id,
    });

  it("a failed request accepts a genuine delivery within its lifetime, and the teller sees it", async () => {
    const req = await failedRequest();
    expect((await post(req.id, await genuine(req))).status).toBe(200);
    const after = await read(teller, req.id);
    expect(after.status).toBe("received");
    expect(after.documents).toHaveLength(1);
  });

  it("after its lifetime a failed request does not take the delivery: it goes to the managers' late list", async () => {
    const req = await failedRequest();
    const parts = await genuine(req);
    stand.clock.advance(301_000);
    expect(await post(req.id, parts)).toEqual({ status: 200, body: { success: true } });
    const after = await read(teller, req.id);
    expect([after.status, after.documents]).toEqual(["failed", []]);
    const late = await manager.request("GET", "/api/manage/late-deliveries");
    const entry = late.body.deliveries.find((d: { requestId: string }) => d.requestId === req.id);
    expect(entry).toMatchObject({ reason: "failed", documentTypes: ["internal-passport"] });
    expect(Date.parse(entry.consentedAt)).toBeLessThanOrEqual(Date.parse(req.expiresAt));
  });

  it("a manager attaches a late delivery to the visit or deletes it; both audited, a teller may not", async () => {
    const late = async () => {
      const req = await barcodeRequest(teller);
      const parts = await genuine(req);
      expect((await teller.request("POST", `/api/requests/${req.id}/cancel`)).status).toBe(200);
      expect((await post(req.id, parts)).status).toBe(200);
      const list = (await manager.request("GET", "/api/manage/late-deliveries")).body.deliveries;
      const entry = list.find((d: { requestId: string }) => d.requestId === req.id);
      expect(entry).toMatchObject({ reason: "cancelled", request: { status: "cancelled" } });
      return { req, entry };
    };
    const kept = await late();
    expect(await documentCount(kept.req.id)).toBe(0);
    // Another branch's manager neither sees it nor can decide about it.
    const elsewhere = (
      await stand.store.query<{ id: string }>(
        "INSERT INTO branches (name) VALUES ('Інша філія') RETURNING id",
      )
    ).rows[0]?.id as string;
    const foreign = await stand.employee("manager", "manager-elsewhere", elsewhere);
    const theirList = (await foreign.request("GET", "/api/manage/late-deliveries")).body.deliveries;
    expect(theirList.some((d: { id: string }) => d.id === kept.entry.id)).toBe(false);
    for (const [method, path] of [
      ["POST", `/api/manage/late-deliveries/${kept.entry.id}/attach`],
      ["DELETE", `/api/manage/late-deliveries/${kept.entry.id}`],
    ] as const) {
      const refused = await foreign.request(method, path);
      expect([refused.status, refused.body.error.code]).toEqual([404, "NOT_FOUND"]);
    }
    const attached = await manager.request("POST", `/api/manage/late-deliveries/${kept.entry.id}/attach`);
    expect(attached.body).toEqual({ attached: true, requestId: kept.req.id });
    const copy = (await manager.request("GET", `/api/manage/copies/${kept.req.id}`)).body.copy;
    expect(copy.documents.map((d: { type: string }) => d.type)).toEqual(["internal-passport"]);
    expect((await read(teller, kept.req.id)).status).toBe("cancelled");
    const again = await manager.request("POST", `/api/manage/late-deliveries/${kept.entry.id}/attach`);
    expect([again.status, again.body.error.code]).toEqual([409, "CONFLICT"]);

    const dropped = await late();
    expect((await manager.request("DELETE", `/api/manage/late-deliveries/${dropped.entry.id}`)).body).toEqual(
      {
        deleted: true,
      },
    );
    const left = (await manager.request("GET", "/api/manage/late-deliveries")).body.deliveries;
    expect(left.some((d: { id: string }) => d.id === dropped.entry.id || d.id === kept.entry.id)).toBe(false);
    const audit = await stand.store.query<{ action: string; subject_id: string }>(
      "SELECT action, subject_id FROM audit_log WHERE action LIKE 'late_delivery.%' ORDER BY seq",
    );
    expect(audit.rows).toEqual([
      { action: "late_delivery.attach", subject_id: kept.entry.id },
      { action: "late_delivery.delete", subject_id: dropped.entry.id },
    ]);
    // A teller may not decide.
    const tellerTry = await teller.request("GET", "/api/manage/late-deliveries");
    expect(tellerTry.status).toBe(403);
  });

  it("a copy a manager deleted does not come back when Diia retries, re-encrypted or not", async () => {
    const req = await failedRequest();
    const parts = await genuine(req);
    const del = await manager.request("DELETE", `/api/manage/copies/${req.id}`, { reason: "client-request" });
    expect(del.status).toBe(200);
    expect((await post(req.id, parts)).status).toBe(200);
    expect((await post(req.id, parts)).status).toBe(200);
    expect((await post(req.id, await genuine(req))).status).toBe(200);
    expect(await documentCount(req.id)).toBe(0);
    const outcomes = await stand.store.query<{ outcome: string; kept: boolean }>(
      "SELECT outcome, parts_sealed IS NOT NULL AS kept FROM deliveries WHERE request_id = $1",
      [req.id],
    );
    // Re-encrypted, the same signature has the same digest: one dropped row, nothing kept.
    expect(outcomes.rows).toEqual([{ outcome: "dropped", kept: false }]);
    const late = await manager.request("GET", "/api/manage/late-deliveries");
    expect(late.body.deliveries.some((d: { requestId: string }) => d.requestId === req.id)).toBe(false);
  });
});
