// Conformance: each request body exactly as an official Diia SDK builds it, with its documented defaults
// (spec §3, §7), sent to the sandbox, which must accept what Diia accepts. Bodies are written from reading the
// SDKs' sources (Python pydantic models serialised with `by_alias=True` keep nulls and an empty `_id`; Java's
// Jackson drops nulls; JS sends its typed object with an empty `id`; PHP builds arrays with whatever it was given,
// `null` included). One test per SDK request shape.
import { BranchSchema, fileHashForSigning, IdResponseSchema, signingDeeplinkRequest } from "@stiika/diia";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { call, control, sessionToken, startSandbox, type TestSandbox } from "./helpers.ts";

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

const address = {
  region: "Київська обл.",
  district: "Києво-Святошинський р-н",
  location: "м. Вишневе",
  street: "вул. Київська",
  house: "2г",
};

/** Python `Branch(...).dict(by_alias=True)` as its README documents it: unset optionals are `null`, `_id` "". */
const pythonBranch = {
  _id: "",
  name: "Назва відділення",
  email: "test@email.com",
  ...address,
  customFullName: null,
  customFullAddress: null,
  scopes: {
    sharing: ["passport", "internal-passport"],
    documentIdentification: null,
    identification: null,
    diiaId: null,
  },
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
};

/** Java `stub/branch/new_branch.json` (Jackson NON_NULL: nothing unset is sent). */
const javaBranch = {
  customFullName: "Повна назва запитувача документа",
  customFullAddress: "Повна адреса відділення",
  name: "Назва відділення",
  email: "test@email.com",
  ...address,
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
  scopes: {
    sharing: ["passport", "internal-passport", "foreign-passport"],
    identification: [],
    documentIdentification: ["internal-passport", "foreign-passport"],
  },
};

/** JS `src/tests/createBranch.ts`: the typed `Branch` with `id: ""` sent as is. */
const jsBranch = {
  id: "",
  name: "Test Branch",
  email: "test@example.com",
  region: "Kyiv",
  district: "Central",
  location: "Test Location",
  street: "123 Test Street",
  house: "1A",
  customFullName: "Test Branch Full Name",
  customFullAddress: "Test Branch Full Address",
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
  scopes: { sharing: ["passport"], identification: [], documentIdentification: [] },
};

/** PHP `DiiaAPICreateBranchTest`: custom fields "if necessary", here left out, and the newest sharing scopes. */
const NEWER_SCOPES = [
  "student-id-card",
  "pension-card",
  "education-document",
  "veteran-certificate",
  "name-change-act-record",
  "marriage-act-record",
  "divorce-act-record",
];
const phpBranch = {
  name: "Branch Name",
  email: "test@email.com",
  region: "Kyiv Region",
  district: "Kyivo-Sviatoshynskyi District",
  location: "Vyshneve",
  street: "Kyivska Street",
  house: "2g",
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
  scopes: { sharing: ["passport", "driver-license", ...NEWER_SCOPES] },
};

async function create(body: unknown): Promise<string> {
  const reply = await call(sandbox, "POST", "/api/v2/acquirers/branch", { token, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return IdResponseSchema.parse(reply.body)._id;
}

async function offer(branchId: string, body: unknown): Promise<string> {
  const reply = await call(sandbox, "POST", `/api/v1/acquirers/branch/${branchId}/offer`, { token, body });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return IdResponseSchema.parse(reply.body)._id;
}

const deeplink = (branchId: string, body: unknown) =>
  call(sandbox, "POST", `/api/v2/acquirers/branch/${branchId}/offer-request/dynamic`, { token, body });

describe("branch create and get, per SDK", () => {
  it("Python create_branch with its defaults (nulls, empty _id); get_branch gets the custom keys back as null", async () => {
    const id = await create(pythonBranch);
    const got = await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token });
    expect(got.status).toBe(200);
    // pydantic's `Field(...)` on Optional[str]: the key must be there, null allowed.
    expect(got.body).toMatchObject({ _id: id, customFullName: null, customFullAddress: null });
    expect(got.body.scopes).toEqual({ sharing: ["passport", "internal-passport"] });
    BranchSchema.parse(got.body);
  });

  it("Java new_branch.json", async () => {
    const id = await create(javaBranch);
    const got = await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token });
    expect(got.body).toMatchObject({ ...javaBranch, _id: id });
  });

  it("JS createBranch with its empty id", async () => {
    const id = await create(jsBranch);
    const got = await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token });
    expect(got.body._id).toBe(id);
    expect(got.body).not.toHaveProperty("id");
  });

  it("PHP createBranch without custom fields, with every sharing scope the PHP SDK lists", async () => {
    const id = await create(phpBranch);
    const got = await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token });
    expect(got.body.scopes.sharing).toEqual(phpBranch.scopes.sharing);
    expect(got.body).toMatchObject({ customFullName: null, customFullAddress: null });
  });

  it("Python update_branch of a fetched branch (its _id in the body, nulls kept)", async () => {
    const id = await create(pythonBranch);
    const reply = await call(sandbox, "PUT", `/api/v2/acquirers/branch/${id}`, {
      token,
      body: { ...pythonBranch, _id: id, name: "Нова назва" },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await call(sandbox, "GET", `/api/v2/acquirers/branch/${id}`, { token })).body.name).toBe(
      "Нова назва",
    );
  });

  it("still refuses what Diia refuses: a null name is a missing name", async () => {
    const reply = await call(sandbox, "POST", "/api/v2/acquirers/branch", {
      token,
      body: { ...javaBranch, name: null },
    });
    expect(reply.status).toBe(422);
    expect(reply.body.data.errors.map((e: { field: string }) => e.field)).toEqual(["name"]);
  });
});

