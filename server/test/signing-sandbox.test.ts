// Дія.Підпис against the real sandbox, both algorithms, revocation required: the sandbox signs with the citizen's
// qualified-looking certificate (DSTU 4145 or P-256, naming the sandbox's OCSP responder and CRL), the server
// checks it online with no configuration beyond the sandbox's citizen-ca files. Then the citizen's certificate is
// revoked through the sandbox's control API: the next signature is refused SIGNER_REVOKED and changes nothing.
// A PKI of this stand's own, served on its clock, so revoking touches nobody else.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { signingResponse } from "@stiika/api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { Stand, until, waitForStatus } from "./stand.ts";

const root = mkdtempSync(path.join(tmpdir(), "stiika-signing-sandbox-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("Дія.Підпис signed by the sandbox, STIIKA_REVOCATION=require", () => {
  let stand: Stand;
  let teller: Client;
  let logins = 0;
  beforeAll(async () => {
    stand = await new Stand("pglite", { STIIKA_REVOCATION: "require" }).start({
      pkiDir: mkdtempSync(path.join(root, "pki-")),
    });
    // The stand's clock stands still from its creation; the PKI was made (on the real clock) during start.
    stand.clock.advance(60_000);
    teller = await stand.employee("teller", `teller-s${logins++}`);
  }, 120_000);
  afterAll(() => stand?.close());

  /** Olena's documents shared and a questionnaire saved: a visit ready to sign. */
  async function visit(): Promise<string> {
    const serviceId = await stand.serviceId(teller);
    const code = await stand.liveCode("olena-kovalenko");
    const r = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(r.status).toBe(201);
    await stand.approve(r.body.request.id);
    expect((await waitForStatus(teller, r.body.request.id)).status).toBe("received");
    const saved = await teller.request("PUT", `/api/requests/${r.body.request.id}/questionnaire`, {
      template: "bank-account",
      fields: { phone: "+380501234567" },
    });
    expect(saved.status).toBe(200);
    return r.body.request.id;
  }

  /** A signing of the visit, confirmed by Olena on the sandbox with the PIN; the consent's sandbox answer. */
  async function signInSandbox(requestId: string, signAlgo: "DSTU" | "ECDSA") {
    const created = await teller.request("POST", `/api/requests/${requestId}/signings`, { signAlgo });
    expect(created.status).toBe(201);
    const signing = signingResponse.parse(created.body).signing;
    const traceId = (
      await stand.store.query<{ diia_request_id: string }>(
        "SELECT diia_request_id FROM signings WHERE id = $1",
        [signing.id],
      )
    ).rows[0]?.diia_request_id as string;
    const consent = await until(() => stand.pendingConsent(traceId));
    const signed = await stand.control("POST", `/consents/${consent.id}/sign`, {
      pin: "1234",
      citizenId: "olena-kovalenko",
    });
    expect(signed.status).toBe(200);
    return signing;
  }

  const get = async (id: string) =>
    signingResponse.parse((await teller.request("GET", `/api/signings/${id}`)).body).signing;

  it.each(["DSTU", "ECDSA"] as const)(
    "%s: the sandbox's signature verifies, its certificate is checked online and found good: signed by the client",
    async (signAlgo) => {
      const requestId = await visit();
      const signing = await signInSandbox(requestId, signAlgo);
      const done = await until(async () => {
        const s = await get(signing.id);
        return s.status === "waiting" ? undefined : s;
      }, 30_000);
      expect(done).toMatchObject({
        status: "signed",
        signAlgo,
        refusedCallbacks: 0,
        signer: { fullName: "Коваленко Олена Петрівна", rnokppMatches: true },
      });
      const audit = await stand.store.query<{ action: string }>(
        "SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq",
        [signing.id],
      );
      expect(audit.rows.map((r) => r.action)).toEqual(["signing.create", "signing.signed"]);
    },
    90_000,
  );

  it.each(["DSTU", "ECDSA"] as const)(
    "%s: the citizen's certificate revoked in the sandbox: the next signature is refused SIGNER_REVOKED, the signing still waits",
    async (signAlgo) => {
      const revoked = await stand.control(
        "POST",
        `/citizens/olena-kovalenko/certificates/${signAlgo}/revoke`,
        { reason: "keyCompromise" },
      );
      expect(revoked.status).toBe(200);
      // Past the held OCSP answer's nextUpdate and the CRL's: the server asks again (RFC 5280/6960).
      stand.clock.advance(61 * 60_000);
      teller = await stand.employee("teller", `teller-s${logins++}`);
      const requestId = await visit();
      const signing = await signInSandbox(requestId, signAlgo);
      const refused = await until(async () => {
        const s = await get(signing.id);
        return s.refusedCallbacks > 0 ? s : undefined;
      }, 30_000);
      expect(refused).toMatchObject({ status: "waiting", signer: null, signedAt: null });
      const rows = await stand.store.query<{ details: { code?: string } }>(
        "SELECT details FROM audit_log WHERE subject_id = $1 AND action = 'signing.callback_refused'",
        [signing.id],
      );
      expect(rows.rows.map((r) => r.details.code)).toContain("SIGNER_REVOKED");
    },
    120_000,
  );
});
