// Check-only mode over real HTTP against the sandbox: every answer `POST /api/checks` gives (valid, invalid, code
// used/expired/unknown, Diia 5xx and time-out), the scope and type refusals, and that nothing but an audit entry
// without the code or the client is stored.
import { type BranchUpdate, BranchUpdateSchema } from "@stiika/diia";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { verifyAuditChain } from "../src/services/audit.ts";
import { DRIVERS } from "./helpers.ts";
import type { Client } from "./server-helpers.ts";
import { Stand } from "./stand.ts";

describe.each(DRIVERS)("check-only mode on %s", (driver) => {
  let stand: Stand;
  let teller: Client;
  let serviceId: string;

  beforeAll(async () => {
    stand = await new Stand(driver).start();
    teller = await stand.employee("teller", "checker");
    serviceId = await stand.serviceId(teller, "hotel-check-in");
  });
  afterAll(() => stand.close());
  afterEach(async () => {
    await stand.control("PUT", "/faults", {});
  });

  const check = (body: unknown) => teller.request("POST", "/api/checks", body);

  async function counts() {
    const r = await stand.store.query<{ requests: number; documents: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM requests) AS requests, (SELECT count(*)::int FROM documents) AS documents,
              (SELECT count(*)::int FROM deliveries) AS deliveries`,
    );
    return r.rows[0];
  }

  async function lastCheckAudit() {
    const r = await stand.store.query<{
      actor_id: string;
      subject_id: string;
      details: Record<string, unknown>;
    }>(
      "SELECT actor_id, subject_id, details FROM audit_log WHERE action = 'check.document' ORDER BY seq DESC LIMIT 1",
    );
    return r.rows[0];
  }

  describe("POST /api/checks", () => {
    it("a live code of a current passport is valid; the same code again is used; nothing personal is kept", async () => {
      const before = await counts();
      const code = await stand.liveCode("olena-kovalenko", "internal-passport");
      const r = await check({ serviceId, barcode: code.barcode });
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        result: "valid",
        message: "Документ дійсний: Дія підтвердила його чинність.",
        checkedAt: stand.clock.now().toISOString(),
      });
      const again = await check({ barcode: code.barcode });
      expect(again.status).toBe(200);
      expect(again.body.result).toBe("code_used");
      expect(again.body.message).toContain("уже використано");

      expect(await counts()).toEqual(before);
      const me = (await teller.request("GET", "/api/me")).body.employee;
      const audit = await lastCheckAudit();
      expect(audit).toEqual({
        actor_id: me.id,
        subject_id: me.branch.id,
        details: { result: "code_used", serviceId: null },
      });
      const all = await stand.store.query<{ details: unknown }>(
        "SELECT details FROM audit_log WHERE action = 'check.document'",
      );
      const text = JSON.stringify(all.rows);
      expect(text).not.toContain(code.barcode);
      expect(text).not.toMatch(/Коваленко|Олена/);
      expect(stand.servers[0]?.logs.join("\n")).not.toContain(code.barcode);
      expect((await verifyAuditChain(stand.store, stand.services.dataKey)).ok).toBe(true);
      // Diia received no share: no consent exists for the citizen.
      const consents = await stand.control("GET", "/consents?citizenId=olena-kovalenko");
      expect(consents.body.consents).toEqual([]);
    });

    it("a live code of an expired passport is invalid", async () => {
      const code = await stand.liveCode("iryna-bondarenko", "internal-passport"); // expired 15.03.2026
      const r = await check({ barcode: code.barcode });
      expect(r.status).toBe(200);
      expect(r.body.result).toBe("invalid");
      expect(r.body.message).toBe(
        "Документ недійсний за даними Дії: попросіть клієнта показати інший документ.",
      );
    });

    it("an expired code is code_expired, an unknown one unknown_code", async () => {
      const code = await stand.liveCode("oleh-kravchuk", "internal-passport");
      await stand.control("POST", `/citizens/oleh-kravchuk/documents/${code.documentId}/codes/expire`);
      const expired = await check({ barcode: code.barcode });
      expect(expired.body.result).toBe("code_expired");
      const unknown = await check({ barcode: "4006381333931" });
      expect(unknown.status).toBe(200);
      expect(unknown.body.result).toBe("unknown_code");
      expect((await lastCheckAudit())?.details).toEqual({ result: "unknown_code", serviceId: null });
    });

    it("Diia 5xx and a Diia that never answers are diia_unavailable", async () => {
      await stand.control("PUT", "/faults", {
        endpoints: [{ endpoint: "document-identification", kind: "error", status: 503, remaining: 1 }],
      });
      const code = await stand.liveCode("andrii-shevchenko", "internal-passport");
      const r = await check({ barcode: code.barcode });
      expect(r.status).toBe(200);
      expect(r.body.result).toBe("diia_unavailable");
      expect(r.body.message).toContain("Дія зараз не відповідає");
      await stand.control("PUT", "/faults", {
        endpoints: [{ endpoint: "document-identification", kind: "hang", remaining: 1 }],
      });
      const hung = await check({ barcode: code.barcode });
      expect(hung.body.result).toBe("diia_unavailable");
    });

    it("a document type Diia cannot validate is refused with IDENTIFICATION_TYPE_UNSUPPORTED", async () => {
      const code = await stand.liveCode("olena-kovalenko", "driver-license");
      const r = await check({ barcode: code.barcode });
      expect(r.status).toBe(409);
      expect(r.body.error.code).toBe("IDENTIFICATION_TYPE_UNSUPPORTED");
      expect(r.body.error.message).toContain("Посвідчення водія");
      expect(r.body.error.message).not.toContain(code.barcode);
      expect((await lastCheckAudit())?.details.result).toBe("IDENTIFICATION_TYPE_UNSUPPORTED");
    });

    it("a type missing from the branch's documentIdentification scope tells the admin what to enable", async () => {
      const link = stand.services.diia.link;
      const diiaBranchId = stand.sandbox.state.store.data.branches[0]?._id;
      if (!link || !diiaBranchId) throw new Error("the stand has no Diia branch");
      const branch: BranchUpdate = BranchUpdateSchema.parse(await link.client.branches.get(diiaBranchId));
      await link.client.branches.update(diiaBranchId, {
        ...branch,
        scopes: { ...branch.scopes, documentIdentification: ["internal-passport"] },
      });
      try {
        const code = await stand.liveCode("olena-kovalenko", "taxpayer-card");
        const r = await check({ barcode: code.barcode });
        expect(r.status).toBe(409);
        expect(r.body.error).toEqual({
          code: "IDENTIFICATION_SCOPE_MISSING",
          message:
            "Відділенню не дозволено перевіряти «Картка платника податків (РНОКПП)» (taxpayer-card) у Дії: адміністратору — додайте цей тип до дозволів «documentIdentification» відділення",
        });
        // The refusal does not spend the code: with the scope back, the same code checks.
        await link.client.branches.update(diiaBranchId, branch);
        expect((await check({ barcode: code.barcode })).body.result).toBe("valid");
      } finally {
        await link.client.branches.update(diiaBranchId, branch);
      }
    });

    it("bad barcodes are refused before Diia is asked; a service of another branch is not found", async () => {
      expect((await check({ barcode: "2858364170865" })).body.error.code).toBe("BARCODE_CHECKSUM");
      expect((await check({ barcode: "12345" })).body.error.code).toBe("BARCODE_LENGTH");
      expect((await check({ barcode: "28583641708a4" })).body.error.code).toBe("BARCODE_CHARS");
      expect((await check({})).body.error.code).toBe("BAD_REQUEST");
      const other = await check({
        serviceId: "00000000-0000-4000-8000-000000000000",
        barcode: "4006381333931",
      });
      expect(other.status).toBe(404);
    });

    it("needs a session and the CSRF token", async () => {
      expect(
        (await teller.request("POST", "/api/checks", { barcode: "4006381333931" }, { csrf: false })).status,
      ).toBe(403);
    });
  });
});
