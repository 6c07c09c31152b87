import { createHash, createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { AppError } from "../errors.ts";
import { canonicalJson } from "../lib/canonical-json.ts";
import type { Queryable, Store } from "../store/store.ts";

/**
 * The append-only audit chain. Details hold ids, codes and counts only — never names, numbers, logins or
 * document contents — because the log is kept longer than the documents it describes.
 */
export type AuditAction =
  | "system.admin_created"
  | "auth.login"
  | "auth.login_failed"
  | "auth.logout"
  | "auth.password_changed"
  | "auth.pin_set"
  | "auth.screen_locked"
  | "auth.unlocked"
  | "auth.unlock_failed"
  | "employee.created"
  | "diia.branch_registered"
  | "check.document"
  | "request.create"
  | "request.cancel"
  | "request.closed"
  | "delivery.received"
  | "delivery.late"
  | "delivery.dropped"
  | "late_delivery.attach"
  | "late_delivery.delete"
  | "document.view"
  | "document.view_pdf"
  | "questionnaire.save"
  | "retention.purge"
  | "copies.list"
  | "copy.view"
  | "copy.view_pdf"
  | "copy.export_pdf"
  | "copy.export_envelope"
  | "copy.delete"
  | "settings.retention"
  | "settings.partner_legal_name"
  | "branch.created"
  | "branch.updated"
  | "branch.deleted"
  | "service.created"
  | "service.updated"
  | "service.deleted"
  | "employee.updated"
  | "employee.password_reset"
  | "audit.verified"
  | "audit.chain_keyed"
  | "data_key.rotated"
  | "branch.idle_lock"
  | "branch.retention"
  | "signing.create"
  | "signing.cancel"
  | "signing.closed"
  | "signing.signed"
  | "signing.callback_refused"
  | "signing.view_pdf"
  | "signing.export_pdf"
  | "signing.export_signature"
  | "signing.verify"
  | "settings.sign_algo";

export interface AuditEntry {
  actorId: string | null;
  action: AuditAction;
  subjectType?: "employee" | "branch" | "service" | "request" | "document" | "delivery" | "signing";
  subjectId?: string;
  details?: Record<string, string | number | boolean | null>;
}

export const GENESIS_HASH = "0".repeat(64);

/**
 * How a row's `hash` is computed. 0: SHA-256 of the previous hash and the row (rows written before migration 008;
 * anyone who can write the database can recompute those). 1: HMAC-SHA256 under the audit key, which is derived
 * from the data key and so never stored in the database: rewriting, reordering or dropping rows and recomputing
 * the chain needs the key.
 */
const KEYED = 1;
const UNKEYED = 0;

interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
  mac_version: number;
}

const auditKeys = new WeakMap<Buffer, Buffer>();

/** The chain's own sub-key of the data key (HKDF, a label of its own, as the blind index has). */
export function auditKey(dataKey: Buffer): Buffer {
  let key = auditKeys.get(dataKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), "stiika/audit-chain/v1", 32));
    auditKeys.set(dataKey, key);
  }
  return key;
}

/** What a row's hash covers besides the previous hash. */
type RowContent = Omit<AuditRow, "prev_hash" | "hash" | "mac_version">;

function canonicalRow(row: RowContent): string {
  return canonicalJson({
    seq: Number(row.seq),
    at: row.at.toISOString(),
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    details: row.details,
  });
}

function unkeyedHash(prevHash: string, row: RowContent): string {
  return createHash("sha256").update(prevHash).update(canonicalRow(row)).digest("hex");
}

/** The row's MAC covers its seq, the previous row's MAC and its content: no row can move, change or vanish. */
function rowMac(key: Buffer, prevHash: string, row: RowContent): string {
  return createHmac("sha256", key).update(`row\0${prevHash}\0`).update(canonicalRow(row)).digest("hex");
}

/**
 * The head's MAC (in a domain of its own, so no row's MAC is ever a valid head): cutting rows off the end and
 * moving `audit_head` back to an earlier row needs a head MAC nobody without the key can make.
 */
function headMac(key: Buffer, seq: number, hash: string): string {
  return createHmac("sha256", key).update(`head\0${seq}\0${hash}`).digest("hex");
}

const txKeys = new WeakMap<Queryable, Buffer>();

/**
 * The store whose transactions append to the chain under the key of `dataKey`. The key travels with the
 * transaction rather than as an argument of every `appendAudit` call, so no call site can pick another key; an
 * append in a transaction of an unkeyed store is refused.
 */
export function keyAuditChain(store: Store, dataKey: Buffer): Store {
  const key = auditKey(dataKey);
  return {
    ...store,
    transaction: (fn) =>
      store.transaction((tx) => {
        txKeys.set(tx, key);
        return fn(tx);
      }),
  };
}

/**
 * Appends inside the caller's transaction, so the entry commits or rolls back with what it describes. Locking the
 * chain head row serialises appends across connections and instances.
 */
export async function appendAudit(tx: Queryable, at: Date, entry: AuditEntry): Promise<number> {
  const key = txKeys.get(tx);
  if (!key) throw new Error("appendAudit needs a transaction of a store opened with keyAuditChain");
  return appendKeyed(tx, key, at, entry);
}

