// The attacker here can write the database as the owner of the schema (the app's role in a careless set-up, a
// stolen owner password, a restored backup edited offline): they switch the append-only triggers off, rewrite
// history and recompute the chain with plain SHA-256 as the old format defined it. Only a key the database does
// not hold stops that.
import { createHash, randomBytes } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, inject, it } from "vitest";
import {
  type AuditEntry,
  anchorAuditChain,
  audit,
  keyAuditChain,
  verifyAuditChain,
} from "../src/services/audit.ts";
import { migrate } from "../src/store/migrate.ts";
import { openPg } from "../src/store/pg.ts";
import type { Queryable, Store } from "../src/store/store.ts";
import { DRIVERS, type Driver, openTestStore } from "./helpers.ts";

const T0 = new Date("2026-03-01T09:00:00.000Z");
const KEY = Buffer.alloc(32, 0x3c);
const entry = (i: number): AuditEntry => ({
  actorId: "0e4a5b6c-1d2e-4f30-8a41-5b6c7d8e9f00",
  action: i % 3 === 0 ? "copy.view" : "auth.login",
  subjectType: "employee",
  subjectId: `subject-${i}`,
  details: { n: i, ok: i % 2 === 0 },
});

async function sql(url: string, text: string): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(text);
  } finally {
    await c.end();
  }
}

/**
 * A migrated database and a connection as its owner: PGlite's only role, or on PostgreSQL a LOGIN role that owns
 * the database and the schema (not a superuser).
 */
