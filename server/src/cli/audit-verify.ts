/**
 * Verifies the audit hash chain (`pnpm --filter @stiika/server audit:verify`). Reads the same configuration as
 * the server (DATABASE_URL or the embedded database in STIIKA_DATA_DIR — the embedded one only while the server
 * is stopped, since PGlite is single-process). Exits 0 when intact, 1 naming the first bad row, 2 when it cannot run.
 *
 * @example
 * DATABASE_URL=postgresql://… pnpm --filter @stiika/server audit:verify
 * // audit chain intact: 1532 rows
 */
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { createLogger } from "../lib/logger.ts";
import { verifyAuditChain } from "../services/audit.ts";
import { openStore } from "../store/open.ts";

try {
  const config = loadConfig(process.env);
  const store = await openStore(config, createLogger("silent"));
  try {
    const result = await verifyAuditChain(store);
    if (result.ok) {
      process.stdout.write(`audit chain intact: ${result.rows} rows\n`);
      process.exitCode = 0;
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
  process.stderr.write(`audit:verify could not run: ${e instanceof AppError ? e.message : String(e)}\n`);
  process.exitCode = 2;
}