async function appendKeyed(
  tx: Queryable,
  key: Buffer,
  at: Date,
  entry: AuditEntry,
  anchoring = false,
): Promise<number> {
  const head = (
    await tx.query<{ seq: number; hash: string; mac: string | null }>(
      "SELECT seq, hash, mac FROM audit_head WHERE id = 1 FOR UPDATE",
    )
  ).rows[0];
  if (!head) throw new Error("audit_head row is missing");
  // Only a head this key made is extended (or an empty chain, or an old one being anchored): a server left
  // running with the old key after a rotation, or a head someone moved, stops appending instead of forking the
  // chain — the action it would record fails with it.
  const fits =
    head.mac === null
      ? Number(head.seq) === 0 || anchoring
      : safeEqualHex(headMac(key, Number(head.seq), head.hash), head.mac);
  if (!fits) {
    throw new AppError(
      "STORE_FAILED",
      "Журнал аудиту не відповідає ключу даних сервера: зверніться до адміністратора; the audit chain's head does not verify under this server's data key",
    );
  }
  const row = {
    seq: Number(head.seq) + 1,
    at,
    actor_id: entry.actorId,
    action: entry.action,
    subject_type: entry.subjectType ?? null,
    subject_id: entry.subjectId ?? null,
    details: entry.details ?? {},
  };
  const hash = rowMac(key, head.hash, row);
  await tx.query(
    "INSERT INTO audit_log (seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, mac_version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    [
      row.seq,
      at,
      row.actor_id,
      row.action,
      row.subject_type,
      row.subject_id,
      JSON.stringify(row.details),
      head.hash,
      hash,
      KEYED,
    ],
  );
  await tx.query("UPDATE audit_head SET seq = $1, hash = $2, mac = $3 WHERE id = 1", [
    row.seq,
    hash,
    headMac(key, row.seq, hash),
  ]);
  return row.seq;
}

/**
 * At every start, before anything is appended: a chain whose last row predates the key (migration 008) gets an
 * anchor row, `audit.chain_keyed`, whose MAC covers the old head, so from then on the older rows cannot be
 * rewritten either (rewriting one changes the hash the anchor's MAC covers). Rows an attacker rewrote before the
 * anchor cannot be told apart; `verifyAuditChain` reports how many rows are unkeyed. A keyed head that does not
 * verify under this key means the wrong data key (or a changed head): refused, before any row forks the chain.
 */
export async function anchorAuditChain(
  store: Store,
  dataKey: Buffer,
  at: Date,
): Promise<"anchored" | "keyed"> {
  const key = auditKey(dataKey);
  return store.transaction(async (tx) => {
    const head = (
      await tx.query<{ seq: string; hash: string; mac: string | null }>(
        "SELECT seq, hash, mac FROM audit_head WHERE id = 1 FOR UPDATE",
      )
    ).rows[0];
    if (!head) throw new Error("audit_head row is missing");
    const seq = Number(head.seq);
    if (head.mac === null) {
      if (seq === 0) return "keyed"; // a fresh database: its first row is keyed
      await appendKeyed(
        tx,
        key,
        at,
        { actorId: null, action: "audit.chain_keyed", details: { unkeyedRows: seq, unkeyedHead: head.hash } },
        true,
      );
      return "anchored";
    }
    if (!safeEqualHex(headMac(key, seq, head.hash), head.mac)) {
      throw new AppError(
        "CONFIG_INVALID",
        "Ключ даних не відповідає журналу аудиту цієї бази (не той STIIKA_DATA_KEY або ключ після ротації не оновлено); the data key does not fit this database's audit chain",
      );
    }
    return "keyed";
  });
}
/** Anonymous noise (a wrong login naming nobody): one counter per UTC day and kind, never an audit row each. */
export async function countAnonymous(s: { store: Store; clock: () => Date }, action: string): Promise<void> {
  await s.store.query(
    `INSERT INTO anonymous_counts (day, action, n) VALUES ($1::date, $2, 1)
     ON CONFLICT (day, action) DO UPDATE SET n = anonymous_counts.n + 1`,
    [s.clock().toISOString().slice(0, 10), action],
  );
}

/** Appends one entry in a transaction of its own. */
export function audit(store: Store, at: Date, entry: AuditEntry): Promise<number> {
  return store.transaction((tx) => appendAudit(tx, at, entry));
}

export type ChainCheck =
  | { ok: true; rows: number; unkeyed: number }
  | {
      ok: false;
      rows: number;
      seq: number;
      reason:
        | "hash mismatch"
        | "broken link"
        | "sequence gap"
        | "head mismatch"
        | "unkeyed row"
        | "not keyed";
    };

/**
 * Re-computes the whole chain in order under the audit key of `dataKey` and stops at the first row that does not
 * fit. Unkeyed rows (from before migration 008) are accepted only as the chain's beginning, followed by keyed
 * rows; a chain that ends unkeyed was never anchored and proves nothing ("not keyed").
 */
