// Tolerant reader: answers shaped like the ones the official SDKs keep as recorded test data (Java SDK
// `src/test/resources/stub/{branch,offer}`), plus the null and number spellings Diia and the SDKs use, read by our
// client over real HTTP. One test per recorded shape. The strict writer is covered in endpoints/schemas tests.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDiiaClient, type DiiaClient } from "../../src/index.ts";
import { ACQUIRER_TOKEN, type FakeDiia, startFakeDiia } from "./fake-diia.ts";

// Diia's ids in the recorded stubs: 62 hex chars for a branch, elided ("27924...ecb42f44bec9") for offers.
const RECORDED_BRANCH_ID = "1d441d305adc2bff982fde159f8c91706a68a80b1cff5bd2aebecb43f71f25";

// The recorded branch (Java stub `existing_branch.json`): `identification: []`, no `diiaId`.
const recordedBranch = {
  _id: RECORDED_BRANCH_ID,
  name: "Назва",
  email: "test@email.com",
  region: "Київська обл.",
  district: "Києво-Святошинський р-н",
  location: "м. Вишневе",
  street: "вул. Київська",
  house: "2г",
  customFullName: "Повна назва запитувача документа",
  customFullAddress: "Повна адреса відділення",
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
  scopes: {
    sharing: [
      "passport",
      "internal-passport",
      "foreign-passport",
      "taxpayer-card",
      "reference-internally-displaced-person",
    ],
    identification: [],
    documentIdentification: ["internal-passport", "foreign-passport"],
  },
};

let diia: FakeDiia;
let client: DiiaClient;

beforeEach(async () => {
  diia = await startFakeDiia();
  client = createDiiaClient({ baseUrl: diia.url, acquirerToken: ACQUIRER_TOKEN });
});
afterEach(() => diia.close());

describe("recorded answers", () => {
  it("reads the recorded branch (existing_branch.json) as it is", async () => {
    diia.handle(() => ({ body: recordedBranch }));
    await expect(client.branches.get(RECORDED_BRANCH_ID)).resolves.toEqual(recordedBranch);
  });

  it("reads the recorded branch list (branch_list.json)", async () => {
    diia.handle(() => ({ body: { total: 1, branches: [recordedBranch] } }));
    await expect(client.branches.list()).resolves.toEqual({ total: 1, branches: [recordedBranch] });
  });

  it("reads the recorded offer list (offer_list.json) whose returnLink is not a URL and ids are elided", async () => {
    const offers = [
      {
        _id: "27924...ecb42f44bec9",
        name: "Відкриття рахунку",
        scopes: { sharing: ["passport"] },
        returnLink: "1",
      },
      {
        _id: "0dc97...d1cc633a81a",
        name: "Відкриття рахунку",
        scopes: { sharing: ["passport", "taxpayer-card"] },
        returnLink: "1",
      },
    ];
    diia.handle(() => ({ body: { total: 2, offers } }));
    await expect(client.offers.list(RECORDED_BRANCH_ID)).resolves.toEqual({ total: 2, offers });
  });
});

describe("spellings Diia and the SDKs use", () => {
  it("treats null as absent: a branch made by the Python SDK's documented create (diiaId: null, customFullName: null)", async () => {
    diia.handle(() => ({
      body: {
        ...recordedBranch,
        customFullName: null,
        customFullAddress: null,
        scopes: { sharing: ["passport"], identification: null, documentIdentification: null, diiaId: null },
      },
    }));
    const branch = await client.branches.get(RECORDED_BRANCH_ID);
    expect(branch).not.toHaveProperty("customFullName");
    expect(branch.scopes).toEqual({ sharing: ["passport"] });
  });

  it("reads numbers where text is expected (house, ids) and a total given as digits", async () => {
    diia.handle(() => ({ body: { total: "1", branches: [{ ...recordedBranch, house: 2, _id: 12345 }] } }));
    const list = await client.branches.list();
    expect(list.total).toBe(1);
    expect(list.branches[0]).toMatchObject({ house: "2", _id: "12345" });
  });

  it("keeps fields and scopes it does not know", async () => {
    const newer = {
      ...recordedBranch,
      createdAt: "2026-01-01",
      scopes: { sharing: ["student-id-card"], extra: [1] },
    };
    diia.handle(() => ({ body: newer }));
    await expect(client.branches.get(RECORDED_BRANCH_ID)).resolves.toEqual(newer);
  });

  it("an offer with returnLink: null (PHP SDK default) reads as an offer without one", async () => {
    diia.handle(() => ({
      body: {
        total: 1,
        offers: [
          { _id: "a".repeat(24), name: "Послуга", returnLink: null, scopes: { sharing: ["passport"] } },
        ],
      },
    }));
    const { offers } = await client.offers.list(RECORDED_BRANCH_ID);
    expect(offers[0]).toEqual({ _id: "a".repeat(24), name: "Послуга", scopes: { sharing: ["passport"] } });
  });

  it("still refuses an answer without what we rely on: a branch without _id, a create answer without _id", async () => {
    const { _id: _, ...withoutId } = recordedBranch;
    diia.handle(() => ({ body: withoutId }));
    await expect(client.branches.get(RECORDED_BRANCH_ID)).rejects.toMatchObject({ code: "BAD_RESPONSE" });
    diia.handle(() => ({ body: { _id: null } }));
    await expect(
      client.offers.create(RECORDED_BRANCH_ID, { name: "Послуга", scopes: { sharing: ["passport"] } }),
    ).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });

  it("the deeplink, which the citizen's phone opens, must still be an http(s) URL", async () => {
    diia.handle(() => ({ body: { deeplink: "javascript:alert(1)" } }));
    await expect(
      client.sharing.createDeeplink(RECORDED_BRANCH_ID, { offerId: "b".repeat(24), requestId: "r-1" }),
    ).rejects.toMatchObject({ code: "BAD_RESPONSE" });
  });
});

describe("strict writer", () => {
  it("what we send stays strict: null and a non-URL returnLink are refused before anything is sent", async () => {
    await expect(
      client.offers.create(RECORDED_BRANCH_ID, {
        name: "Послуга",
        returnLink: "1",
        scopes: { sharing: ["passport"] },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(
      client.offers.create(RECORDED_BRANCH_ID, {
        name: "Послуга",
        // null is not a value our writer sends, even from untyped callers.
        returnLink: null as unknown as string,
        scopes: { sharing: ["passport"] },
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    expect(diia.calls()).toHaveLength(0);
  });

  it("a requestId that cannot travel in the callback header (non-ASCII, spaced) is refused before sending", async () => {
    for (const requestId of ["запит-1", " r-1", "r-1\n"]) {
      await expect(
        client.sharing.createDeeplink(RECORDED_BRANCH_ID, { offerId: "b".repeat(24), requestId }),
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(diia.calls()).toHaveLength(0);
  });
});
