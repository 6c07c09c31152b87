// Who may read what: the teller who asked (within the access window), managers/admins of that branch — nobody
// else; signed-out and locked sessions read nothing. Then the questionnaire, and retention purging it all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { purge } from "../src/services/retention.ts";
import type { Client } from "./server-helpers.ts";
import { Stand, waitForStatus } from "./stand.ts";

let stand: Stand;
let teller: Client;
let requestId: string;
let documentId: string;
const others: Record<string, Client> = {};

const docsOf = (c: Client) => c.request("GET", `/api/requests/${requestId}/documents`);
const pdfStatus = async (c: Client) =>
  (await fetch(`${stand.url}/api/documents/${documentId}/pdf`, { headers: { cookie: c.cookie ?? "" } }))
    .status;

beforeAll(async () => {
  stand = await new Stand("pglite", {
    STIIKA_TELLER_ACCESS_MINUTES: "30",
    STIIKA_SESSION_IDLE_MINUTES: "1440",
    STIIKA_SESSION_MAX_HOURS: "168",
  }).start();
  const other = (
    await stand.store.query<{ id: string }>(
      "INSERT INTO branches (name) VALUES ('Друге відділення') RETURNING id",
    )
  ).rows[0]?.id as string;
  teller = await stand.employee("teller", "asker");
  others.colleague = await stand.employee("teller", "colleague");
  others.manager = await stand.employee("manager", "manager");
  others.admin = await stand.employee("admin", "admin2");
  others.foreignTeller = await stand.employee("teller", "foreign-teller", other);
  others.foreignManager = await stand.employee("manager", "foreign-manager", other);
  const serviceId = await stand.serviceId(teller);
  const code = await stand.liveCode("olena-kovalenko", "internal-passport");
  const created = await teller.request("POST", "/api/requests", {
    serviceId,
    kind: "barcode",
    barcode: code.barcode,
  });
  requestId = created.body.request.id;
  await stand.approve(requestId);
  const done = await waitForStatus(teller, requestId);
  documentId = done.documents[0].id;
});
afterAll(() => stand.close());

describe("authorization of documents", () => {
  it("the teller who asked, a manager and an admin of the branch read the documents and the PDF", async () => {
    for (const c of [teller, others.manager, others.admin] as Client[]) {
      const r = await docsOf(c);
      expect(r.status).toBe(200);
      expect(r.body.documents).toHaveLength(1);
      expect(await pdfStatus(c)).toBe(200);
    }
  });

  it("another teller of the branch, and anyone of another branch, get 404 for the request, documents and PDF", async () => {
    for (const name of ["colleague", "foreignTeller", "foreignManager"]) {
      const c = others[name] as Client;
      expect((await docsOf(c)).body.error.code).toBe("NOT_FOUND");
      expect((await c.request("GET", `/api/requests/${requestId}`)).status).toBe(404);
      expect(await pdfStatus(c)).toBe(404);
      expect((await c.request("POST", `/api/requests/${requestId}/cancel`)).status).toBe(404);
    }
  });

  it("the questionnaire is saved sealed by the teller, audited with a field count, and refused to others", async () => {
    const body = { template: "bank-account", fields: { lastName: "Коваленко", phone: "+380501234567" } };
    const saved = await teller.request("PUT", `/api/requests/${requestId}/questionnaire`, body);
    expect(saved.body).toEqual({ saved: true });
    const row = await stand.store.query<{ clear: boolean }>(
      "SELECT position(convert_to('Коваленко', 'UTF8') in fields_sealed) > 0 AS clear FROM questionnaires WHERE request_id = $1",
      [requestId],
    );
    expect(row.rows).toEqual([{ clear: false }]);
    const audit = await stand.store.query<{ details: Record<string, unknown> }>(
      "SELECT details FROM audit_log WHERE action = 'questionnaire.save' AND subject_id = $1",
      [requestId],
    );
    expect(audit.rows).toEqual([{ details: { template: "bank-account", fields: 2 } }]);
    const refused = await (others.colleague as Client).request(
      "PUT",
      `/api/requests/${requestId}/questionnaire`,
      body,
    );
    expect(refused.status).toBe(404);
    const invalid = await teller.request("PUT", `/api/requests/${requestId}/questionnaire`, {
      template: "x",
      fields: {},
    });
    expect(invalid.body.error.code).toBe("BAD_REQUEST");
  });

  it("after the teller's access window the teller reads no documents; the manager still does", async () => {
    stand.clock.advance(31 * 60_000);
    expect((await docsOf(teller)).status).toBe(404);
    expect(await pdfStatus(teller)).toBe(404);
    expect((await docsOf(others.manager as Client)).status).toBe(200);
  });

  it("a signed-out session and a disabled account read nothing; someone else's wrong passwords end nothing", async () => {
    const manager = others.manager as Client;
    const cookie = manager.cookie;
    await manager.request("POST", "/api/auth/logout");
    const stale = new (teller.constructor as typeof Client)(stand.url);
    stale.cookie = cookie;
    expect((await stale.request("GET", `/api/requests/${requestId}/documents`)).status).toBe(401);
    const admin = others.admin as Client;
    const attacker = new (teller.constructor as typeof Client)(stand.url);
    await attacker.login("admin2", "wrong password 1");
    await attacker.login("admin2", "wrong password 2");
    expect((await admin.request("GET", `/api/requests/${requestId}/documents`)).status).toBe(200);
    await stand.store.query("UPDATE employees SET disabled = true WHERE login = 'admin2'");
    const disabled = await admin.request("GET", `/api/requests/${requestId}/documents`);
    expect(disabled.status).toBe(401);
    expect(disabled.body.error.code).toBe("UNAUTHENTICATED");
  });
});

describe("retention", () => {
  it("purges documents, questionnaires and kept parts older than the retention days, audited with counts only", async () => {
    const services = stand.services;
    const early = await purge(services);
    expect(early.documents).toBe(0);
    stand.clock.advance(31 * 86_400_000);
    const counts = await purge(services);
    expect(counts).toMatchObject({ documents: 1, questionnaires: 1, deliveries: 1 });
    const left = await stand.store.query<{ n: number }>("SELECT count(*)::int AS n FROM documents");
    expect(left.rows[0]?.n).toBe(0);
    const audit = await stand.store.query<{ details: Record<string, number> }>(
      "SELECT details FROM audit_log WHERE action = 'retention.purge' ORDER BY seq DESC LIMIT 1",
    );
    expect(audit.rows[0]?.details).toMatchObject({ documents: 1, questionnaires: 1, deliveries: 1 });
    // Sessions idle past the window are gone too.
    expect(counts.sessions).toBeGreaterThan(0);
  });
});