describe("consent screen names the partner, the branch and its address", () => {
  it("by the custom full name and address, else the registered name and the structured address (Python's nulls)", async () => {
    const structured = Object.values(address).join(", ");
    for (const [body, expected] of [
      [
        javaBranch,
        {
          partnerName: javaBranch.customFullName,
          branchName: javaBranch.name,
          branchAddress: javaBranch.customFullAddress,
        },
      ],
      [
        pythonBranch,
        {
          partnerName: sandbox.state.config.partnerName,
          branchName: pythonBranch.name,
          branchAddress: structured,
        },
      ],
    ] as const) {
      await control(sandbox, "POST", "/reset");
      token = await sessionToken(sandbox);
      const id = await create(body);
      const offerId = await offer(id, { name: "Послуга", scopes: { sharing: ["passport"] } });
      expect((await deeplink(id, { offerId, requestId: "r-1" })).status).toBe(200);
      const pending = await control(sandbox, "GET", "/consents?status=pending");
      expect(pending.body.consents[0]).toMatchObject(expected);
    }
  });
});

describe("offers and deeplinks, per SDK", () => {
  it("Python create_offer (exclude_none) and get_deep_link without returnLink", async () => {
    const id = await create(pythonBranch);
    const offerId = await offer(id, { name: "Відкриття рахунку", scopes: { sharing: ["passport"] } });
    expect((await deeplink(id, { offerId, requestId: "abc1234d-1234-1234-1234-1a2b3c4d5e6f" })).status).toBe(
      200,
    );
  });

  it("Java new_offer.json and a deeplink with returnLink", async () => {
    const id = await create(javaBranch);
    const offerId = await offer(id, {
      name: "Назва послуги",
      returnLink: "https://test",
      scopes: { sharing: ["passport"] },
    });
    const reply = await deeplink(id, { offerId, requestId: "r-2", returnLink: "https://test" });
    expect(reply.status).toBe(200);
  });

  it("JS createOffer and getDeepLink (offerId, requestId and the rest of its config)", async () => {
    const id = await create(jsBranch);
    const offerId = await offer(id, {
      name: "Test Offer",
      returnLink: "http://google.com/",
      scopes: { sharing: ["passport"] },
    });
    expect((await deeplink(id, { offerId, requestId: "2783f8bd-0b5d-48a2-becf-d308a8b2026a" })).status).toBe(
      200,
    );
  });

  it("PHP createOffer with a newer scope, and getDeeplinkSharingLink with returnLink null and useDiiaId", async () => {
    const id = await create(phpBranch);
    const offerId = await offer(id, { name: "Посвідчення", scopes: { sharing: ["student-id-card"] } });
    const reply = await deeplink(id, {
      offerId,
      returnLink: null,
      requestId: "2783f8bd-0b5d-48a2-becf-d308a8b2026a",
      useDiiaId: false,
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  });

  it("PHP barcodeSharing body (with useDiiaId) reaches the code check, not a validation error", async () => {
    const id = await create(phpBranch);
    const reply = await call(sandbox, "POST", "/api/v1/acquirers/document-request", {
      token,
      body: {
        branchId: id,
        barcode: "1234567890128",
        requestId: "2783f8bd-0b5d-48a2-becf-d308a8b2026a",
        useDiiaId: false,
      },
    });
    // No code was issued, so Diia's document service answers that it does not know it.
    expect(reply.status).toBe(404);
  });
});

describe("signing deeplinks (hashedFilesSigning), per SDK", () => {
  const pdf = new TextEncoder().encode("%PDF-1.4\n% заява\n%%EOF\n");
  const signingBranch = (branch: Record<string, unknown>) => ({
    ...branch,
    scopes: { ...(branch.scopes as object), diiaId: ["hashedFilesSigning"] },
  });
  const signingOffer = (id: string) =>
    offer(id, { name: "Підписання документів", scopes: { diiaId: ["hashedFilesSigning"] } });
  /** The pending signing request the body made, as the phone sees it. */
  const pendingSigning = async () => {
    const { body } = await control(sandbox, "GET", "/consents?status=pending");
    expect(body.consents).toHaveLength(1);
    return body.consents[0].signing;
  };

  it("Java DeepLinkRequest with data.hashedFilesSigning and no signAlgo (Jackson NON_NULL): signed as DSTU", async () => {
    const id = await create(signingBranch(javaBranch));
    const offerId = await signingOffer(id);
    const fileHash = fileHashForSigning(pdf, "DSTU");
    const reply = await deeplink(id, {
      offerId,
      requestId: "r-sign-java",
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: "1.pdf", fileHash }] } },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect(await pendingSigning()).toMatchObject({
      signAlgo: "DSTU",
      files: [{ fileName: "1.pdf", fileHash }],
    });
  });

  it("Python get_deep_link with signing data, returnLink and useDiiaId null (by_alias keeps nulls)", async () => {
    const id = await create(signingBranch(pythonBranch));
    const offerId = await signingOffer(id);
    const reply = await deeplink(id, {
      offerId,
      requestId: "abc1234d-1234-1234-1234-1a2b3c4d5e6f",
      returnLink: null,
      useDiiaId: null,
      signAlgo: null,
      data: {
        hashedFilesSigning: {
          hashedFiles: [{ fileName: "1.pdf", fileHash: fileHashForSigning(pdf, "DSTU") }],
        },
      },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await pendingSigning()).signAlgo).toBe("DSTU");
  });

  it("PHP diiaId signing with signAlgo ECDSA (SHA-256 hashes), returnLink null", async () => {
    const id = await create(signingBranch(phpBranch));
    const offerId = await signingOffer(id);
    const reply = await deeplink(id, {
      offerId,
      returnLink: null,
      requestId: "2783f8bd-0b5d-48a2-becf-d308a8b2026a",
      signAlgo: "ECDSA",
      data: {
        hashedFilesSigning: {
          hashedFiles: [{ fileName: "doc.pdf", fileHash: fileHashForSigning(pdf, "ECDSA") }],
        },
      },
    });
    expect(reply.status, JSON.stringify(reply.body)).toBe(200);
    expect((await pendingSigning()).signAlgo).toBe("ECDSA");
  });

  it("our own client's signingDeeplinkRequest (two files, returnLink)", async () => {
    const id = await create(signingBranch(jsBranch));
    const offerId = await signingOffer(id);
    const body = signingDeeplinkRequest({
      offerId,
      requestId: "4b0c8d3e-5f6a-4b7c-8d9e-0f1a2b3c4d5e",
      returnLink: "https://example.com/back",
      signAlgo: "DSTU",
      files: [
        { fileName: "zayava-1.pdf", content: pdf },
        { fileName: "anketa-1.pdf", content: new TextEncoder().encode("анкета") },
      ],
    });
    expect((await deeplink(id, body)).status).toBe(200);
    expect((await pendingSigning()).files.map((f: { fileName: string }) => f.fileName)).toEqual([
      "zayava-1.pdf",
      "anketa-1.pdf",
    ]);
  });
});

describe("DELETE answers every SDK accepts", () => {
  it("200 with a JSON object body (PHP json_decodes any non-204 answer into an array; an empty body throws)", async () => {
    const id = await create(javaBranch);
    const offerId = await offer(id, { name: "Послуга", scopes: { sharing: ["passport"] } });
    for (const path of [
      `/api/v1/acquirers/branch/${id}/offer/${offerId}`,
      `/api/v2/acquirers/branch/${id}`,
    ]) {
      const response = await fetch(`${sandbox.url}${path}`, {
        method: "DELETE",
        headers: { Accept: "*/*", Authorization: `Bearer ${token}` },
      });
      expect(response.status).toBe(200);
      expect(JSON.parse(await response.text())).toEqual({});
    }
  });
});
