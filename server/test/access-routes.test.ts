// The access rules (services/access.ts) through the real routes, for the two holes they closed: a questionnaire
// saved onto a copy a manager had deleted, and the client's name as the signer of the application shown in
// `GET /api/requests/:id` after the teller's window had shut the documents it comes from. The signature is made
// by jkurwa + gost89 (not our code) and posted to the real webhook, as Diia posts it.
import path from "node:path";
import { signingResponse, signingSchema } from "@stiika/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { type Citizen, CitizenPki, encodeData, jkSign, postSigning } from "./signing-helpers.ts";
import { Stand, waitForStatus } from "./stand.ts";

describe("access through the routes (pglite)", () => {
  let stand: Stand;
  let pki: CitizenPki;
  let teller: Client;
  let manager: Client;

  beforeAll(async () => {
    const clock = { now: () => new Date() };
    pki = await new CitizenPki(() => clock.now()).start();
    stand = await new Stand("pglite", {
      DIIA_SIGNING_CA_FILES: path.join(pki.dir, "ca.cer"),
      STIIKA_TELLER_ACCESS_MINUTES: "30",
      STIIKA_SESSION_IDLE_MINUTES: "1440",
      STIIKA_SESSION_MAX_HOURS: "168",
    }).start();
    clock.now = stand.clock.now;
    teller = await stand.employee("teller", "access-teller");
    manager = await stand.employee("manager", "access-manager");
  }, 120_000);
  afterAll(async () => {
    await stand?.close();
    await pki?.close();
  });

  /** A received visit of olena (ID card): its request id and her РНОКПП as the documents name it. */
  async function visit(): Promise<{ id: string; rnokpp: string }> {
    const serviceId = await stand.serviceId(teller, "hotel-check-in");
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const r = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(r.status).toBe(201);
    await stand.approve(r.body.request.id);
    expect((await waitForStatus(teller, r.body.request.id)).status).toBe("received");
    const docs = await teller.request("GET", `/api/requests/${r.body.request.id}/documents`);
    expect(docs.status).toBe(200);
    return { id: r.body.request.id, rnokpp: docs.body.documents[0].normalised.person.taxpayerNumber };
  }
  const questionnaire = {
    template: "hotel-check-in",
    fields: { "person.lastName.uk": "Коваленко", room: "12" },
  };

  it("a questionnaire cannot be saved onto a copy a manager deleted: 409 COPY_DELETED, nothing stored", async () => {
    const { id } = await visit();
    const del = await manager.request("DELETE", `/api/manage/copies/${id}`, { reason: "client-request" });
    expect(del.status).toBe(200);
    const put = await teller.request("PUT", `/api/requests/${id}/questionnaire`, questionnaire);
    expect({ status: put.status, code: put.body.error?.code }).toEqual({ status: 409, code: "COPY_DELETED" });
    const stored = await stand.store.query("SELECT 1 FROM questionnaires WHERE request_id = $1", [id]);
    expect(stored.rows).toEqual([]);
    const audit = await stand.store.query(
      "SELECT 1 FROM audit_log WHERE action = 'questionnaire.save' AND subject_id = $1",
      [id],
    );
    expect(audit.rows).toEqual([]);
    // Nor by the manager, and the documents of a deleted copy are not listed as if it were empty.
    const byManager = await manager.request("PUT", `/api/requests/${id}/questionnaire`, questionnaire);
    expect(byManager.body.error?.code).toBe("COPY_DELETED");
    expect((await teller.request("GET", `/api/requests/${id}/documents`)).body.error?.code).toBe(
      "COPY_DELETED",
    );
    // The request itself stays readable (its row is kept with deletedAt), as before.
    expect((await teller.request("GET", `/api/requests/${id}`)).status).toBe(200);
  });

  it("the same save on a copy that is not deleted succeeds (the refusal above is the deletion's alone); a manager's is 403", async () => {
    const { id } = await visit();
    const put = await teller.request("PUT", `/api/requests/${id}/questionnaire`, questionnaire);
    expect({ status: put.status, body: put.body }).toEqual({ status: 200, body: { saved: true } });
    // The branch's manager reads the copy but does not overwrite the teller's questionnaire or sign for them.
    const byManager = await manager.request("PUT", `/api/requests/${id}/questionnaire`, questionnaire);
    expect({ status: byManager.status, code: byManager.body.error?.code }).toEqual({
      status: 403,
      code: "FORBIDDEN",
    });
    const signing = await manager.request("POST", `/api/requests/${id}/signings`, {});
    expect({ status: signing.status, code: signing.body.error?.code }).toEqual({
      status: 403,
      code: "FORBIDDEN",
    });
    expect((await manager.request("GET", `/api/requests/${id}/documents`)).status).toBe(200);
  });

  it("Request.signing.signer (the client's name) follows the documents: null for the teller past the window", async () => {
    const { id, rnokpp } = await visit();
    const client: Citizen = pki.citizen({ rnokpp });
    expect((await teller.request("PUT", `/api/requests/${id}/questionnaire`, questionnaire)).status).toBe(
      200,
    );
    const created = await teller.request("POST", `/api/requests/${id}/signings`, {});
    expect(created.status).toBe(201);
    const signing = signingResponse.parse(created.body).signing;
    const pdf = new Uint8Array(
      await (
        await fetch(`${stand.url}/api/signings/${signing.id}/pdf`, {
          headers: { cookie: teller.cookie ?? "" },
        })
      ).arrayBuffer(),
    );
    const trace = await stand.store.query<{ diia_request_id: string }>(
      "SELECT diia_request_id FROM signings WHERE id = $1",
      [signing.id],
    );
    const posted = await postSigning(
      stand.url,
      encodeData([{ name: signing.fileName, signature: jkSign(client, pdf, stand.clock.now()) }]),
      { traceId: trace.rows[0]?.diia_request_id as string },
    );
    expect(posted).toEqual({ status: 200, body: { success: true } });

    const seen = async (c: Client) => {
      const r = await c.request("GET", `/api/requests/${id}`);
      expect(r.status).toBe(200);
      // What the web parses (@stiika/api): the key stays, `signer` nullable.
      return signingSchema.nullable().parse(r.body.request.signing);
    };
    // Within the window the teller sees who signed, like the manager.
    expect((await seen(teller))?.signer?.fullName).toBe("Коваленко Олена Петрівна");
    stand.clock.advance(31 * 60_000);
    expect((await teller.request("GET", `/api/requests/${id}/documents`)).status).toBe(404);
    const late = await seen(teller);
    // The signing is still there to resume from (its state is not personal data), the signer is not.
    expect(late).toMatchObject({ id: signing.id, status: "signed", signer: null });
    expect(JSON.stringify(late)).not.toContain("Коваленко");
    expect((await teller.request("GET", `/api/signings/${signing.id}`)).status).toBe(404);
    // The branch's manager still reads the documents, and so the signer.
    expect((await seen(manager))?.signer?.fullName).toBe("Коваленко Олена Петрівна");
  });
});