async function ownerStore(driver: Driver): Promise<{ store: Store; cleanup: () => Promise<void> }> {
  if (driver === "pglite") return openTestStore("pglite");
  const admin = inject("pgAdminUrl") ?? "";
  const id = randomBytes(4).toString("hex");
  const [owner, db] = [`own_${id}`, `keyed_${id}`];
  await sql(admin, `CREATE ROLE ${owner} LOGIN`);
  await sql(admin, `CREATE DATABASE ${db} OWNER ${owner}`);
  await sql(admin.replace(/\/postgres$/, `/${db}`), `ALTER SCHEMA public OWNER TO ${owner}`);
  const store = await openPg(admin.replace("postgres@", `${owner}@`).replace(/\/postgres$/, `/${db}`));
  await migrate(store);
  return {
    store,
    cleanup: async () => {
      await store.close();
      await sql(admin, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
      await sql(admin, `DROP ROLE IF EXISTS ${owner}`);
    },
  };
}

interface Row {
  seq: string;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
}

/** The attacker's own SHA-256 chain step (sorted keys written out by hand, not our canonical-JSON encoder). */
function sha256Step(prev: string, r: Row, seq: number): string {
  const details = `{${Object.keys(r.details)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(r.details[k])}`)
    .join(",")}}`;
  const text =
    `{"action":${JSON.stringify(r.action)},"actorId":${JSON.stringify(r.actor_id)},` +
    `"at":${JSON.stringify(r.at.toISOString())},"details":${details},"seq":${seq},` +
    `"subjectId":${JSON.stringify(r.subject_id)},"subjectType":${JSON.stringify(r.subject_type)}}`;
  return createHash("sha256").update(prev).update(text).digest("hex");
}

/**
 * As the owner: triggers off, `edit` rewrites the rows as it likes (an array in chain order), then from the first
 * row that differs on, every row's hash and link and the head are recomputed with SHA-256 (the rows before keep
 * what they had), so the chain is consistent again as far as anything without the key can tell.
 */
async function rewriteAndRechain(
  store: Store,
  edit: (rows: Row[]) => Row[],
  opts: { macVersion?: number; clearHeadMac?: boolean } = {},
): Promise<void> {
  await store.transaction(async (tx: Queryable) => {
    await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
    const rows = (
      await tx.query<StoredRow>(
        "SELECT seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, mac_version FROM audit_log ORDER BY seq",
      )
    ).rows;
    const edited = edit(rows.map(({ prev_hash, hash, mac_version, ...r }) => r));
    const same = (a: Row | undefined, b: StoredRow | undefined) =>
      a !== undefined && b !== undefined && JSON.stringify(a) === JSON.stringify(content(b));
    let first = 0;
    while (first < edited.length && same(edited[first], rows[first])) first++;
    await tx.query("DELETE FROM audit_log WHERE seq > $1", [first]);
    let prev = first === 0 ? "0".repeat(64) : (rows[first - 1] as StoredRow).hash;
    for (let i = first; i < edited.length; i++) {
      const r = edited[i] as Row;
      const hash = sha256Step(prev, r, i + 1);
      await tx.query(
        "INSERT INTO audit_log (seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, mac_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
        [
          i + 1,
          r.at,
          r.actor_id,
          r.action,
          r.subject_type,
          r.subject_id,
          JSON.stringify(r.details),
          prev,
          hash,
          opts.macVersion ?? 1,
        ],
      );
      prev = hash;
    }
    await tx.query("UPDATE audit_head SET seq = $1, hash = $2 WHERE id = 1", [edited.length, prev]);
    if (opts.clearHeadMac) await tx.query("UPDATE audit_head SET mac = NULL WHERE id = 1");
    await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
  });
}

interface StoredRow extends Row {
  prev_hash: string;
  hash: string;
  mac_version: number;
}
const content = ({ prev_hash, hash, mac_version, ...r }: StoredRow): Row => r;

describe.each(DRIVERS)("the keyed audit chain against the schema owner on %s", (driver) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });
  const seeded = async () => {
    const t = await ownerStore(driver);
    cleanups.push(t.cleanup);
    const store = keyAuditChain(t.store, KEY);
    for (let i = 1; i <= 6; i++) await audit(store, new Date(T0.getTime() + i * 1000), entry(i));
    return store;
  };

  it("when nothing was rewritten, then the chain verifies (the attacker's tools alone change nothing)", async () => {
    const store = await seeded();
    await store.transaction(async (tx) => {
      await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
      await tx.query("UPDATE audit_log SET details = details");
      await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
    });
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 6, unkeyed: 0 });
  });

  it("when a row's details are rewritten and the chain recomputed with SHA-256, then it fails at that row", async () => {
    const store = await seeded();
    await rewriteAndRechain(store, (rows) =>
      rows.map((r) => (Number(r.seq) === 3 ? { ...r, details: { n: 30, ok: true } } : r)),
    );
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 2,
      seq: 3,
      reason: "hash mismatch",
    });
  });

  it("when the tail is cut off and the head moved back to the new last row, then the head fails", async () => {
    const store = await seeded();
    await rewriteAndRechain(store, (rows) => rows.slice(0, 4));
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 4,
      seq: 5,
      reason: "head mismatch",
    });
  });

  it("when two rows swap places and the chain is recomputed, then it fails at the first moved row", async () => {
    const store = await seeded();
    await rewriteAndRechain(store, ([a, b, c, ...rest]) => [a, c, b, ...rest] as Row[]);
    expect(await verifyAuditChain(store, KEY)).toEqual({
      ok: false,
      rows: 1,
      seq: 2,
      reason: "hash mismatch",
    });
  });

  it("when the whole chain is rewritten as unkeyed rows and the head's MAC removed, then it is reported not keyed", async () => {
    const store = await seeded();
    await rewriteAndRechain(store, (rows) => rows.map((r) => ({ ...r, subject_id: "someone-else" })), {
      macVersion: 0,
      clearHeadMac: true,
    });
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: false, rows: 6, seq: 7, reason: "not keyed" });
  });

  it("when a chain from before the key is anchored, then its old rows can no longer be rewritten either", async () => {
    const t = await ownerStore(driver);
    cleanups.push(t.cleanup);
    const store = keyAuditChain(t.store, KEY);
    // What the server wrote before migration 008: SHA-256 rows, a head without a MAC.
    await rewriteAndRechain(store, () => [1, 2, 3].map((i) => legacyRow(i)), { macVersion: 0 });
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: false, rows: 3, seq: 4, reason: "not keyed" });

    expect(await anchorAuditChain(store, KEY, T0)).toBe("anchored");
    expect(await anchorAuditChain(store, KEY, T0)).toBe("keyed"); // once
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 4, unkeyed: 3 });
    const anchor = (
      await store.query<{ action: string; details: Record<string, unknown> }>(
        "SELECT action, details FROM audit_log WHERE seq = 4",
      )
    ).rows[0];
    expect(anchor).toMatchObject({ action: "audit.chain_keyed", details: { unkeyedRows: 3 } });

    // The owner rewrites an old row and recomputes the old rows' SHA-256, leaving the anchor as it is.
    await store.transaction(async (tx) => {
      await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
      const rows = (
        await tx.query<Row>(
          "SELECT seq, at, actor_id, action, subject_type, subject_id, details FROM audit_log WHERE seq <= 3 ORDER BY seq",
        )
      ).rows;
      let prev = "0".repeat(64);
      for (const r of rows) {
        const edited = Number(r.seq) === 2 ? { ...r, details: { n: 20, ok: false } } : r;
        const hash = sha256Step(prev, edited, Number(r.seq));
        await tx.query("UPDATE audit_log SET details = $1, prev_hash = $2, hash = $3 WHERE seq = $4", [
          JSON.stringify(edited.details),
          prev,
          hash,
          r.seq,
        ]);
        prev = hash;
      }
      await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
    });
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: false, rows: 3, seq: 4, reason: "broken link" });
  });

  it("when the chain is keyed under another data key, then the start is refused before anything is appended", async () => {
    const store = await seeded();
    const other = Buffer.alloc(32, 0x11);
    await expect(anchorAuditChain(keyAuditChain(store, other), other, T0)).rejects.toMatchObject({
      code: "CONFIG_INVALID",
    });
    expect(await verifyAuditChain(store, other)).toEqual({
      ok: false,
      rows: 0,
      seq: 1,
      reason: "hash mismatch",
    });
    expect(await verifyAuditChain(store, KEY)).toEqual({ ok: true, rows: 6, unkeyed: 0 });
  });

  it("when the head was moved or the key changed under a running server, then it stops appending", async () => {
    const store = await seeded();
    const other = Buffer.alloc(32, 0x11);
    await expect(audit(keyAuditChain(store, other), T0, entry(7))).rejects.toMatchObject({
      code: "STORE_FAILED",
    });
    // The owner moves the head back one row (its hash is a valid row MAC, not a head MAC).
    await store.query("UPDATE audit_head SET seq = 5, hash = (SELECT hash FROM audit_log WHERE seq = 5)");
    await expect(audit(store, T0, entry(7))).rejects.toMatchObject({ code: "STORE_FAILED" });
    // Or drops the head's MAC, as if the chain had never been keyed.
    await store.query(
      "UPDATE audit_head SET seq = 6, hash = (SELECT hash FROM audit_log WHERE seq = 6), mac = NULL",
    );
    await expect(audit(store, T0, entry(7))).rejects.toMatchObject({ code: "STORE_FAILED" });
    expect((await store.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log")).rows[0]?.n).toBe(6);
  });
});

function legacyRow(i: number): Row {
  const e = entry(i);
  return {
    seq: String(i),
    at: new Date(T0.getTime() + i * 1000),
    actor_id: e.actorId,
    action: e.action,
    subject_type: e.subjectType ?? null,
    subject_id: e.subjectId ?? null,
    details: e.details ?? {},
  };
}
