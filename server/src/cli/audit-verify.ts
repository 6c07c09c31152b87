/**
 * Verifies the keyed audit chain (`pnpm --filter @stiika/server audit:verify`). Reads the same configuration as
 * the server, the data key included (STIIKA_DATA_KEY or _FILE, else the key file in STIIKA_KEY_DIR; never creates
 * one), and DATABASE_URL or the embedded database in STIIKA_DATA_DIR — the embedded one only while the server is
 * stopped, since PGlite is single-process. Exits 0 when intact, 1 naming the first bad row, 2 when it cannot run.
 *
 * @example
 * DATABASE_URL=postgresql://… STIIKA_DATA_KEY_FILE=/run/secrets/data-key pnpm --filter @stiika/server audit:verify
 * // audit chain intact: 1532 rows
 */
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { resolveDataKey } from "../lib/data-key.ts";
import { createLogger } from "../lib/logger.ts";
import { verifyAuditChain } from "../services/audit.ts";
import { openStore } from "../store/open.ts";

try {
  const config = loadConfig(process.env);
  const { key } = resolveDataKey(config.dataKey, config.dataDir, config.keyDir, { create: false });
  const store = await openStore(config, createLogger("silent"));
  try {
    const result = await verifyAuditChain(store, key);
    if (result.ok) {
      process.stdout.write(
        `audit chain intact: ${result.rows} rows${result.unkeyed > 0 ? ` (the first ${result.unkeyed} predate the key; bound by the anchor after them)` : ""}\n`,
      );
      process.exitCode = 0;
    } else if (result.reason === "not keyed") {
      process.stdout.write(
        `audit chain NOT KEYED: its ${result.rows} rows predate the key; start the server once to anchor them\n`,
      );
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `audit chain BROKEN at seq ${result.seq} (${result.reason}); ${result.rows} rows before it are intact\n`,
      );
      process.exitCode = 1;
    }
  } finally {
    await store.close();
  }
} catch (e) {
  process.stderr.write(
    `audit:verify could not run: ${e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 2;
}
