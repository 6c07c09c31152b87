// Copies prepared while the consent prompt is shown: approving sends what was prepared, declining or a reset drops
// it, the envelope faults still apply at approval, and the number kept is bounded.
import { readFileSync } from "node:fs";
import { loadCertificate, loadKeyStore, unwrap } from "@stiika/diia";
import {
  afterAll,
  afterEach,
  beforeAll,
  beforeEach,
  describe,
  expect,
  it,
  type MockInstance,
  vi,
} from "vitest";
import { CITIZENS } from "../src/citizens/citizens.ts";
import { DeliveryQueue, type EnvelopeFaults, type PreparedPayload } from "../src/delivery/delivery-queue.ts";
import type { Consent } from "../src/state/consents.ts";
import { Faults, faultsSchema } from "../src/state/faults.ts";
import {
  branchBody,
  call,
  control,
  sessionToken,
  startSandbox,
  type TestSandbox,
  waitFor,
} from "./helpers.ts";
import { formOf, OK, type Receiver, startReceiver } from "./receiver.ts";

let receiver: Receiver;
beforeAll(async () => {
  receiver = await startReceiver();
});
afterAll(async () => {
  await receiver.close();
});
beforeEach(() => {
  receiver.requests.length = 0;
  receiver.answer = () => OK;
});

