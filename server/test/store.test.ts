import { randomBytes, randomUUID } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { isMigrated, listMigrations, migrate } from "../src/store/migrate.ts";
import { openPg } from "../src/store/pg.ts";
import type { Store } from "../src/store/store.ts";
import { DRIVERS, freshDatabase, openTestStore } from "./helpers.ts";

function waitFor(store: Store, channel: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no notification")), 5000);
    void store.listen(channel, (payload) => {
      if (payload === null) return; // a "may have missed some" after a reconnect is not the notification
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

describe.each(DRIVERS)("store on %s", (driver) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const open = async () => {
    const t = await openTestStore(driver);
    cleanups.push(t.cleanup);
    return t;
  };

  it("when migrated, then every migration is recorded and the store is ready", async () => {
    const { store } = await open();
    const versions = (
      await store.query<{ version: number }>("SELECT version FROM schema_migrations ORDER BY 1")
    ).rows;
    expect(versions.map((r) => r.version)).toEqual(listMigrations().map((m) => m.version));
    expect(await isMigrated(store)).toBe(true);
    expect((await migrate(store)).applied).toEqual([]);
  });

  it("when a transaction throws, then nothing it wrote remains", async () => {
    const { store } = await open();
    await expect(
      store.transaction(async (tx) => {
        await tx.query("INSERT INTO branches (name) VALUES ($1)", ["Тимчасове"]);
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    const r = await store.query<{ n: number }>("SELECT count(*)::int AS n FROM branches");
    expect(r.rows[0]?.n).toBe(0);
  });

  it("when a blob goes in as base64 text, then the same bytes come back", async () => {
    const { store } = await open();
    const blob = randomBytes(150_000);
    const id = randomUUID();
    await store.query("INSERT INTO branches (id, name) VALUES ($1, 'b')", [id]);
    const emp = randomUUID();
    await store.query(
      "INSERT INTO employees (id, login, display_name, role, branch_id, password_hash) VALUES ($1, 'x', 'x', 'teller', $2, 'h')",
      [emp, id],
    );
    const req = randomUUID();
    const now = new Date();
    await store.query(
      "INSERT INTO requests (id, kind, employee_id, branch_id, service, created_at, updated_at, expires_at) VALUES ($1, 'barcode', $2, $3, 's', $4, $4, $4)",
      [req, emp, id, now],
    );
    const del = randomUUID();
    await store.query(
      "INSERT INTO deliveries (id, request_id, received_at, content_hash, outcome) VALUES ($1, $2, $3, 'h', 'accepted')",
      [del, req, now],
    );
    const doc = randomUUID();
    const b64 = blob.toString("base64");
    await store.query(
      "INSERT INTO documents (id, request_id, delivery_id, doc_type, pdf_sealed, envelope_sealed, metadata_sealed, created_at) VALUES ($1, $2, $3, 'internal-passport', decode($4, 'base64'), decode($4, 'base64'), decode($4, 'base64'), $5)",
      [doc, req, del, b64, now],
    );
    const r = await store.query<{ pdf: string }>(
      "SELECT encode(pdf_sealed, 'base64') AS pdf FROM documents WHERE id = $1",
      [doc],
    );
    expect(Buffer.from(r.rows[0]?.pdf ?? "", "base64").equals(blob)).toBe(true);
  });

  it("when a notify is sent, then a listener receives its payload, and not after unsubscribing", async () => {
    const { store, url } = await open();
    // Real PostgreSQL: notify from a second store (another instance); PGlite: the same instance.
    const sender = url ? await openPg(url) : store;
    if (url) cleanups.push(() => sender.close());
    const got = waitFor(store, "request_changed");
    await new Promise((r) => setTimeout(r, 50));
    await sender.notify("request_changed", "abc-123");
    expect(await got).toBe("abc-123");

    const seen: string[] = [];
    const off = await store.listen("other_channel", (p) => seen.push(p ?? "<may have missed some>"));
    await off();
    await sender.notify("other_channel", "late");
    await sender.notify("request_changed", "flush");
    await new Promise((r) => setTimeout(r, 200));
    expect(seen).toEqual([]);
  });

  it("rejects channel names that could inject SQL", async () => {
    const { store } = await open();
    await expect(store.listen("x; DROP TABLE branches", () => {})).rejects.toThrow("invalid channel name");
  });
});

describe.runIf(DRIVERS.includes("pg"))("LISTEN on real PostgreSQL", () => {
  it("when the listening connection is killed, then the store reconnects and notifications arrive again", async () => {
    const { store, url, cleanup } = await openTestStore("pg");
    const sender = await openPg(url ?? "");
    try {
      const seen: string[] = [];
      await store.listen("request_changed", (p) => seen.push(p ?? "<may have missed some>"));
      const killed = await sender.query<{ n: number }>(
        "SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE query LIKE 'LISTEN%' AND datname = current_database()",
      );
      expect(killed.rows[0]?.n).toBe(1);
      const deadline = Date.now() + 10_000;
      while (!seen.includes("after") && Date.now() < deadline) {
        await sender.notify("request_changed", "after");
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(seen).toContain("after");
      // Back: listeners were told to re-read, for what was announced while it was away.
      expect(seen).toContain("<may have missed some>");
    } finally {
      await sender.close();
      await cleanup();
    }
  });
});

describe.runIf(DRIVERS.includes("pg"))("migrations on real PostgreSQL", () => {
  it("when two instances migrate at the same moment, then both succeed and each migration is applied once", async () => {
    const db = await freshDatabase("pg");
    const a = await openPg(db.url ?? "");
    const b = await openPg(db.url ?? "");
    try {
      const [ra, rb] = await Promise.all([migrate(a), migrate(b)]);
      // Numeric order: the default sort is by text, which puts 10 before 2.
      expect([...ra.applied, ...rb.applied].sort((x, y) => x - y)).toEqual(
        listMigrations().map((m) => m.version),
      );
      const r = await a.query<{ n: number }>("SELECT count(*)::int AS n FROM schema_migrations");
      expect(r.rows[0]?.n).toBe(listMigrations().length);
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });
});
