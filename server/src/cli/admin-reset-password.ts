/**
 * Recovery when no administrator can sign in (`pnpm --filter @stiika/server admin:reset-password [login]`):
 * gives the administrator (`admin` unless named) a one-time password, printed once here, to be changed at the next
 * sign-in; their sessions end; audited as a reset by the system. Same configuration as the server, the data key
 * too (the audit entry is keyed under it); with the embedded database, run it while the server is stopped (the
 * database refuses a second process). Exits 0 when done, 1 when no such administrator exists, 2 when it cannot run.
 *
 * @example
 * DATABASE_URL=postgresql://… pnpm --filter @stiika/server admin:reset-password admin
 */
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { systemClock } from "../lib/clock.ts";
import { resolveDataKey } from "../lib/data-key.ts";
import { createLogger } from "../lib/logger.ts";
import { anchorAuditChain, keyAuditChain } from "../services/audit.ts";
import { resetAdminPassword } from "../services/manage-employees.ts";
import { openStore } from "../store/open.ts";

const login = process.argv[2] ?? "admin";
try {
  const config = loadConfig(process.env);
  const log = createLogger("silent");
  const { key } = resolveDataKey(config.dataKey, config.dataDir, config.keyDir, { create: false });
  const store = keyAuditChain(await openStore(config, log), key);
  try {
    await anchorAuditChain(store, key, systemClock());
    const result = await resetAdminPassword({ store, clock: systemClock }, login);
    if (!result) {
      process.stderr.write(`no administrator with the login "${login}"\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `one-time password for ${login}: ${result.oneTimePassword}\nIt must be changed at the next sign-in; their other sessions have ended.\n`,
      );
    }
  } finally {
    await store.close();
  }
} catch (e) {
  process.stderr.write(
    `admin:reset-password could not run: ${e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exitCode = 2;
}
