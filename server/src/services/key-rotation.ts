import { keyId, open, seal } from "../lib/seal.ts";
import type { Queryable, Store } from "../store/store.ts";
import { appendAudit, headKeyedBy, keyAuditChain, rekeyAuditChain } from "./audit.ts";
import { indexDocument } from "./manage-search.ts";

/**
 * Data-key rotation (`pnpm --filter @stiika/server key:rotate`, see src/cli/key-rotate.ts): every sealed value is
 * opened with the old key and sealed again under the new one, the blind index is rebuilt under the new key's
 * sub-key, and the audit chain is verified under the old key and re-MACed under the new one (first: a broken
 * chain stops the rotation before anything is re-sealed) — all in ONE
 * transaction, so a crash or an error leaves the database wholly under the old key, and a commit leaves it wholly
 * under the new one. The head of the audit chain then tells which key the database is under, which makes the
 * command safe to run again after a crash between the commit and the key's replacement.
 *
 * @example
 * const r = await rotateDataKey(store, oldKey, newKey, new Date());
 * // { state: "rotated", documents: 3, questionnaires: 1, deliveries: 2, samples: 0, searchRows: 41, auditRows: 57 }
 */
export type RotationResult =
  | { state: "already" }
  | {
      state: "rotated";
      documents: number;
      questionnaires: number;
      deliveries: number;
      samples: number;
      signings: number;
      searchRows: number;
      auditRows: number;
    };

/** The key a database is under: "old", "new", or neither (a wrong key, or a changed chain head). */
export async function keyState(
  store: Queryable,
  oldKey: Buffer,
  newKey: Buffer,
): Promise<"old" | "new" | "neither"> {
  if (await headKeyedBy(store, oldKey)) return "old";
  if (await headKeyedBy(store, newKey)) return "new";
  return "neither";
}

const BATCH = 50;
const b64 = (b: Buffer) => b.toString("base64");

/**
 * Every sealed column: its table, the column naming the row in the seal's AAD, and the kind each value is sealed
 * as. A test compares it with the database's bytea columns, so a sealed column added later cannot be missed here.
 */
export const SEALED = {
  documents: {
    idColumn: "id",
    columns: [
      { column: "pdf_sealed", kind: "pdf" },
      { column: "envelope_sealed", kind: "envelope" },
      { column: "metadata_sealed", kind: "metadata" },
    ],
  },
  questionnaires: { idColumn: "request_id", columns: [{ column: "fields_sealed", kind: "questionnaire" }] },
  deliveries: { idColumn: "id", columns: [{ column: "parts_sealed", kind: "parts" }] },
  callback_samples: { idColumn: "id", columns: [{ column: "parts_sealed", kind: "parts" }] },
  signings: {
    idColumn: "id",
    columns: [
      { column: "pdf_sealed", kind: "pdf" },
      { column: "signature_sealed", kind: "signature" },
      { column: "signer_sealed", kind: "signer" },
    ],
  },
} as const;

/** Re-seals a table's sealed columns in batches by id, each value under its own row id and kind (the AAD). */
async function reseal(
  tx: Queryable,
  table: keyof typeof SEALED,
  oldKey: Buffer,
  newKey: Buffer,
  each?: (id: string, opened: Record<string, Buffer>) => Promise<void>,
): Promise<number> {
  const { idColumn, columns } = SEALED[table];
  const cols = columns.map((c) => `encode(${c.column}, 'base64') AS ${c.column}`).join(", ");
  // A row may hold some of its sealed values only (a signing before its signature comes): each is re-sealed.
  const anyValue = columns.map((c) => `${c.column} IS NOT NULL`).join(" OR ");
  let after = "00000000-0000-0000-0000-000000000000";
  let n = 0;
  for (;;) {
    const rows = (
      await tx.query<Record<string, string>>(
        `SELECT ${idColumn}::text AS id, ${cols} FROM ${table} WHERE (${anyValue}) AND ${idColumn} > $1::uuid
         ORDER BY ${idColumn} LIMIT ${BATCH}`,
        [after],
      )
    ).rows;
    for (const row of rows) {
      const id = row.id as string;
      const opened: Record<string, Buffer> = {};
      const sets: string[] = [];
      const params: unknown[] = [id];
      for (const { column, kind } of columns) {
        if (row[column] === null || row[column] === undefined) continue;
        const plain = open([oldKey], { rowId: id, kind }, Buffer.from(row[column] as string, "base64"));
        opened[kind] = plain;
        params.push(b64(seal(newKey, { rowId: id, kind }, plain)));
        sets.push(`${column} = decode($${params.length}, 'base64')`);
      }
      await tx.query(`UPDATE ${table} SET ${sets.join(", ")} WHERE ${idColumn} = $1`, params);
      if (each) await each(id, opened);
      n++;
      after = id;
    }
    if (rows.length < BATCH) return n;
  }
}

