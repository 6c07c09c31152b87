// The branch the client sees (issue 16): what an admin sets — the branch's name, address and contact e-mail, the
// partner's legal name — is what Diia holds for the branch and what the citizen's consent screen shows. Checked on
// the sandbox Diia's own record and on the consent it opens for a real request.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { Stand } from "./stand.ts";

let stand: Stand;
let admin: Client;
let teller: Client;
let main: { id: string; diiaBranchId: string };

const structured = {
  region: "Київська обл.",
  district: "Бучанський район",
  location: "м. Ірпінь",
  street: "вул. Університетська",
  house: "2/1",
};
const diia = () => stand.services.diia.link?.client as NonNullable<typeof stand.services.diia.link>["client"];
const branches = async () => (await admin.request("GET", "/api/admin/branches")).body.branches;

beforeAll(async () => {
  stand = await new Stand("pglite").start();
  admin = await stand.employee("admin", "admin-bi");
  teller = await stand.employee("teller", "teller-bi");
  main = (await branches())[0];
});
afterAll(() => stand.close());

describe("the branch the client sees", () => {
  it("first registration: the configured contact e-mail, no custom partner name, the composed address", async () => {
    const registered = await diia().branches.get(main.diiaBranchId);
    expect(registered.email).toBe(stand.services.config.diia.contactEmail);
    expect(registered.customFullName ?? null).toBeNull();
    expect(registered.customFullAddress).toBe("Київ, вул. Хрещатик, 1");
    // Every type Diia may share is in the branch's scopes, the newer ones too.
    expect(registered.scopes.sharing).toEqual(expect.arrayContaining(["passport", "student-id-card"]));
  });

  it("an edit is sent to Diia with the new values, and the consent screen names partner, branch and address", async () => {
    const edit = await admin.request("PUT", `/api/admin/branches/${main.id}`, {
      name: "  Відділення  №7 ",
      email: "irpin@bank.example.ua",
      address: "вул. Університетська, 2/1\r\n\r\nм. Ірпінь, Київська обл.",
      ...structured,
    });
    expect(edit.body).toEqual({ updated: true });
    const partner = await admin.request("PUT", "/api/admin/partner", {
      legalName: "АТ «Банк Приклад»",
    });
    expect(partner.body).toEqual({ partner: { legalName: "АТ «Банк Приклад»", signAlgo: "DSTU" } });

    expect(await diia().branches.get(main.diiaBranchId)).toMatchObject({
      name: "Відділення №7",
      email: "irpin@bank.example.ua",
      customFullName: "АТ «Банк Приклад»",
      customFullAddress: "вул. Університетська, 2/1\nм. Ірпінь, Київська обл.",
      ...structured,
    });
    expect((await branches())[0]).toMatchObject({
      name: "Відділення №7",
      email: "irpin@bank.example.ua",
      address: "вул. Університетська, 2/1\nм. Ірпінь, Київська обл.",
    });

    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const created = await teller.request("POST", "/api/requests", {
      serviceId: await stand.serviceId(teller),
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(created.status).toBe(201);
    expect(await stand.pendingConsent(created.body.request.id)).toMatchObject({
      partnerName: "АТ «Банк Приклад»",
      branchName: "Відділення №7",
      branchAddress: "вул. Університетська, 2/1\nм. Ірпінь, Київська обл.",
    });
  });

  it("bad values are refused with the field and Diia's limit, before Diia is called", async () => {
    const before = await diia().branches.get(main.diiaBranchId);
    const base = { name: "Відділення №8", email: "ok@bank.example.ua", ...structured };
    for (const [body, code, words] of [
      [{ ...base, email: "irpin@bank" }, "BRANCH_EMAIL_INVALID", "е-пошта"],
      [{ ...base, email: "a b@bank.ua" }, "BRANCH_EMAIL_INVALID", "е-пошта"],
      [{ ...base, email: `${"a".repeat(96)}@b.ua` }, "BRANCH_EMAIL_INVALID", "від 6 до 100"],
      [{ ...base, name: "Відділення".repeat(4) }, "BRANCH_FIELD_INVALID", "Назва відділення: від 1 до 32"],
      [{ ...base, address: "а".repeat(201) }, "BRANCH_FIELD_INVALID", "Адреса для клієнта: від 1 до 200"],
      [{ ...base, house: "" }, "BRANCH_FIELD_INVALID", "Будинок"],
      [{ ...base, region: 42 }, "BRANCH_FIELD_INVALID", "Область"],
      // A right-to-left override makes «Банк» read as something else on the consent screen.
      [{ ...base, name: "Банк\u202Eкнаб" }, "BRANCH_FIELD_INVALID", "невидимі"],
      [{ ...base, address: "вул. Хрещатик, 1\nКиїв\u001b[8m" }, "BRANCH_FIELD_INVALID", "невидимі"],
    ] as const) {
      const r = await admin.request("PUT", `/api/admin/branches/${main.id}`, body);
      expect(r.status, JSON.stringify(body)).toBe(422);
      expect(r.body.error.code).toBe(code);
      expect(r.body.error.message).toContain(words);
    }
    // A NUL is refused for every API body while it is parsed (PostgreSQL text cannot hold it).
    const nul = await admin.request("PUT", `/api/admin/branches/${main.id}`, {
      ...base,
      address: "Київ\u0000",
    });
    expect([nul.status, nul.body.error.code]).toEqual([400, "BAD_REQUEST"]);
    expect(nul.body.error.message).toContain("NUL");
    const long = await admin.request("PUT", "/api/admin/partner", { legalName: "Б".repeat(101) });
    expect([long.status, long.body.error.code]).toEqual([422, "BRANCH_FIELD_INVALID"]);
    expect(long.body.error.message).toContain("Юридична назва партнера: від 1 до 100");
    const bidi = await admin.request("PUT", "/api/admin/partner", { legalName: "АТ\u2067 «Банк»" });
    expect([bidi.status, bidi.body.error.code]).toEqual([422, "BRANCH_FIELD_INVALID"]);
    expect(await diia().branches.get(main.diiaBranchId)).toEqual(before);
  });

  it("clearing the e-mail, address and legal name sends the defaults again", async () => {
    await admin.request("PUT", `/api/admin/branches/${main.id}`, {
      name: "Відділення №7",
      email: "",
      address: "  ",
      ...structured,
    });
    expect((await admin.request("PUT", "/api/admin/partner", { legalName: null })).body).toEqual({
      partner: { legalName: "", signAlgo: "DSTU" },
    });
    expect(await diia().branches.get(main.diiaBranchId)).toMatchObject({
      email: stand.services.config.diia.contactEmail,
      customFullAddress: "м. Ірпінь, вул. Університетська, 2/1",
    });
    expect((await diia().branches.get(main.diiaBranchId)).customFullName ?? null).toBeNull();
  });

  it("a service may ask for the newer types Diia shares (one scope list: DIIA_SHARING_SCOPES)", async () => {
    const other = await admin.request("POST", "/api/admin/branches", {
      name: "Друга філія",
      ...structured,
    });
    const svc = await admin.request("POST", `/api/admin/branches/${other.body.branch.id}/services`, {
      name: "Пільги",
      template: "cnap-service",
      documentTypes: ["pension-card", "veteran-certificate"],
    });
    expect(svc.status).toBe(201);
    const diiaBranch = (await branches()).find((b: { id: string }) => b.id === other.body.branch.id);
    const { offers } = await diia().offers.list(diiaBranch.diiaBranchId);
    expect(offers.map((o) => o.scopes.sharing)).toEqual([["pension-card", "veteran-certificate"]]);
    const unknown = await admin.request("POST", `/api/admin/branches/${other.body.branch.id}/services`, {
      name: "Х",
      template: "bank-account",
      documentTypes: ["library-card"],
    });
    expect(unknown.status).toBe(400);
  });

  it("only an admin edits the partner name", async () => {
    expect((await teller.request("PUT", "/api/admin/partner", { legalName: "X" })).status).toBe(403);
    expect((await teller.request("GET", "/api/admin/partner")).status).toBe(403);
  });
});
