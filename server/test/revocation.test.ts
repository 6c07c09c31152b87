// The signer's revocation, checked against the real sandbox: its certificates name its own OCSP responder, CRL
// and CA certificate, and the server follows those URLs with no extra configuration (as with real Diia). A PKI of
// each stand's own (its certificates name that stand's sandbox), served on the stand's clock, so revoking touches
// nobody else.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Client } from "./server-helpers.ts";
import { Stand, until, waitForStatus } from "./stand.ts";

const root = mkdtempSync(path.join(tmpdir(), "stiika-revocation-pki-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Past the sandbox's OCSP answers' nextUpdate (5 min), so the server asks again. */
const PAST_OCSP = 6 * 60_000;

async function open(env: Record<string, string>) {
  const pkiDir = mkdtempSync(path.join(root, "pki-"));
  const stand = await new Stand("pglite", env).start({ pkiDir });
  // The stand's clock stands still from its creation; this PKI was made (on the real clock) during start.
  stand.clock.advance(60_000);
  let teller = await stand.employee("teller", "teller-r");
  const serviceId = await stand.serviceId(teller);
  let logins = 0;
  /** A new sign-in: moving the clock by an hour ends idle sessions. */
  const signInAgain = async () => {
    teller = await stand.employee("teller", `teller-r${++logins}`);
  };
  const faults = (endpoints: string[], kind: "error" | "hang" = "error") =>
    stand.control("PUT", "/faults", {
      endpoints: endpoints.map((endpoint) => ({ endpoint, kind, status: 503 })),
    });
  /** A barcode request approved by the citizen: Diia starts delivering. */
  const deliver = async () => {
    const code = await stand.liveCode();
    const r = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(r.status).toBe(201);
    await stand.approve(r.body.request.id);
    return r.body.request.id as string;
  };
  const provenance = async (requestId: string) =>
    (await teller.request("GET", `/api/requests/${requestId}/documents`)).body.documents[0].provenance;
  const samples = async (requestId: string) =>
    (
      await stand.store.query<{ code: string }>(
        "SELECT code FROM callback_samples WHERE trace_id = $1 ORDER BY received_at",
        [requestId],
      )
    ).rows.map((r) => r.code);
  return {
    stand,
    get teller(): Client {
      return teller;
    },
    signInAgain,
    faults,
    deliver,
    provenance,
    samples,
  };
}

describe("STIIKA_REVOCATION=soft-fail", () => {
  let t: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    t = await open({ STIIKA_REVOCATION: "soft-fail" });
  }, 120_000);
  afterAll(() => t?.stand.close());

  it("neither OCSP nor the CRL answering: the delivery is accepted, marked unchecked, and a warning logged", async () => {
    await t.faults(["ocsp", "crl"]);
    const id = await t.deliver();
    expect((await waitForStatus(t.teller, id)).status).toBe("received");
    expect((await t.provenance(id)).revocation).toMatchObject({
      status: "unchecked",
      problems: ["ocsp:HTTP_503", "crl:HTTP_503"],
    });
    const warned = t.stand.servers[0]?.logs.find((l) => l.includes("revocation status could not be checked"));
    expect(JSON.parse(warned as string)).toMatchObject({
      mode: "soft-fail",
      problems: ["ocsp:HTTP_503", "crl:HTTP_503"],
    });
  });
});

describe("STIIKA_REVOCATION=require (the default)", () => {
  let t: Awaited<ReturnType<typeof open>>;
  beforeAll(async () => {
    t = await open({ STIIKA_REVOCATION_TIMEOUT_SECONDS: "1" });
  }, 120_000);
  afterAll(() => t?.stand.close());

  it("a normal delivery is accepted after OCSP says the signer is good", async () => {
    await t.faults([]);
    const id = await t.deliver();
    expect((await waitForStatus(t.teller, id)).status).toBe("received");
    expect((await t.provenance(id)).revocation).toMatchObject({ status: "good", source: "ocsp" });
  });

  it("neither answering: refused with a retryable 503 and the request kept waiting; Diia's retry lands once they are back", async () => {
    t.stand.clock.advance(PAST_OCSP);
    await t.faults(["ocsp", "crl"]);
    const id = await t.deliver();
    await until(async () => (await t.samples(id)).includes("REVOCATION_UNAVAILABLE"));
    expect((await t.teller.request("GET", `/api/requests/${id}`)).body.request.status).toBe("waiting");
    const attempts = (await t.stand.delivery(id)).attempts as { status: number }[];
    expect(attempts[0]?.status).toBe(503);
    await t.faults([]);
    expect((await waitForStatus(t.teller, id)).status).toBe("received");
    expect((await t.provenance(id)).revocation).toMatchObject({ status: "good", source: "ocsp" });
  });

  it("OCSP down (never answering): after the timeout the CRL is used", async () => {
    t.stand.clock.advance(PAST_OCSP);
    await t.faults(["ocsp"], "hang");
    const id = await t.deliver();
    expect((await waitForStatus(t.teller, id)).status).toBe("received");
    expect((await t.provenance(id)).revocation).toMatchObject({ status: "good", source: "crl" });
    const attempts = (await t.stand.delivery(id)).attempts as { ok: boolean; ms: number }[];
    expect(attempts.map((a) => a.ok)).toEqual([true]);
    // STIIKA_REVOCATION_TIMEOUT_SECONDS=1 waited for OCSP, no more than the time-out (and a CRL) took.
    expect(attempts[0]?.ms).toBeGreaterThanOrEqual(1000);
    expect(attempts[0]?.ms).toBeLessThan(4000);
  });

  it("the signer revoked through the sandbox's control API: the delivery is refused SIGNER_REVOKED, nothing stored", async () => {
    await t.faults([]);
    const revoked = await t.stand.control("POST", "/pki/signer/revoke", { reason: "keyCompromise" });
    expect(revoked.status).toBe(200);
    // The last answer came from the CRL, current for an hour: the server relies on it until then (RFC 5280), and
    // asks OCSP first once it has lapsed.
    t.stand.clock.advance(61 * 60_000);
    await t.signInAgain();
    const id = await t.deliver();
    await until(async () => (await t.samples(id)).includes("SIGNER_REVOKED"));
    const attempts = (
      await until(async () => {
        const d = await t.stand.delivery(id);
        return d?.attempts.length ? d : undefined;
      })
    ).attempts as { status: number }[];
    expect(attempts[0]?.status).toBe(400);
    const request = (await t.teller.request("GET", `/api/requests/${id}`)).body.request;
    expect(request.status).toBe("waiting");
    const docs = await t.stand.store.query("SELECT 1 FROM documents WHERE request_id = $1", [id]);
    expect(docs.rowCount).toBe(0);
    const line = t.stand.servers[0]?.logs.find((l) => l.includes("signing certificate is revoked")) as string;
    expect(JSON.parse(line)).toMatchObject({
      code: "SIGNER_REVOKED",
      serial: revoked.body.revokedNow.serial,
      reason: "keyCompromise",
      source: "ocsp",
    });
    // Diia's serial only: nothing of the citizen's.
    expect(line).not.toMatch(/Коваленко|Kovalenko|olena/i);
  });
});
