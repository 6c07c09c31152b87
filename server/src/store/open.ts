import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { AppError } from "../errors.ts";
import { isMigrated, migrate } from "./migrate.ts";
import { openPg } from "./pg.ts";
import { openPglite } from "./pglite.ts";
import { lockDataDir } from "./pglite-lock.ts";
import type { Store } from "./store.ts";

/** PostgreSQL when `databaseUrl` is set, else embedded PGlite in `<dataDir>/db` (locked to this process). */
export async function connectStore(
  opts: { databaseUrl: string | undefined; dataDir: string },
  log: Logger,
): Promise<Store> {
  let store: Store;
  if (opts.databaseUrl) {
    store = await openPg(opts.databaseUrl, log);
  } else {
    const dir = path.join(opts.dataDir, "db");
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const unlock = lockDataDir(path.join(opts.dataDir, "db.lock"), dir);
    try {
      const db = await openPglite(dir);
      store = {
        ...db,
        async close() {
          try {
            await db.close();
          } finally {
            unlock();
          }
        },
      };
    } catch (e) {
      unlock();
      throw e;
    }
  }
  return store;
}

/** `connectStore`, migrated before it is returned (or refused with what to do). */
export async function openStore(
  opts: { databaseUrl: string | undefined; dataDir: string },
  log: Logger,
): Promise<Store> {
  const store = await connectStore(opts, log);
  // Already migrated: no DDL at all, so the server can run as a role that does not own the tables (production on
  // PostgreSQL: `pnpm --filter @stiika/server migrate` as the owner, see README). Otherwise it migrates itself
  // (the embedded database, or an owner's URL), and says what to do when its role may not.
  try {
    if (await isMigrated(store).catch(() => false)) {
      log.info({ driver: store.driver, applied: [] }, "database ready");
      return store;
    }
    const { applied } = await migrate(store);
    log.info({ driver: store.driver, applied }, "database ready");
  } catch (e) {
    await store.close().catch(() => {});
    if ((e as { code?: string }).code === "42501") {
      throw new AppError(
        "STORE_FAILED",
        "The database is not migrated and this role may not change the schema: run `pnpm --filter @stiika/server migrate` with the owner's DATABASE_URL first",
        { cause: e },
      );
    }
    throw new AppError("STORE_FAILED", "Cannot reach or migrate the database", { cause: e });
  }
  return store;
}
