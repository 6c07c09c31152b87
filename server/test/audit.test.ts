import { execFile } from "node:child_process";
import { createHmac, hkdfSync } from "node:crypto";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { canonicalJson } from "../src/lib/canonical-json.ts";
import {
  type AuditEntry,
  appendAudit,
  audit,
  keyAuditChain,
  verifyAuditChain,
} from "../src/services/audit.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPg } from "../src/store/pg.ts";
import type { Store } from "../src/store/store.ts";
import { DRIVERS, freshDatabase, openTestStore } from "./helpers.ts";

const SERVER_DIR = fileURLToPath(new URL("..", import.meta.url));
const T0 = new Date("2026-03-01T09:00:00.000Z");
const KEY = Buffer.alloc(32, 0x5a);
const entry = (i: number): AuditEntry => ({
  actorId: "0e4a5b6c-1d2e-4f30-8a41-5b6c7d8e9f00",
  action: "auth.login",
  subjectType: "employee",
  subjectId: `subject-${i}`,
  details: { n: i, ok: i % 2 === 0 },
});

async function appendMany(store: Store, n: number): Promise<void> {
  for (let i = 1; i <= n; i++) await audit(store, new Date(T0.getTime() + i * 1000), entry(i));
}

/** What a superuser could do: switch the append-only triggers off, rewrite history, switch them on again. */
async function tamper(store: Store, sql: string, params: unknown[]): Promise<void> {
  await store.transaction(async (tx) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
    await tx.query(sql, params);
    await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
  });
}

describe.each(DRIVERS)("audit chain on %s", (driver) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const open = async () => {
    const t = await openTestStore(driver);
    cleanups.push(t.cleanup);
    return { ...t, store: keyAuditChain(t.store, KEY) };
  };

  it("when entries are appended, then each links to the previous hash and the chain verifies", async () => {
    const { store } = await open();
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 0, unkeyed: 0 });
    await appendMany(store, 5);
    const rows = (
      await store.query<{ seq: number; prev_hash: string; hash: string }>(
        "SELECT seq, prev_hash, hash FROM audit_log ORDER BY seq",
      )
    ).rows;
    expect(rows.map((r) => Number(r.seq))).toEqual([1, 2, 3, 4, 5]);
    expect(rows[0]?.prev_hash).toBe("0".repeat(64));
    for (let i = 1; i < rows.length; i++) expect(rows[i]?.prev_hash).toBe(rows[i - 1]?.hash);
    expect(new Set(rows.map((r) => r.hash)).size).toBe(5);
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 5, unkeyed: 0 });
  });

  it("when someone tries to UPDATE, DELETE or TRUNCATE the log, then the database refuses", async () => {
    const { store } = await open();
    await appendMany(store, 2);
    await expect(store.query("UPDATE audit_log SET action = 'x' WHERE seq = 1")).rejects.toThrow(
      /append-only/,
    );
    await expect(store.query("DELETE FROM audit_log WHERE seq = 2")).rejects.toThrow(/append-only/);
    await expect(store.query("TRUNCATE audit_log")).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 2, unkeyed: 0 });
  });

  it("when a row's details are rewritten, then verification fails at exactly that row", async () => {
    const { store } = await open();
    await appendMany(store, 6);
    await tamper(store, "UPDATE audit_log SET details = $1 WHERE seq = 4", [
      JSON.stringify({ n: 40, ok: true }),
    ]);
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 3,
      seq: 4,
      reason: "hash mismatch",
    });
  });

  it("when someone holding the key rewrites one row and its MAC, then the next row's link breaks", async () => {
    const { store } = await open();
    await appendMany(store, 6);
    const row = (
      await store.query<{ at: Date; prev_hash: string }>("SELECT at, prev_hash FROM audit_log WHERE seq = 2")
    ).rows[0];
    const forged = canonicalJson({
      seq: 2,
      at: row?.at.toISOString(),
      actorId: entry(2).actorId,
      action: "auth.logout",
      subjectType: "employee",
      subjectId: "subject-2",
      details: entry(2).details,
    });
    const chainKey = Buffer.from(hkdfSync("sha256", KEY, Buffer.alloc(0), "stiika/audit-chain/v1", 32));
    const mac = createHmac("sha256", chainKey)
      .update(`row\0${row?.prev_hash ?? ""}\0`)
      .update(forged)
      .digest("hex");
    await tamper(store, "UPDATE audit_log SET action = 'auth.logout', hash = $1 WHERE seq = 2", [mac]);
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: false, rows: 2, seq: 3, reason: "broken link" });
  });

  it("when a row is deleted, then verification reports the gap at its place", async () => {
    const { store } = await open();
    await appendMany(store, 5);
    await tamper(store, "DELETE FROM audit_log WHERE seq = 3", []);
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 2,
      seq: 3,
      reason: "sequence gap",
    });
  });

  it("when the last row is deleted, then the chain head no longer matches", async () => {
    const { store } = await open();
    await appendMany(store, 3);
    await tamper(store, "DELETE FROM audit_log WHERE seq = 3", []);
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 2,
      seq: 3,
      reason: "head mismatch",
    });
  });

  it("when an append's transaction rolls back, then the entry and the head roll back with it", async () => {
    const { store } = await open();
    await appendMany(store, 1);
    await expect(
      store.transaction(async (tx) => {
        await appendAudit(tx, T0, entry(99));
        throw new Error("the action failed");
      }),
    ).rejects.toThrow("the action failed");
    await appendMany(store, 1);
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 2, unkeyed: 0 });
  });
});

