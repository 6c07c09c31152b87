// One genuine envelope posted at the same moment for two requests (a replay racing the original, each on its own
// request row, so neither sees the other's digest before committing): exactly one request gets it, the other is
// refused, and nothing answers 500. On PostgreSQL the two transactions really overlap.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DRIVERS } from "./helpers.ts";
import type { Client } from "./server-helpers.ts";
import { Stand } from "./stand.ts";

describe.each(DRIVERS)("%s", (driver) => {
  let stand: Stand;
  let teller: Client;
  let serviceId: string;
  beforeAll(async () => {
    stand = await new Stand(driver).start();
    teller = await stand.employee("teller", `teller-race-${driver}`);
    serviceId = await stand.serviceId(teller);
  });
  afterAll(() => stand.close());

  const qrRequest = async () => {
    const code = await stand.liveCode("olena-kovalenko", "internal-passport");
    const r = await teller.request("POST", "/api/requests", { serviceId, kind: "qr", qr: code.qr });
    expect(r.body.request.status).toBe("waiting");
    return { id: r.body.request.id as string, documentId: code.documentId };
  };
  const seal = async (text: string) =>
    Buffer.from(
      await stand.sandbox.state.pki.seal(new TextEncoder().encode(text), {
        wrongKey: false,
        tamperSignature: false,
        signingTime: stand.clock.now(),
      }),
    ).toString("base64");

  it("the same envelope for two requests at once: one 200, one ENVELOPE_REPLAYED, one request received", async () => {
    const a = await qrRequest();
    const b = await qrRequest();
    const citizen = stand.sandbox.state.citizens.find((c) => c.id === "olena-kovalenko");
    const item = citizen?.documents.find((d) => d.type === "internal-passport")?.metadata;
    const fileName = "internal-passport-race.pdf.p7s.p7e";
    const metadata = {
      barcode: "4006381333931",
      documentTypes: ["internal-passport"],
      data: { "internal-passport": { ...item, fileName } },
    };
    const [file, meta] = await Promise.all([seal("%PDF-1.4\n% race\n"), seal(JSON.stringify(metadata))]);
    const post = (traceId: string) => {
      const form = new FormData();
      form.append("encryptedFile", new Blob([file], { type: "application/octet-stream" }), fileName);
      form.append("encodeData", meta);
      return fetch(`${stand.url}/api/diia/callback`, {
        method: "POST",
        headers: { "X-Document-Request-Trace-Id": traceId },
        body: form,
      }).then(async (r) => ({ status: r.status, body: await r.json() }));
    };
    const answers = await Promise.all([post(a.id), post(b.id)]);
    expect(answers.map((x) => x.status).sort()).toEqual([200, 400]);
    expect(answers.find((x) => x.status === 400)?.body).toEqual({
      success: false,
      error: "ENVELOPE_REPLAYED",
    });
    const statuses = await Promise.all(
      [a.id, b.id].map(
        async (id) => (await teller.request("GET", `/api/requests/${id}`)).body.request.status,
      ),
    );
    expect(statuses.sort()).toEqual(["received", "waiting"]);
  });
});
