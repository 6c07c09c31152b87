/**
 * Applies the database migrations as the schema's owner (`pnpm --filter @stiika/server migrate`), then, with
 * `STIIKA_DB_APP_ROLE`, grants the server's own role what it needs and nothing an owner has. The server then runs
 * with a DATABASE_URL of that role, which cannot drop the audit triggers or rewrite audit rows. Same
 * configuration as the server otherwise. Exits 0 when done, 2 when it cannot run.
 *
 * @example
 * DATABASE_URL=postgresql://stiika_owner@db/stiika STIIKA_DB_APP_ROLE=stiika_app pnpm --filter @stiika/server migrate
 * // migrated: applied 1, 2, 3; granted stiika_app
 */
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { createLogger } from "../lib/logger.ts";
import { grantAppRole, migrate } from "../store/migrate.ts";
import { connectStore } from "../store/open.ts";

try {
  const config = loadConfig(process.env);
  const role = process.env.STIIKA_DB_APP_ROLE?.trim() || undefined;
  if (role && !config.databaseUrl)
    throw new AppError("CONFIG_INVALID", "STIIKA_DB_APP_ROLE needs DATABASE_URL");
  const store = await connectStore(config, createLogger("silent"));
  try {
    const { applied } = await migrate(store);
    if (role) await grantAppRole(store, role);
    process.stdout.write(
      `migrated: ${applied.length > 0 ? `applied ${applied.join(", ")}` : "nothing to apply"}${role ? `; granted ${role}` : ""}\n`,
    );
  } finally {
    await store.close();
  }
} catch (e) {
  const message = e instanceof AppError ? e.message : e instanceof Error ? e.message : String(e);
  process.stderr.write(`migrate could not run: ${message}\n`);
  process.exitCode = 2;
}