/**
 * Rotates `store` from `oldKey` to `newKey` (run as the schema's owner with every server stopped: the audit
 * triggers are switched off for the transaction, and a running server would keep sealing under the old key).
 * Refuses, changing nothing, when the database is under neither key or its audit chain does not verify.
 */
export async function rotateDataKey(
  store: Store,
  oldKey: Buffer,
  newKey: Buffer,
  at: Date,
): Promise<RotationResult> {
  if (keyId(oldKey).equals(keyId(newKey))) throw new Error("the new data key is the old one");
  const keyed = keyAuditChain(store, newKey);
  return keyed.transaction(async (tx) => {
    // One rotation at a time, and no audit append (from anything still running) slips in between.
    await tx.query("SELECT pg_advisory_xact_lock(hashtext('stiika.key-rotation'))");
    const state = await keyState(tx, oldKey, newKey);
    if (state === "new") return { state: "already" as const };
    if (state === "neither") {
      throw new RotationRefused(
        "База не під поточним ключем даних (не той ключ, змінено журнал аудиту або його ще не захищено ключем — тоді спершу запустіть сервер); the database is not under the current data key (a wrong key, a changed audit head, or a chain not keyed yet: then start the server once first)",
      );
    }
    const chain = await rekeyAuditChain(tx, oldKey, newKey);
    if (!chain.ok) {
      throw new RotationRefused(
        `Журнал аудиту пошкоджено на записі #${chain.seq} (${chain.reason}): нічого не змінено; the audit chain is broken at seq ${chain.seq} (${chain.reason}), nothing was changed`,
      );
    }
    await tx.query("DELETE FROM document_search");
    const documents = await reseal(tx, "documents", oldKey, newKey, async (id, opened) => {
      const meta = JSON.parse((opened.metadata as Buffer).toString("utf8")) as { normalised: unknown };
      const doc = (
        await tx.query<{ request_id: string }>("SELECT request_id FROM documents WHERE id = $1", [id])
      ).rows[0] as { request_id: string };
      await indexDocument(tx, newKey, {
        documentId: id,
        requestId: doc.request_id,
        normalised: meta.normalised,
      });
    });
    const searchRows = Number(
      (await tx.query<{ n: string }>("SELECT count(*)::text AS n FROM document_search")).rows[0]?.n ?? 0,
    );
    const questionnaires = await reseal(tx, "questionnaires", oldKey, newKey);
    const deliveries = await reseal(tx, "deliveries", oldKey, newKey);
    const samples = await reseal(tx, "callback_samples", oldKey, newKey);
    const signings = await reseal(tx, "signings", oldKey, newKey);
    const counts = {
      documents,
      questionnaires,
      deliveries,
      samples,
      signings,
      searchRows,
      auditRows: chain.rows,
    };
    await appendAudit(tx, at, {
      actorId: null,
      action: "data_key.rotated",
      details: {
        ...counts,
        oldKeyId: keyId(oldKey).toString("hex"),
        newKeyId: keyId(newKey).toString("hex"),
      },
    });
    return { state: "rotated" as const, ...counts };
  });
}

/** A refusal that changed nothing (the CLI prints it and exits 1). */
export class RotationRefused extends Error {}