describe.runIf(DRIVERS.includes("pg"))("audit chain across instances on real PostgreSQL", () => {
  it("when two instances append at the same time, then the chain stays one line", async () => {
    const db = await freshDatabase("pg");
    const a = keyAuditChain(await openPg(db.url ?? ""), KEY);
    const b = keyAuditChain(await openPg(db.url ?? ""), KEY);
    try {
      await migrate(a);
      await Promise.all(
        Array.from({ length: 40 }, (_, i) => audit(i % 2 ? a : b, new Date(T0.getTime() + i), entry(i))),
      );
      expect(await verifyAuditChain(a, KEY)).toEqual({ ok: true, rows: 40, unkeyed: 0 });
    } finally {
      await a.close();
      await b.close();
      await db.drop();
    }
  });

  it("audit:verify reads the key as the server does, exits 0 on an intact chain and 1 naming the first bad row", async () => {
    const db = await freshDatabase("pg");
    const store = keyAuditChain(await openPg(db.url ?? ""), KEY);
    const keyDir = mkdtempSync(path.join(tmpdir(), "stiika-verify-keys-"));
    const run = async (key: Record<string, string> = { STIIKA_DATA_KEY: KEY.toString("base64") }) => {
      try {
        // The script behind `pnpm audit:verify`, run by node itself (no pnpm needed on PATH).
        const { stdout } = await promisify(execFile)(
          process.execPath,
          ["--import", "tsx", "src/cli/audit-verify.ts"],
          {
            cwd: SERVER_DIR,
            env: {
              PATH: process.env.PATH ?? "",
              DATABASE_URL: db.url,
              STIIKA_DATA_DIR: "/nonexistent-not-used",
              STIIKA_KEY_DIR: keyDir,
              ...key,
            },
          },
        );
        return { code: 0, stdout };
      } catch (e) {
        const err = e as { code: number; stdout: string; stderr: string };
        return { code: err.code, stdout: err.stdout, stderr: err.stderr };
      }
    };
    try {
      await migrate(store);
      await appendMany(store, 4);
      expect(await run()).toEqual({ code: 0, stdout: "audit chain intact: 4 rows\n" });
      // Another key: the very first row does not verify. No key at all: nothing is created, exit 2.
      expect(await run({ STIIKA_DATA_KEY: Buffer.alloc(32, 1).toString("base64") })).toMatchObject({
        code: 1,
        stdout: "audit chain BROKEN at seq 1 (hash mismatch); 0 rows before it are intact\n",
      });
      const none = await run({});
      expect(none).toMatchObject({ code: 2, stderr: expect.stringContaining("Немає ключа даних") });
      expect(readdirSync(keyDir)).toEqual([]);
      await tamper(store, "UPDATE audit_log SET subject_id = 'someone-else' WHERE seq = 3", []);
      expect(await run()).toMatchObject({
        code: 1,
        stdout: "audit chain BROKEN at seq 3 (hash mismatch); 2 rows before it are intact\n",
      });
    } finally {
      await store.close();
      await db.drop();
      rmSync(keyDir, { recursive: true, force: true });
    }
  });
});
