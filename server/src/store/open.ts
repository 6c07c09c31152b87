import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Logger } from "pino";
import { AppError } from "../errors.ts";
import { migrate } from "./migrate.ts";
import { openPg } from "./pg.ts";
import { openPglite } from "./pglite.ts";
import { lockDataDir } from "./pglite-lock.ts";
import type { Store } from "./store.ts";

/** PostgreSQL when `databaseUrl` is set, else embedded PGlite in `<dataDir>/db`; migrated before it is returned. */
export async function openStore(
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
  try {
    const { applied } = await migrate(store);
    log.info({ driver: store.driver, applied }, "database ready");
  } catch (e) {
    await store.close().catch(() => {});
    throw new AppError("STORE_FAILED", "Cannot reach or migrate the database", { cause: e });
  }
  return store;
}