describe("DeliveryQueue with a stand-in preparer", () => {
  type Call = { consentId: string; options: EnvelopeFaults; payload: PreparedPayload };
  let calls: Call[];
  let outcome: (call: Call) => Promise<PreparedPayload>;
  let logged: string[];
  let faults: Faults;
  let queue: DeliveryQueue;

  const consent = (id: string): Consent => ({
    id,
    status: "pending",
    flow: "barcode",
    citizenId: "olena-kovalenko",
    partnerName: "Банк",
    branchId: "b",
    branchName: "Відділення",
    branchAddress: "Київ, вул. Хрещатик, 1",
    offerId: null,
    offerName: "Копія",
    documentTypes: ["internal-passport"],
    requestId: `req-${id}`,
    createdAt: new Date(),
    decidedAt: null,
    code: null,
    deeplink: null,
    returnLink: null,
    deliveryId: null,
    signing: null,
  });
  const sentParts = () =>
    Promise.all(receiver.requests.map(async (r) => (await formOf(r)).get("encodeData")));
  const delivered = (id: string) =>
    waitFor(() => (queue.get(id)?.status === "delivered" ? queue.get(id) : undefined));

  beforeEach(() => {
    calls = [];
    logged = [];
    outcome = async (c) => c.payload;
    faults = new Faults();
    queue = new DeliveryQueue({
      callbackUrl: receiver.url,
      retryDelaysMs: [],
      callbackTimeoutMs: 2000,
      faults,
      preparedLimit: 2,
      now: () => new Date(),
      log: (line) => logged.push(line),
      prepare: (c, options) => {
        // Each preparation is told apart by its number, as real envelopes are by their random keys.
        const call: Call = {
          consentId: c.id,
          options,
          payload: { parts: [{ name: "encodeData", value: `payload-${calls.length + 1}` }], documents: [] },
        };
        calls.push(call);
        return outcome(call);
      },
    });
  });
  afterEach(() => queue.stop());

  it("approving after the preparation finished sends the prepared payload without preparing again", async () => {
    const c = consent("c1");
    queue.prepareAhead(c);
    await waitFor(() => calls[0]);
    const d = queue.enqueue(c);
    expect((await delivered(d.id))?.attempts).toHaveLength(1);
    expect(calls).toEqual([
      { consentId: "c1", options: { wrongKey: false, tamperSignature: false }, payload: expect.anything() },
    ]);
    expect(await sentParts()).toEqual(["payload-1"]);
  });

  it("approving while the preparation is in flight waits for it and sends it", async () => {
    let finish: () => void = () => {};
    outcome = (call) => new Promise((resolve) => (finish = () => resolve(call.payload)));
    const c = consent("c1");
    queue.prepareAhead(c);
    await waitFor(() => calls[0]);
    const d = queue.enqueue(c);
    expect(queue.get(d.id)?.status).toBe("preparing");
    finish();
    await delivered(d.id);
    expect(calls).toHaveLength(1);
    expect(await sentParts()).toEqual(["payload-1"]);
  });

  it("approving in the same turn as the request still uses the preparation it started", async () => {
    const c = consent("c1");
    queue.prepareAhead(c);
    const d = queue.enqueue(c);
    await delivered(d.id);
    expect(calls.map((x) => x.consentId)).toEqual(["c1"]);
    expect(logged).toEqual([]);
    expect(await sentParts()).toEqual(["payload-1"]);
  });

  it("a failed preparation is made again at approval, and the failure is logged", async () => {
    outcome = async (call) => {
      if (call.payload.parts[0]?.value === "payload-1") throw new Error("renderer broke");
      return call.payload;
    };
    const c = consent("c1");
    queue.prepareAhead(c);
    await waitFor(() => calls[0]);
    await delivered(queue.enqueue(c).id);
    expect(await sentParts()).toEqual(["payload-2"]);
    expect(logged).toEqual([expect.stringContaining("preparing ahead failed (renderer broke), again now")]);
  });

  it("a declined consent's payload is dropped: not even started when declined at once", async () => {
    const c = consent("c1");
    queue.prepareAhead(c);
    queue.discard(c.id);
    await new Promise((resolve) => setImmediate(resolve));
    expect(calls).toEqual([]);

    const later = consent("c2");
    queue.prepareAhead(later);
    await waitFor(() => calls[0]);
    queue.discard(later.id);
    // Nothing is kept for it: a delivery (which a declined consent never gets) would have to prepare anew.
    await delivered(queue.enqueue(later).id);
    expect(await sentParts()).toEqual(["payload-2"]);
  });

  it("a reset drops prepared payloads", async () => {
    const c = consent("c1");
    queue.prepareAhead(c);
    await waitFor(() => calls[0]);
    queue.clear();
    await delivered(queue.enqueue(c).id);
    expect(await sentParts()).toEqual(["payload-2"]);
  });

  it("keeps at most preparedLimit payloads, dropping the oldest", async () => {
    const [a, b, c] = ["a", "b", "c"].map(consent) as [Consent, Consent, Consent];
    for (const x of [a, b, c]) queue.prepareAhead(x);
    await new Promise((resolve) => setImmediate(resolve));
    // The oldest was dropped before it started.
    expect(calls.map((x) => x.consentId)).toEqual(["b", "c"]);
    await delivered(queue.enqueue(c).id);
    await delivered(queue.enqueue(a).id);
    expect(calls.map((x) => x.consentId)).toEqual(["b", "c", "a"]);
    expect(await sentParts()).toEqual(["payload-2", "payload-3"]);
  });

  it("an envelope fault taken at approval gets an envelope made for it, not the prepared one", async () => {
    const c = consent("c1");
    queue.prepareAhead(c);
    await waitFor(() => calls[0]);
    faults.set(faultsSchema.parse({ callbacks: [{ kind: "tamper-signature", remaining: 1 }] }));
    await delivered(queue.enqueue(c).id);
    expect(calls.map((x) => x.options)).toEqual([
      { wrongKey: false, tamperSignature: false },
      { wrongKey: false, tamperSignature: true },
    ]);
    expect(await sentParts()).toEqual(["payload-2"]);
  });
});

