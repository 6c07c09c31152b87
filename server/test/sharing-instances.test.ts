// Instances come and go: a server restarted while a long-poll waits (the client retries, the sandbox retries its
// callback, nothing is lost), and two instances on one real PostgreSQL behind a "load balancer".
import { afterEach, describe, expect, it } from "vitest";
import { DRIVERS } from "./helpers.ts";
import type { Client } from "./server-helpers.ts";
import { freePort, Stand, startForwarder, until } from "./stand.ts";

let stand: Stand | undefined;
afterEach(async () => {
  await stand?.close();
  stand = undefined;
});

/** A web client's long-poll loop: retries through connection errors until the request leaves `waiting`. */
async function pollThroughOutages(client: Client, id: string, version: number) {
  let errors = 0;
  for (;;) {
    try {
      const r = await client.request("GET", `/api/requests/${id}?wait=5&version=${version}`);
      if (r.status === 200 && r.body.request.status !== "waiting") return { request: r.body.request, errors };
    } catch {
      errors++;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

describe("restart while a poll waits", () => {
  it("the poll resumes after the restart and the callback the sandbox retried is stored", async () => {
    stand = await new Stand("pglite").start();
    const teller = await stand.employee("teller", "t-restart");
    const serviceId = await stand.serviceId(teller);
    const code = await stand.liveCode();
    const created = await teller.request("POST", "/api/requests", {
      serviceId,
      kind: "barcode",
      barcode: code.barcode,
    });
    const req = created.body.request;
    const polling = pollThroughOutages(teller, req.id, req.version);
    await new Promise((r) => setTimeout(r, 200));
    const first = stand.servers.shift();
    await first?.stop();
    await stand.approve(req.id);
    // The first attempt finds nobody listening; the sandbox schedules a retry.
    await until(async () => ((await stand?.delivery(req.id))?.attempts.length ?? 0) >= 1);
    await stand.addServer({ port: first?.port, store: stand.store });
    const { request, errors } = await polling;
    expect(errors).toBeGreaterThan(0);
    expect(request.status).toBe("received");
    expect(request.documents).toHaveLength(1);
    const delivery = await stand.delivery(req.id);
    expect(delivery.attempts[0].ok).toBe(false);
    expect(delivery.attempts.at(-1).ok).toBe(true);
  });
});

describe.skipIf(!DRIVERS.includes("pg"))("two instances on one PostgreSQL", () => {
  it("a delivery received by one instance wakes a long-poll waiting on the other", async () => {
    const forwarderPort = await freePort();
    let targets: string[] = [];
    const forwarder = await startForwarder(forwarderPort, () => targets);
    try {
      stand = await new Stand("pg").start({ callbackPort: forwarderPort });
      const a = stand.servers[0];
      const b = await stand.addServer();
      targets = [a?.url as string];
      const tellerOnB = await stand.employee("teller", "t-two", undefined, b.url);
      const serviceId = await stand.serviceId(tellerOnB);
      const code = await stand.liveCode();
      const created = await tellerOnB.request("POST", "/api/requests", {
        serviceId,
        kind: "barcode",
        barcode: code.barcode,
      });
      const req = created.body.request;
      const poll = tellerOnB.request("GET", `/api/requests/${req.id}?wait=20&version=${req.version}`);
      await until(() => b.server.services.changes.waiting() > 0);
      const started = Date.now();
      await stand.approve(req.id);
      const answered = await poll;
      expect(answered.body.request.status).toBe("received");
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(a?.logs.some((l) => l.includes('"path":"/api/diia/callback"'))).toBe(true);
      expect(b.logs.some((l) => l.includes('"path":"/api/diia/callback"'))).toBe(false);
    } finally {
      await forwarder.close();
    }
  });

  it("the same delivery sent to both instances at once is stored once and both answer success", async () => {
    const forwarderPort = await freePort();
    let targets: string[] = [];
    const forwarder = await startForwarder(forwarderPort, () => targets);
    try {
      stand = await new Stand("pg").start({ callbackPort: forwarderPort });
      const b = await stand.addServer();
      targets = [stand.url, b.url];
      const teller = await stand.employee("teller", "t-both");
      const serviceId = await stand.serviceId(teller);
      const code = await stand.liveCode();
      const created = await teller.request("POST", "/api/requests", {
        serviceId,
        kind: "barcode",
        barcode: code.barcode,
      });
      const id = created.body.request.id;
      await stand.approve(id);
      await until(async () => (await stand?.delivery(id))?.status === "delivered");
      const docs = await stand.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM documents WHERE request_id = $1",
        [id],
      );
      expect(docs.rows[0]?.n).toBe(1);
      const deliveries = await stand.store.query<{ outcome: string }>(
        "SELECT outcome FROM deliveries WHERE request_id = $1",
        [id],
      );
      expect(deliveries.rows).toEqual([{ outcome: "accepted" }]);
      for (const s of stand.servers) {
        expect(s.logs.some((l) => l.includes('"path":"/api/diia/callback","status":200'))).toBe(true);
      }
      const audits = await stand.store.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM audit_log WHERE action = 'delivery.received' AND subject_id = $1",
        [id],
      );
      expect(audits.rows[0]?.n).toBe(1);
    } finally {
      await forwarder.close();
    }
  });
});
