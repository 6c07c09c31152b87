// Production on PostgreSQL: the owner migrates (`pnpm --filter @stiika/server migrate`), the server runs as a role
// that owns nothing. Then even a compromised server cannot drop the audit triggers or rewrite history.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/lib/logger.ts";
import { start } from "../src/server.ts";
import { openPg } from "../src/store/pg.ts";
import { DRIVERS } from "./helpers.ts";
import { Client } from "./server-helpers.ts";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

describe.runIf(DRIVERS.includes("pg"))("the server as a role that does not own the schema", () => {
  const id = randomBytes(4).toString("hex");
  const [owner, app, db] = [`own_${id}`, `app_${id}`, `roles_${id}`];
  const admin = inject("pgAdminUrl") ?? "";
  const urlAs = (role: string) => admin.replace("postgres@", `${role}@`).replace(/\/postgres$/, `/${db}`);
  const dir = mkdtempSync(path.join(tmpdir(), "stiika-roles-"));

  beforeAll(async () => {
    await sql(admin, `CREATE ROLE ${owner} LOGIN; CREATE ROLE ${app} LOGIN`);
    await sql(admin, `CREATE DATABASE ${db} OWNER ${owner}`);
    await sql(admin.replace(/\/postgres$/, `/${db}`), `ALTER SCHEMA public OWNER TO ${owner}`);
  });
  afterAll(async () => {
    await sql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    await sql(admin, `DROP ROLE IF EXISTS ${app}; DROP ROLE IF EXISTS ${owner}`);
    rmSync(dir, { recursive: true, force: true });
  });

  const startAs = (role: string) =>
    start({
      config: loadConfig({
        PORT: "0",
        HOST: "127.0.0.1",
        DATABASE_URL: urlAs(role),
        STIIKA_DATA_DIR: path.join(dir, "data"),
        STIIKA_KEY_DIR: path.join(dir, "keys"),
        STIIKA_WEB_DIST: path.join(dir, "no-web"),
        STIIKA_ADMIN_PASSWORD: "an operator-chosen password",
        STIIKA_DIIA_WAIT_SECONDS: "0",
        SANDBOX_DATA_DIR: path.join(dir, "no-sandbox"),
      }),
      logger: createLogger("silent"),
      print: () => {},
    });

  it("when the schema is not migrated, then the app role's start says to run migrate as the owner", async () => {
    await expect(startAs(app)).rejects.toThrow(
      "The database is not migrated and this role may not change the schema: run `pnpm --filter @stiika/server migrate`",
    );
  });

  it("when the owner migrated and granted, then the app role serves and cannot touch the audit history", async () => {
    const out = execFileSync(process.execPath, ["--import", "tsx", "src/cli/migrate.ts"], {
      cwd: SERVER_DIR,
      env: {
        PATH: process.env.PATH ?? "",
        DATABASE_URL: urlAs(owner),
        STIIKA_DB_APP_ROLE: app,
        STIIKA_DATA_DIR: path.join(dir, "data"),
      },
    }).toString();
    expect(out).toMatch(/^migrated: applied 1, 2, 3.*; granted app_/);

    const server = await startAs(app);
    try {
      const c = new Client(server.url);
      expect((await c.login("admin", "an operator-chosen password")).status).toBe(200);
      expect((await c.request("GET", "/api/me")).status).toBe(200);
    } finally {
      await server.stop();
    }

    const asApp = await openPg(urlAs(app));
    const asOwner = await openPg(urlAs(owner));
    try {
      const rows = await asApp.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log");
      expect(rows.rows[0]?.n).toBeGreaterThan(0); // the sign-in above was audited by the app role
      for (const attack of [
        "DROP TRIGGER audit_log_no_update_delete ON audit_log",
        "ALTER TABLE audit_log DISABLE TRIGGER ALL",
        "UPDATE audit_log SET action = 'auth.logout'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log",
        "DELETE FROM schema_migrations",
        "CREATE TABLE mine (x int)",
      ]) {
        await expect(asApp.query(attack), attack).rejects.toMatchObject({ code: "42501" });
      }
      // The same statement from the owner gets past the privileges (this is what the split takes away).
      await expect(
        asOwner.transaction(async (tx) => {
          await tx.query("DROP TRIGGER audit_log_no_update_delete ON audit_log");
          throw new Error("rolled back on purpose");
        }),
      ).rejects.toThrow("rolled back on purpose");
    } finally {
      await asApp.close();
      await asOwner.close();
    }
  }, 60_000);
});
