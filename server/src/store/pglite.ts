import { PGlite } from "@electric-sql/pglite";
import { AppError } from "../errors.ts";
import { assertChannel, type Queryable, type Store } from "./store.ts";

/** Embedded PostgreSQL (WASM) in `dataDir`, or in memory when `dataDir` is undefined (tests). */
export async function openPglite(dataDir: string | undefined): Promise<Store> {
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === undefined ? {} : { dataDir });
  } catch (e) {
    throw new AppError("STORE_FAILED", "Cannot open the embedded database", { cause: e });
  }
  return pgliteStore(db);
}

/** The store over an open PGlite instance (tests start theirs from a migrated snapshot). */
export function pgliteStore(db: PGlite): Store {
  const wrap = (q: Pick<PGlite, "query" | "exec">): Queryable => ({
    async query<T extends object>(sql: string, params?: unknown[]) {
      const r = await q.query<T>(sql, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = wrap(db);
  return {
    driver: "pglite",
    query: base.query,
    exec: base.exec,
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    async listen(channel, fn) {
      assertChannel(channel);
      return db.listen(channel, fn);
    },
    async notify(channel, payload) {
      assertChannel(channel);
      await db.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    close: () => db.close(),
  };
}
