import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { migrate } from "../src/store/migrate.ts";
import { openPg } from "../src/store/pg.ts";
import { pgliteStore } from "../src/store/pglite.ts";
import type { Store } from "../src/store/store.ts";

export type Driver = "pglite" | "pg";

/** The drivers this run covers: PGlite always, real PostgreSQL unless STIIKA_TEST_PG=0. */
export const DRIVERS: Driver[] = inject("pgAdminUrl") ? ["pglite", "pg"] : ["pglite"];

/**
 * A fresh, empty database for one test: an in-memory PGlite, or a new database in the private cluster.
 * `url` is set for real PostgreSQL so a test can open a second store (another "instance") on the same data.
 */
export async function freshDatabase(
  driver: Driver,
): Promise<{ url: string | undefined; drop: () => Promise<void> }> {
  if (driver === "pglite") return { url: undefined, drop: async () => {} };
  const admin = inject("pgAdminUrl");
  if (!admin) throw new Error("real PostgreSQL is disabled in this run");
  const name = `t_${randomBytes(6).toString("hex")}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return {
    url: admin.replace(/\/postgres$/, `/${name}`),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The migrated snapshot made once by the global setup, read once per test file. */
let snapshot: Blob | undefined;
function migratedSnapshot(): Blob {
  snapshot ??= new Blob([readFileSync(inject("pgliteSnapshot"))]);
  return snapshot;
}

/** A migrated store on a fresh database; `cleanup` closes it and drops the database. */
export async function openTestStore(
  driver: Driver,
): Promise<{ store: Store; url: string | undefined; cleanup: () => Promise<void> }> {
  const db = await freshDatabase(driver);
  const store = db.url
    ? await openPg(db.url)
    : pgliteStore(await PGlite.create({ loadDataDir: migratedSnapshot() }));
  if (db.url) await migrate(store);
  return {
    store,
    url: db.url,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
}