describe("a sandbox prepares while the prompt is shown", () => {
  let sandbox: TestSandbox;
  let token: string;
  let branchId: string;
  let seal: MockInstance<TestSandbox["state"]["pki"]["seal"]>;

  beforeAll(async () => {
    sandbox = await startSandbox({ callbackUrl: receiver.url });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    await control(sandbox, "POST", "/reset");
    token = await sessionToken(sandbox);
    const branch = await call(sandbox, "POST", "/api/v2/acquirers/branch", {
      token,
      body: branchBody({ sharing: ["passport", "taxpayer-card", "driver-license", "vehicle-license"] }),
    });
    branchId = branch.body._id;
    seal = vi.spyOn(sandbox.state.pki, "seal");
  });
  afterEach(() => seal.mockRestore());

  /** The base64 envelopes sealed so far, once `count` have been. */
  const sealed = async (count: number) => {
    await waitFor(() => (seal.mock.results.length >= count ? true : undefined));
    const envelopes = await Promise.all(seal.mock.results.map((r) => r.value as Promise<Uint8Array>));
    return envelopes.map((der) => Buffer.from(der).toString("base64"));
  };
  const receivedParts = async () => {
    const form = await formOf(receiver.requests[0] ?? (undefined as never));
    return Promise.all(
      [...form.values()]
        .filter((v) => typeof v !== "string" || v.startsWith("MI"))
        .map(async (v) => (typeof v === "string" ? v : v.text())),
    );
  };
  const settled = (deliveryId: string) =>
    waitFor(async () => {
      const { delivery } = (await control(sandbox, "GET", `/deliveries/${deliveryId}`)).body;
      return ["delivered", "failed"].includes(delivery.status) ? delivery : undefined;
    });

  async function requestByBarcode(citizenId: string, type: string, requestId: string): Promise<string> {
    const doc = CITIZENS.find((c) => c.id === citizenId)?.documents.find((d) => d.type === type);
    const { body } = await control(sandbox, "POST", `/citizens/${citizenId}/documents/${doc?.id}/codes`);
    await call(sandbox, "POST", "/api/v1/acquirers/document-request", {
      token,
      body: { branchId, barcode: body.document.barcode.code, requestId },
    });
    const pending = await control(sandbox, "GET", "/consents?status=pending");
    return pending.body.consents.find((c: { requestId: string }) => c.requestId === requestId).id;
  }

  it("barcode: the envelopes sealed before the approval are the bytes the partner receives", async () => {
    const consentId = await requestByBarcode("oleh-kravchuk", "taxpayer-card", "ahead-1");
    const prepared = await sealed(2); // the PDF and the metadata
    const approved = await control(sandbox, "POST", `/consents/${consentId}/approve`);
    expect((await settled(approved.body.consent.deliveryId)).status).toBe("delivered");
    expect(seal).toHaveBeenCalledTimes(2);
    expect((await receivedParts()).sort()).toEqual([...prepared].sort());
  });

  it("deeplink: preparation starts once a citizen opens it, and its envelopes are sent", async () => {
    const offer = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, {
      token,
      body: { name: "Оренда авто", scopes: { sharing: ["passport", "taxpayer-card"] } },
    });
    const { body } = await call(
      sandbox,
      "POST",
      `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`,
      {
        token,
        body: { offerId: offer.body._id, requestId: "ahead-deeplink" },
      },
    );
    const opened = await control(sandbox, "POST", "/deeplinks/open", {
      citizenId: "olena-kovalenko",
      deeplink: body.deeplink,
    });
    const prepared = await sealed(3); // two PDFs and the metadata
    const approved = await control(sandbox, "POST", `/consents/${opened.body.consent.id}/approve`);
    expect((await settled(approved.body.consent.deliveryId)).status).toBe("delivered");
    expect(seal).toHaveBeenCalledTimes(3);
    expect((await receivedParts()).sort()).toEqual([...prepared].sort());
  });

  it("wrong-key set after the preparation still applies: the partner cannot open the envelopes", async () => {
    const consentId = await requestByBarcode("oleh-kravchuk", "taxpayer-card", "ahead-wk");
    await sealed(2);
    await control(sandbox, "PUT", "/faults", { callbacks: [{ kind: "wrong-key" }] });
    const approved = await control(sandbox, "POST", `/consents/${consentId}/approve`);
    expect((await settled(approved.body.consent.deliveryId)).faults).toEqual({ "wrong-key": true });
    expect(seal.mock.calls.map(([, options]) => options.wrongKey)).toEqual([false, false, true, true]);

    const { pki } = sandbox.state;
    const password = readFileSync(pki.passwordFile, "utf8").trim();
    const partner = {
      keys: {
        keys: loadKeyStore(readFileSync(pki.partner.keyFile), password).keys,
        certificates: [loadCertificate(readFileSync(pki.partner.certFile))],
      },
      trust: [loadCertificate(readFileSync(pki.diia.signingCertFile))],
    };
    for (const part of await receivedParts()) {
      expect(() => unwrap(part, partner)).toThrow(expect.objectContaining({ code: "NOT_FOR_US" }));
    }
  });
});
