import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Store } from "./store.ts";

const MIGRATIONS_DIR = fileURLToPath(new URL("../../migrations/", import.meta.url));

interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** `NNN_name.sql` files in `server/migrations/`, in order. */
export function listMigrations(): Migration[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{3}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((f) => ({
      version: Number(f.slice(0, 3)),
      name: f.slice(4, -4),
      sql: readFileSync(`${MIGRATIONS_DIR}${f}`, "utf8"),
    }));
}

/**
 * Applies the missing migrations in one transaction. The transaction-scoped advisory lock makes a second instance
 * starting at the same moment wait, then find everything applied.
 */
export async function migrate(store: Store): Promise<{ applied: number[] }> {
  const migrations = listMigrations();
  return store.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('stiika.migrations'))");
    await tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
    );
    const done = new Set(
      (await tx.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
        (r) => r.version,
      ),
    );
    const applied: number[] = [];
    for (const m of migrations) {
      if (done.has(m.version)) continue;
      await tx.exec(m.sql);
      await tx.query("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [m.version, m.name]);
      applied.push(m.version);
    }
    return { applied };
  });
}

/**
 * Lets the server's own role use the schema without owning it (run by the owner after `migrate`). It reads and
 * writes the tables, appends to the audit log and moves its head, and can do nothing an owner can: no DDL, no
 * ALTER/DROP of the audit triggers, no UPDATE/DELETE/TRUNCATE of audit rows, no change to the migration record.
 * Idempotent; grants on every table, so run it again after each migration.
 */
export async function grantAppRole(store: Store, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(role)) throw new Error("invalid role name");
  await store.transaction(async (tx) => {
    await tx.exec(`
      GRANT USAGE ON SCHEMA public TO ${role};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${role};
      GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${role};
      REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${role};
      REVOKE INSERT, DELETE, TRUNCATE ON audit_head FROM ${role};
      REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON schema_migrations FROM ${role};
    `);
  });
}

/** Readiness: the database answers and every migration in the repo is applied. */
export async function isMigrated(store: Store): Promise<boolean> {
  const applied = new Set(
    (await store.query<{ version: number }>("SELECT version FROM schema_migrations")).rows.map(
      (r) => r.version,
    ),
  );
  return listMigrations().every((m) => applied.has(m.version));
}
