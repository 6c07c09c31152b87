// LISTEN after the database went away: a private cluster (its own, so stopping it disturbs no other test) is
// stopped for longer than any single reconnect delay while long-polls wait, then started again.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../src/lib/logger.ts";
import { type ChangeHub, createChangeHub } from "../src/services/changes.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPg } from "../src/store/pg.ts";
import type { Store } from "../src/store/store.ts";
import { DRIVERS } from "./helpers.ts";
import { createPgCluster, type PgCluster } from "./pg-cluster.ts";

async function until(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return Date.now() - started;
}

describe.runIf(DRIVERS.includes("pg"))("LISTEN across a PostgreSQL restart", () => {
  let cluster: PgCluster;
  let store: Store;
  let sender: Store;
  let hub: ChangeHub;
  const logs: string[] = [];

  beforeAll(async () => {
    cluster = await createPgCluster();
    const admin = new pg.Client({ connectionString: cluster.adminUrl });
    await admin.connect();
    await admin.query("CREATE DATABASE app");
    await admin.end();
    const url = cluster.adminUrl.replace(/\/postgres$/, "/app");
    store = await openPg(url, createLogger("info", { write: (l: string) => void logs.push(l) }));
    await migrate(store);
    sender = await openPg(url);
    hub = await createChangeHub(store);
  }, 60_000);
  afterAll(async () => {
    await hub?.close().catch(() => {});
    await store?.close().catch(() => {});
    await sender?.close().catch(() => {});
    cluster?.destroy();
  });

  it("when the database is down for seconds while polls wait, then they are woken once it is back and wake-ups are immediate again", async () => {
    // Before: a change wakes its waiter at once.
    const before = hub.wait("req-1", 20_000);
    await sender.notify("request_changed", "req-1");
    expect(await before).toBe(true);

    const parked = [hub.wait("req-2", 60_000), hub.wait("req-3", 60_000)];
    const woken: boolean[] = [];
    for (const p of parked) void p.then((w) => woken.push(w));
    cluster.stop();
    await new Promise((r) => setTimeout(r, 3_000));
    expect(logs.join("")).toContain("postgres LISTEN connection lost");
    cluster.start();

    // Whatever was announced meanwhile went unheard: every waiter re-reads as soon as LISTEN is back.
    const back = await until(() => woken.length === 2, 15_000);
    expect(woken).toEqual([true, true]);
    expect(back).toBeLessThan(15_000);
    expect(logs.join("")).toContain("postgres LISTEN connection restored");

    // After: wake-ups are immediate again, not the poll timeout.
    const t0 = Date.now();
    const after = hub.wait("req-4", 20_000);
    await sender.notify("request_changed", "req-4");
    expect(await after).toBe(true);
    expect(Date.now() - t0).toBeLessThan(2_000);
  }, 60_000);
});
