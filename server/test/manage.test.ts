// Managers and admins (issue 6): every route's authorization as a table, the blind-index search, a copy's
// detail/export/delete, retention, the dashboard, branches and services in sync with the sandbox Diia, employees.
import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "../src/lib/seal.ts";
import { backfillSearchIndex } from "../src/services/manage-search.ts";
import { purge } from "../src/services/retention.ts";
import { DRIVERS } from "./helpers.ts";
import { Client } from "./server-helpers.ts";
import { freePort, PASSWORD, Stand, waitForStatus } from "./stand.ts";

let stand: Stand;
let proxy: Server;
const received: string[] = [];
const c: Record<"teller" | "manager" | "admin" | "foreignManager" | "anonymous", Client> = {} as never;
let otherBranch: string;
let copyId: string;
let documentId: string;
let rnokpp: string;
let lastName: string;
let firstName: string;
type Normalised = {
  person: { taxpayerNumber: string; lastName: { uk: string }; firstName: { uk: string } };
};

/** Like Client.request, but a file answer (PDF, envelope) is not parsed as JSON. */
async function call(cl: Client, method: string, p: string, body?: unknown) {
  const res = await fetch(stand.url + p, {
    method,
    headers: {
      ...(cl.cookie ? { cookie: cl.cookie } : {}),
      ...(cl.csrfToken ? { "x-csrf-token": cl.csrfToken } : {}),
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = res.headers.get("content-type")?.startsWith("application/json");
  const parsed = (json ? await res.json() : undefined) as { error?: { code: string } } | undefined;
  return { status: res.status, body: parsed };
}

/** A copy through the real flow: teller scans, the citizen approves in the sandbox, Diia delivers. */
async function receivedCopy(teller = c.teller): Promise<{
  requestId: string;
  documents: { id: string; normalised: Normalised }[];
}> {
  const code = await stand.liveCode("olena-kovalenko", "internal-passport");
  const created = await teller.request("POST", "/api/requests", {
    serviceId: await stand.serviceId(teller),
    kind: "barcode",
    barcode: code.barcode,
  });
  const requestId = created.body.request.id as string;
  await stand.approve(requestId);
  await waitForStatus(teller, requestId);
  const docs = await teller.request("GET", `/api/requests/${requestId}/documents`);
  return { requestId, documents: docs.body.documents };
}

for (const driver of DRIVERS)
  describe(driver, () => {
    beforeAll(async () => {
      // Every callback passes through here on its way to the server, so a test can compare with what Diia sent.
      const callbackPort = await freePort();
      proxy = createServer(async (req, res) => {
        const chunks: Buffer[] = [];
        for await (const ch of req) chunks.push(ch as Buffer);
        const body = Buffer.concat(chunks);
        received.push(body.toString("latin1"));
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === "string" && k !== "host") headers[k] = v;
        const r = await fetch(`${stand.url}${req.url}`, { method: "POST", headers, body });
        res.writeHead(r.status, { "content-type": "application/json" }).end(await r.text());
      });
      await new Promise<void>((r) => proxy.listen(callbackPort, "127.0.0.1", () => r()));
      stand = await new Stand(driver, {
        STIIKA_SESSION_IDLE_MINUTES: "1440",
        STIIKA_SESSION_MAX_HOURS: "168",
      }).start({ callbackPort });
      otherBranch = (
        await stand.store.query<{ id: string }>(
          "INSERT INTO branches (name) VALUES ('Друге відділення') RETURNING id",
        )
      ).rows[0]?.id as string;
      c.teller = await stand.employee("teller", "teller1");
      c.manager = await stand.employee("manager", "manager1");
      c.admin = await stand.employee("admin", "admin1");
      c.foreignManager = await stand.employee("manager", "manager2", otherBranch);
      c.anonymous = new Client(stand.url);
      const copy = await receivedCopy();
      copyId = copy.requestId;
      const doc = copy.documents[0] as { id: string; normalised: Normalised };
      documentId = doc.id;
      rnokpp = doc.normalised.person.taxpayerNumber;
      lastName = doc.normalised.person.lastName.uk;
      firstName = doc.normalised.person.firstName.uk;
    });
    afterAll(async () => {
      await stand?.close();
      await new Promise((r) => proxy?.close(r));
    });

    type Actor = "teller" | "manager" | "admin" | "foreignManager";
    interface RouteCase {
      method: string;
      label: string;
      path: () => string;
      body?: unknown;
      allow: Actor[];
      /** For an allowed actor, the status that shows the request went past authorization (validation, not found, ok). */
      ok: number;
      /** Bound to our copy: a manager of another branch gets 404 NOT_FOUND. */
      copyBound?: boolean;
    }
    const MANAGERS: Actor[] = ["manager", "admin", "foreignManager"];
    const ALL: Actor[] = ["teller", "manager", "admin", "foreignManager"];
    const ADMIN: Actor[] = ["admin"];
    const nobody = () => randomUUID();
    const ROUTES: RouteCase[] = [
      { method: "GET", label: "/api/me", path: () => "/api/me", allow: ALL, ok: 200 },
      { method: "GET", label: "/api/services", path: () => "/api/services", allow: ALL, ok: 200 },
      { method: "POST", label: "/api/requests", path: () => "/api/requests", body: {}, allow: ALL, ok: 400 },
      {
        method: "GET",
        label: "/api/requests/:id",
        path: () => `/api/requests/${nobody()}`,
        allow: ALL,
        ok: 404,
      },
      {
        method: "POST",
        label: "/api/requests/:id/cancel",
        path: () => `/api/requests/${nobody()}/cancel`,
        allow: ALL,
        ok: 404,
      },
      {
        method: "GET",
        label: "/api/requests/:id/documents",
        path: () => `/api/requests/${nobody()}/documents`,
        allow: ALL,
        ok: 404,
      },
      {
        method: "GET",
        label: "/api/documents/:id/pdf",
        path: () => `/api/documents/${nobody()}/pdf`,
        allow: ALL,
        ok: 404,
      },
      {
        method: "PUT",
        label: "/api/requests/:id/questionnaire",
        path: () => `/api/requests/${nobody()}/questionnaire`,
        body: {},
        allow: ALL,
        ok: 400,
      },
      {
        method: "GET",
        label: "/api/manage/copies",
        path: () => "/api/manage/copies",
        allow: MANAGERS,
        ok: 200,
      },
      {
        method: "GET",
        label: "/api/manage/copies/:id",
        path: () => `/api/manage/copies/${copyId}`,
        allow: MANAGERS,
        ok: 200,
        copyBound: true,
      },
      {
        method: "GET",
        label: "/api/manage/copies/:id/documents/:id/pdf",
        path: () => `/api/manage/copies/${copyId}/documents/${documentId}/pdf`,
        allow: MANAGERS,
        ok: 200,
        copyBound: true,
      },
      {
        method: "GET",
        label: "/api/manage/copies/:id/documents/:id/envelope",
        path: () => `/api/manage/copies/${copyId}/documents/${documentId}/envelope`,
        allow: MANAGERS,
        ok: 200,
        copyBound: true,
      },
      {
        method: "DELETE",
        label: "/api/manage/copies/:id",
        path: () => `/api/manage/copies/${nobody()}`,
        body: { reason: "mistake" },
        allow: MANAGERS,
        ok: 404,
      },
      {
        method: "GET",
        label: "/api/manage/filters",
        path: () => "/api/manage/filters",
        allow: MANAGERS,
        ok: 200,
      },
      {
        method: "GET",
        label: "/api/manage/dashboard",
        path: () => "/api/manage/dashboard",
        allow: MANAGERS,
        ok: 200,
      },
      {
        method: "GET",
        label: "/api/manage/retention",
        path: () => "/api/manage/retention",
        allow: MANAGERS,
        ok: 200,
      },
      {
        method: "PUT",
        label: "/api/manage/retention",
        path: () => "/api/manage/retention",
        body: { days: 0 },
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "PUT",
        label: "/api/manage/retention/branches/:id",
        path: () => `/api/manage/retention/branches/${nobody()}`,
        body: { days: 5 },
        allow: MANAGERS,
        ok: 404,
      },
      {
        method: "GET",
        label: "/api/admin/branches",
        path: () => "/api/admin/branches",
        allow: ADMIN,
        ok: 200,
      },
      {
        method: "POST",
        label: "/api/admin/branches",
        path: () => "/api/admin/branches",
        body: {},
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "PUT",
        label: "/api/admin/branches/:id",
        path: () => `/api/admin/branches/${nobody()}`,
        body: {},
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "DELETE",
        label: "/api/admin/branches/:id",
        path: () => `/api/admin/branches/${nobody()}`,
        allow: ADMIN,
        ok: 404,
      },
      {
        method: "POST",
        label: "/api/admin/branches/:id/services",
        path: () => `/api/admin/branches/${nobody()}/services`,
        body: {},
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "PUT",
        label: "/api/admin/services/:id",
        path: () => `/api/admin/services/${nobody()}`,
        body: {},
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "DELETE",
        label: "/api/admin/services/:id",
        path: () => `/api/admin/services/${nobody()}`,
        allow: ADMIN,
        ok: 404,
      },
      {
        method: "GET",
        label: "/api/admin/employees",
        path: () => "/api/admin/employees",
        allow: ADMIN,
        ok: 200,
      },
      {
        method: "PUT",
        label: "/api/admin/employees/:id",
        path: () => `/api/admin/employees/${nobody()}`,
        body: {},
        allow: ADMIN,
        ok: 400,
      },
      {
        method: "POST",
        label: "/api/admin/employees/:id/reset-password",
        path: () => `/api/admin/employees/${nobody()}/reset-password`,
        allow: ADMIN,
        ok: 404,
      },
      {
        method: "POST",
        label: "/api/admin/audit/verify",
        path: () => "/api/admin/audit/verify",
        allow: ADMIN,
        ok: 200,
      },
      {
        method: "POST",
        label: "/api/employees",
        path: () => "/api/employees",
        body: {},
        allow: ADMIN,
        ok: 400,
      },
    ];

    describe("authorization of every route", () => {
      const actors: (Actor | "anonymous")[] = ["anonymous", "teller", "manager", "admin", "foreignManager"];
      for (const route of ROUTES) {
        it(`${route.method} ${route.label}`, async () => {
          for (const actor of actors) {
            const r = await call(c[actor], route.method, route.path(), route.body);
            const expected =
              actor === "anonymous"
                ? { status: 401, code: "UNAUTHENTICATED" }
                : !route.allow.includes(actor)
                  ? { status: 403, code: "FORBIDDEN" }
                  : route.copyBound && actor === "foreignManager"
                    ? { status: 404, code: "NOT_FOUND" }
                    : { status: route.ok, code: r.body?.error?.code };
            expect({ actor, status: r.status, code: r.body?.error?.code }).toEqual({ actor, ...expected });
          }
        });
      }
    });

    describe("received copies", () => {
      const list = (cl: Client, q = "") => cl.request("GET", `/api/manage/copies${q}`);

      it("a manager finds the copy by РНОКПП (with spaces) and by name tokens in any case and apostrophe", async () => {
        for (const q of [
          rnokpp,
          `${rnokpp.slice(0, 5)} ${rnokpp.slice(5)}`,
          lastName.toUpperCase(),
          ` ${lastName.toLowerCase()} `,
        ]) {
          const r = await list(c.manager, `?q=${encodeURIComponent(q)}`);
          expect(r.status).toBe(200);
          expect(r.body.items.map((i: { id: string }) => i.id)).toEqual([copyId]);
          expect(r.body.items[0].clientName.startsWith(lastName)).toBe(true);
          expect(r.body.total).toBe(1);
        }
        const wrong = `${rnokpp.slice(0, 9)}${(Number(rnokpp[9]) + 1) % 10}`;
        expect((await list(c.manager, `?q=${wrong}`)).body.items).toEqual([]);
        // A name's beginning from three letters finds it; the middle of a name does not; two letters only a
        // two-letter name
        for (const q of [
          lastName.slice(0, 3),
          lastName.slice(0, 4).toUpperCase(),
          `${lastName.slice(0, 3)} ${firstName.slice(0, 3)}`,
        ])
          expect(
            (await list(c.manager, `?q=${encodeURIComponent(q)}`)).body.items.map(
              (i: { id: string }) => i.id,
            ),
            q,
          ).toEqual([copyId]);
        for (const q of [lastName.slice(1, 5), lastName.slice(0, 2), `${lastName.slice(0, 3)}щщ`])
          expect((await list(c.manager, `?q=${encodeURIComponent(q)}`)).body.items, q).toEqual([]);
      });

      it("the index stores only HMACs: no РНОКПП or name in clear", async () => {
        const rows = await stand.store.query<{ token_hmac: string }>(
          "SELECT token_hmac FROM document_search",
        );
        expect(rows.rows.length).toBeGreaterThan(2);
        for (const r of rows.rows) {
          expect(r.token_hmac).toMatch(/^[0-9a-f]{64}$/);
          expect(r.token_hmac).not.toContain(rnokpp);
        }
      });

      it("filters by status, type, employee and date; another branch's manager does not see it; admin does", async () => {
        const today = stand.clock.now().toISOString().slice(0, 10);
        const tellerId = (await c.teller.request("GET", "/api/me")).body.employee.id;
        const hit = [
          "?status=received",
          "?type=internal-passport",
          `?employeeId=${tellerId}`,
          `?from=${today}&to=${today}`,
        ];
        for (const q of hit)
          expect((await list(c.manager, q)).body.items.map((i: { id: string }) => i.id)).toContain(copyId);
        for (const q of ["?status=declined", "?type=driver-license", "?to=2000-01-01"])
          expect((await list(c.manager, q)).body.items).toEqual([]);
        expect((await list(c.foreignManager)).body.items).toEqual([]);
        expect((await list(c.foreignManager, `?q=${rnokpp}`)).body.items).toEqual([]);
        expect((await list(c.admin, `?q=${rnokpp}`)).body.items.map((i: { id: string }) => i.id)).toEqual([
          copyId,
        ]);
        expect((await list(c.manager, "?q=%21%21")).body.error.code).toBe("BAD_REQUEST");
      });

      it("documents stored before the index existed are found after the backfill", async () => {
        await stand.store.query("DELETE FROM document_search");
        await stand.store.query("UPDATE documents SET search_indexed = false");
        expect((await list(c.manager, `?q=${rnokpp}`)).body.items).toEqual([]);
        expect(await backfillSearchIndex(stand.services)).toBe(1);
        expect((await list(c.manager, `?q=${rnokpp}`)).body.items.map((i: { id: string }) => i.id)).toEqual([
          copyId,
        ]);
      });

      it("the detail shows metadata, a signature checked again now, and the record's audit trail", async () => {
        const r = await c.manager.request("GET", `/api/manage/copies/${copyId}`);
        expect(r.status).toBe(200);
        const copy = r.body.copy;
        expect(copy.status).toBe("received");
        expect(copy.documents).toHaveLength(1);
        expect(copy.documents[0].normalised.person.taxpayerNumber).toBe(rnokpp);
        expect(copy.documents[0].signature).toMatchObject({ valid: true, checkedNow: true });
        expect(copy.documents[0].signature.signer).toBe(copy.documents[0].provenance.signer.subject);
        const actions = copy.audit.map((a: { action: string }) => a.action);
        expect(actions).toEqual(expect.arrayContaining(["request.create", "delivery.received", "copy.view"]));
      });

      it("exports the PDF as decrypted and the envelope byte for byte as Diia sent it; both audited", async () => {
        const base = `${stand.url}/api/manage/copies/${copyId}/documents/${documentId}`;
        const get = (p: string) => fetch(`${base}/${p}`, { headers: { cookie: c.manager.cookie ?? "" } });
        const pdf = Buffer.from(await (await get("pdf")).arrayBuffer());
        const sealed = await stand.store.query<{ pdf: string; env: string }>(
          "SELECT encode(pdf_sealed, 'base64') AS pdf, encode(envelope_sealed, 'base64') AS env FROM documents WHERE id = $1",
          [documentId],
        );
        const row = sealed.rows[0] as { pdf: string; env: string };
        const key = stand.services.dataKey;
        expect(
          pdf.equals(open([key], { rowId: documentId, kind: "pdf" }, Buffer.from(row.pdf, "base64"))),
        ).toBe(true);
        expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
        const envRes = await get("envelope");
        expect(envRes.headers.get("content-disposition")).toMatch(/^attachment; filename=".+\.p7s\.b64"$/);
        const envelope = await envRes.text();
        expect(envelope.length).toBeGreaterThan(1000);
        expect(received.some((body) => body.includes(envelope))).toBe(true);
        const audit = await stand.store.query<{ action: string }>(
          "SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'copy.export%' ORDER BY seq",
          [documentId],
        );
        expect(audit.rows.map((a) => a.action)).toEqual(
          expect.arrayContaining(["copy.export_pdf", "copy.export_envelope"]),
        );
      });

      it("the dashboard counts the copy, its consent time, and its document type", async () => {
        const r = await c.manager.request("GET", "/api/manage/dashboard");
        const d = r.body.dashboard;
        expect(d.outcomes.received).toBeGreaterThanOrEqual(1);
        expect(d.perDay.reduce((n: number, p: { copies: number }) => n + p.copies, 0)).toBe(
          d.outcomes.received,
        );
        expect(d.consentSeconds.count).toBe(d.outcomes.received);
        expect(d.consentSeconds.median).toBeGreaterThanOrEqual(0);
        expect(d.consentSeconds.p90).toBeGreaterThanOrEqual(d.consentSeconds.median);
        expect(d.byType.find((t: { type: string }) => t.type === "passport")?.received).toBe(
          d.outcomes.received,
        );
        const foreign = (await c.foreignManager.request("GET", "/api/manage/dashboard")).body.dashboard;
        expect(foreign.outcomes.total).toBe(0);
      });

      it("deleting needs a known reason, removes documents and index rows, and is audited", async () => {
        const second = await receivedCopy();
        expect(
          (await c.manager.request("DELETE", `/api/manage/copies/${second.requestId}`, { reason: "" }))
            .status,
        ).toBe(400);
        const r = await c.manager.request("DELETE", `/api/manage/copies/${second.requestId}`, {
          reason: "client-request",
        });
        expect(r.body).toEqual({ deleted: true });
        const left = await stand.store.query<{ n: number }>(
          "SELECT (SELECT count(*) FROM documents WHERE request_id = $1)::int + (SELECT count(*) FROM document_search WHERE request_id = $1)::int AS n",
          [second.requestId],
        );
        expect(left.rows[0]?.n).toBe(0);
        const detail = (await c.manager.request("GET", `/api/manage/copies/${second.requestId}`)).body.copy;
        expect(detail).toMatchObject({ status: "deleted", deletedReason: "client-request", documents: [] });
        expect(detail.audit.map((a: { action: string }) => a.action)).toContain("copy.delete");
        const again = await c.manager.request("DELETE", `/api/manage/copies/${second.requestId}`, {
          reason: "mistake",
        });
        expect(again.body.error.code).toBe("CONFLICT");
        expect((await list(c.manager, `?q=${rnokpp}`)).body.items.map((i: { id: string }) => i.id)).toEqual([
          copyId,
        ]);
      });
    });

    describe("branches and services in sync with Diia", () => {
      const address = {
        region: "м. Київ",
        district: "Печерський район",
        location: "Київ",
        street: "вул. Банкова",
        house: "2",
      };
      const diia = () =>
        stand.services.diia.link?.client as NonNullable<typeof stand.services.diia.link>["client"];

      it("creates, edits and deletes a branch and its service; the sandbox sees every step", async () => {
        const created = await c.admin.request("POST", "/api/admin/branches", {
          name: "Філія на Банковій",
          ...address,
        });
        expect(created.status).toBe(201);
        const branches = (await c.admin.request("GET", "/api/admin/branches")).body.branches;
        const branch = branches.find((b: { id: string }) => b.id === created.body.branch.id);
        expect(branch.diiaBranchId).toBeTruthy();
        expect((await diia().branches.get(branch.diiaBranchId)).name).toBe("Філія на Банковій");

        const renamed = await c.admin.request("PUT", `/api/admin/branches/${branch.id}`, {
          name: "Філія 2",
          ...address,
          house: "3",
        });
        expect(renamed.body).toEqual({ updated: true });
        expect(await diia().branches.get(branch.diiaBranchId)).toMatchObject({ name: "Філія 2", house: "3" });

        const svc = await c.admin.request("POST", `/api/admin/branches/${branch.id}/services`, {
          name: "Поселення",
          template: "hotel-check-in",
          documentTypes: ["passport"],
        });
        expect(svc.status).toBe(201);
        const offers = async () =>
          (await diia().offers.list(branch.diiaBranchId)).offers.map((o) => [o._id, o.scopes.sharing]);
        expect(await offers()).toEqual([[svc.body.service.diiaOfferId, ["passport"]]]);
        const dup = await c.admin.request("POST", `/api/admin/branches/${branch.id}/services`, {
          name: "Ще одне",
          template: "hotel-check-in",
          documentTypes: ["passport"],
        });
        expect(dup.body.error.code).toBe("CONFLICT");

        const edited = await c.admin.request("PUT", `/api/admin/services/${svc.body.service.id}`, {
          name: "Поселення",
          template: "hotel-check-in",
          documentTypes: ["passport", "taxpayer-card"],
        });
        expect(edited.body.service.offerReplaced).toBe(true);
        expect(edited.body.service.diiaOfferId).not.toBe(svc.body.service.diiaOfferId);
        expect(await offers()).toEqual([[edited.body.service.diiaOfferId, ["passport", "taxpayer-card"]]]);

        expect((await c.admin.request("DELETE", `/api/admin/services/${svc.body.service.id}`)).body).toEqual({
          deleted: true,
        });
        expect(await offers()).toEqual([]);
        expect((await c.admin.request("DELETE", `/api/admin/branches/${branch.id}`)).body).toEqual({
          deleted: true,
        });
        await expect(diia().branches.get(branch.diiaBranchId)).rejects.toMatchObject({ status: 404 });
        const audit = await stand.store.query<{ action: string }>(
          "SELECT action FROM audit_log WHERE action LIKE 'branch.%' OR action LIKE 'service.%' ORDER BY seq",
        );
        expect(audit.rows.map((a) => a.action)).toEqual([
          "branch.created",
          "branch.updated",
          "service.created",
          "service.updated",
          "service.deleted",
          "branch.deleted",
        ]);
      });

      it("a branch with employees is not deleted; bad branch data is refused before Diia is called", async () => {
        const main = (await c.admin.request("GET", "/api/admin/branches")).body.branches[0];
        expect((await c.admin.request("DELETE", `/api/admin/branches/${main.id}`)).body.error.code).toBe(
          "CONFLICT",
        );
        const long = await c.admin.request("POST", "/api/admin/branches", {
          name: "x".repeat(33),
          ...address,
        });
        expect(long.body.error).toMatchObject({ code: "BAD_REQUEST" });
        expect(long.body.error.message).toContain("name");
      });
    });

    describe("employees and the audit chain", () => {
      it("reset password ends sessions and forces a change; disabling blocks sign-in; an admin cannot disable themself", async () => {
        const staff = (await c.admin.request("GET", "/api/admin/employees")).body.employees;
        const teller = staff.find((e: { login: string }) => e.login === "teller1");
        expect(teller).toMatchObject({ role: "teller", disabled: false });
        const reset = await c.admin.request("POST", `/api/admin/employees/${teller.id}/reset-password`);
        expect(reset.body.oneTimePassword.length).toBeGreaterThanOrEqual(12);
        expect((await c.teller.request("GET", "/api/me")).status).toBe(401);
        const fresh = new Client(stand.url);
        expect(
          (await fresh.login("teller1", reset.body.oneTimePassword)).body.employee.mustChangePassword,
        ).toBe(true);
        expect((await fresh.login("teller1", PASSWORD)).status).toBe(401);

        const body = { displayName: "Касир", role: "manager", branchId: otherBranch, disabled: true };
        expect((await c.admin.request("PUT", `/api/admin/employees/${teller.id}`, body)).body).toEqual({
          updated: true,
        });
        expect((await new Client(stand.url).login("teller1", reset.body.oneTimePassword)).status).not.toBe(
          200,
        );
        const after = (await c.admin.request("GET", "/api/admin/employees")).body.employees.find(
          (e: { id: string }) => e.id === teller.id,
        );
        expect(after).toMatchObject({
          displayName: "Касир",
          role: "manager",
          disabled: true,
          branch: { id: otherBranch },
        });

        const me = (await c.admin.request("GET", "/api/me")).body.employee;
        const self = await c.admin.request("PUT", `/api/admin/employees/${me.id}`, {
          ...body,
          role: "admin",
          branchId: me.branch.id,
        });
        expect(self.body.error.code).toBe("CONFLICT");
      });

      it("verifies the chain and reports tampering", async () => {
        expect((await c.admin.request("POST", "/api/admin/audit/verify")).body.result).toMatchObject({
          ok: true,
        });
        await stand.store.exec("ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_delete");
        await stand.store.query("UPDATE audit_log SET details = '{\"x\":1}' WHERE seq = 2");
        await stand.store.exec("ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_update_delete");
        expect((await c.admin.request("POST", "/api/admin/audit/verify")).body.result).toMatchObject({
          ok: false,
          seq: 2,
          reason: "hash mismatch",
        });
      });
    });

    describe("retention per branch", () => {
      it("a manager sets only their own branch, an admin the default and any branch, and the purge honours each", async () => {
        // A second branch registered with Diia, with its own service, teller and manager; one copy in each
        // branch, both three days old by the time the purge runs.
        const branch = await c.admin.request("POST", "/api/admin/branches", {
          name: "Філія на Подолі",
          region: "м. Київ",
          district: "Подільський район",
          location: "Київ",
          street: "вул. Сагайдачного",
          house: "1",
        });
        const podil = branch.body.branch.id as string;
        await c.admin.request("POST", `/api/admin/branches/${podil}/services`, {
          name: "Рахунок",
          template: "bank-account",
          documentTypes: ["internal-passport", "taxpayer-card"],
        });
        const podilTeller = await stand.employee("teller", "teller-podil", podil);
        const podilManager = await stand.employee("manager", "manager-podil", podil);
        const ours = await receivedCopy(await stand.employee("teller", "teller-main"));
        const theirs = (await receivedCopy(podilTeller)).requestId;
        const docsOf = async (requestId: string) =>
          (await stand.store.query("SELECT 1 FROM documents WHERE request_id = $1", [requestId])).rows.length;
        expect(await docsOf(ours.requestId)).toBe(1);
        expect(await docsOf(theirs)).toBe(1);

        const seen = await c.manager.request("GET", "/api/manage/retention");
        expect(seen.body.retention.default).toEqual({ days: 30, source: "config" });
        expect(seen.body.retention.branches.map((b: { id: string }) => b.id)).not.toContain(podil);
        expect(seen.body.retention.branches).toHaveLength(1);
        const ownBranch = seen.body.retention.branches[0].id as string;

        // The other branch's manager can neither change the default nor our branch (not even learn it exists).
        expect((await podilManager.request("PUT", "/api/manage/retention", { days: 1 })).status).toBe(403);
        const cross = await podilManager.request("PUT", `/api/manage/retention/branches/${ownBranch}`, {
          days: 1,
        });
        expect(cross.status).toBe(404);
        expect(cross.body.error.code).toBe("NOT_FOUND");
        // Their own branch: one day.
        const own = await podilManager.request("PUT", `/api/manage/retention/branches/${podil}`, {
          days: 1,
        });
        expect(own.status).toBe(200);
        expect(own.body.retention.branches).toEqual([
          { id: podil, name: "Філія на Подолі", days: 1, effectiveDays: 1 },
        ]);
        expect(
          (await c.manager.request("PUT", `/api/manage/retention/branches/${ownBranch}`, { days: 0 })).status,
        ).toBe(400);

        stand.clock.advance(3 * 86_400_000);
        await purge(stand.services);
        expect(await docsOf(theirs)).toBe(0);
        expect(await docsOf(ours.requestId)).toBe(1);

        // The admin (signed in afresh: three days idle ended the session) shortens the default to two days: our
        // branch follows it, an explicit period would not.
        const admin = new Client(stand.url);
        expect((await admin.login("admin1", PASSWORD)).status).toBe(200);
        const def = await admin.request("PUT", "/api/manage/retention", { days: 2 });
        expect(def.body.retention.default).toEqual({ days: 2, source: "database" });
        expect(def.body.retention.branches.length).toBeGreaterThanOrEqual(2);
        await admin.request("PUT", `/api/manage/retention/branches/${podil}`, { days: null });
        await purge(stand.services);
        expect(await docsOf(ours.requestId)).toBe(0);
        // Back to the configured default for the tests after this one.
        await stand.store.query("DELETE FROM settings WHERE key = 'retention_days'");

        const audit = await stand.store.query<{
          action: string;
          subject_id: string | null;
          details: unknown;
        }>(
          `SELECT action, subject_id, details FROM audit_log
           WHERE action IN ('settings.retention', 'branch.retention') ORDER BY seq`,
        );
        expect(audit.rows).toEqual([
          { action: "branch.retention", subject_id: podil, details: { days: 1, previous: null } },
          { action: "settings.retention", subject_id: null, details: { days: 2, previous: 30 } },
          { action: "branch.retention", subject_id: podil, details: { days: null, previous: 1 } },
        ]);
      });
    });
  });