export async function verifyAuditChain(store: Queryable, dataKey: Buffer): Promise<ChainCheck> {
  const key = auditKey(dataKey);
  let prevHash = GENESIS_HASH;
  let expectedSeq = 1;
  let unkeyed = 0;
  let lastVersion = KEYED;
  for (;;) {
    const batch = (
      await store.query<AuditRow>(
        "SELECT seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, mac_version FROM audit_log WHERE seq >= $1 ORDER BY seq LIMIT 1000",
        [expectedSeq],
      )
    ).rows;
    for (const row of batch) {
      const seq = Number(row.seq);
      const rows = expectedSeq - 1;
      const version = Number(row.mac_version);
      if (seq !== expectedSeq) return { ok: false, rows, seq: expectedSeq, reason: "sequence gap" };
      if (row.prev_hash !== prevHash) return { ok: false, rows, seq, reason: "broken link" };
      if (version === UNKEYED) {
        if (unkeyed !== rows) return { ok: false, rows, seq, reason: "unkeyed row" };
        if (unkeyedHash(row.prev_hash, row) !== row.hash)
          return { ok: false, rows, seq, reason: "hash mismatch" };
        unkeyed++;
      } else if (version !== KEYED || !safeEqualHex(rowMac(key, row.prev_hash, row), row.hash)) {
        return { ok: false, rows, seq, reason: "hash mismatch" };
      }
      lastVersion = version;
      prevHash = row.hash;
      expectedSeq++;
    }
    if (batch.length < 1000) break;
  }
  const head = (
    await store.query<{ seq: number; hash: string; mac: string | null }>(
      "SELECT seq, hash, mac FROM audit_head WHERE id = 1",
    )
  ).rows[0];
  const rows = expectedSeq - 1;
  if (!head || Number(head.seq) !== rows || head.hash !== prevHash) {
    return { ok: false, rows, seq: rows + 1, reason: "head mismatch" };
  }
  if (rows > 0 && lastVersion === UNKEYED) return { ok: false, rows, seq: rows + 1, reason: "not keyed" };
  if (rows > 0 && (head.mac === null || !safeEqualHex(headMac(key, rows, prevHash), head.mac))) {
    return { ok: false, rows, seq: rows + 1, reason: "head mismatch" };
  }
  return { ok: true, rows, unkeyed };
}

function safeEqualHex(a: string, b: string): boolean {
  const x = Buffer.from(a, "utf8");
  const y = Buffer.from(b, "utf8");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Key rotation's part (inside its transaction, as the schema's owner): the chain is first verified under the old
 * key — a broken chain is never laundered under a new one: the failed check is returned and nothing changes —
 * then every row's MAC is recomputed under the new key (rows from before the key included: the anchor bound
 * them), the head too. Re-MACing instead of anchoring the old chain under the new key keeps one key verifying
 * every row; with an anchor, the rows before it would stay checkable only with the key the rotation retires. It
 * is the one legitimate rewrite of the log, so the append-only triggers are off for this transaction only
 * (ALTER TABLE is transactional: a rollback switches them back on).
 */
export async function rekeyAuditChain(
  tx: Queryable,
  oldDataKey: Buffer,
  newDataKey: Buffer,
): Promise<ChainCheck> {
  await tx.query("SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE");
  const check = await verifyAuditChain(tx, oldDataKey);
  if (!check.ok) return check;
  const key = auditKey(newDataKey);
  await tx.query("ALTER TABLE audit_log DISABLE TRIGGER USER");
  let prevHash = GENESIS_HASH;
  let done = 0;
  for (;;) {
    const batch = (
      await tx.query<AuditRow>(
        "SELECT seq, at, actor_id, action, subject_type, subject_id, details, prev_hash, hash, mac_version FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000",
        [done],
      )
    ).rows;
    for (const row of batch) {
      const hash = rowMac(key, prevHash, row);
      await tx.query("UPDATE audit_log SET prev_hash = $1, hash = $2, mac_version = $3 WHERE seq = $4", [
        prevHash,
        hash,
        KEYED,
        row.seq,
      ]);
      prevHash = hash;
      done = Number(row.seq);
    }
    if (batch.length < 1000) break;
  }
  await tx.query("ALTER TABLE audit_log ENABLE TRIGGER USER");
  await tx.query("UPDATE audit_head SET hash = $1, mac = $2 WHERE id = 1", [
    prevHash,
    done === 0 ? null : headMac(key, done, prevHash),
  ]);
  return check;
}

/** Whether the chain's head is keyed under `dataKey` (true for an empty chain): tells which key a database is under. */
export async function headKeyedBy(store: Queryable, dataKey: Buffer): Promise<boolean> {
  const head = (
    await store.query<{ seq: string; hash: string; mac: string | null }>(
      "SELECT seq, hash, mac FROM audit_head WHERE id = 1",
    )
  ).rows[0];
  if (!head) throw new Error("audit_head row is missing");
  if (Number(head.seq) === 0) return true;
  return head.mac !== null && safeEqualHex(headMac(auditKey(dataKey), Number(head.seq), head.hash), head.mac);
}
