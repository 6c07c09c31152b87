import { createHmac, hkdfSync } from "node:crypto";
import { open } from "../lib/seal.ts";
import type { Queryable } from "../store/store.ts";
import type { Services } from "./context.ts";

/**
 * The blind index that lets managers search sealed documents by РНОКПП or name: on delivery each document's
 * normalised РНОКПП and every prefix of its name tokens from three letters on ("шев", "шевч", … "шевченко") are
 * stored as HMAC-SHA256 under a key derived from the data key, and a search hashes its query the same way. Only
 * equality can be tested (a whole РНОКПП, a name's beginning); what that lets a holder of the database without the
 * key learn is in the README. Rows stored before (or before prefixes) are hashed by `backfillSearchIndex`.
 *
 * @example
 * await indexDocument(tx, s.dataKey, { documentId, requestId, normalised });
 * const query = searchQuery(s.dataKey, "Коваленко Олена"); // { kind: "name", hmacs: [2 hex strings] }
 */
export interface SearchQuery {
  kind: "rnokpp" | "name";
  hmacs: string[];
}

const indexKeys = new WeakMap<Buffer, Buffer>();

/** A sub-key of its own (HKDF), so the index never reuses the sealing key for another purpose. */
function indexKey(dataKey: Buffer): Buffer {
  let key = indexKeys.get(dataKey);
  if (!key) {
    key = Buffer.from(hkdfSync("sha256", dataKey, Buffer.alloc(0), "stiika/blind-index/v1", 32));
    indexKeys.set(dataKey, key);
  }
  return key;
}

const hmac = (key: Buffer, kind: string, value: string) =>
  createHmac("sha256", key).update(`${kind}\0${value}`).digest("hex");

// Apostrophes come as ', ’, ʼ, ‘ or ` depending on keyboard and register: one form so "Мар'яна" finds "Марʼяна".
const APOSTROPHES = /['’ʼ‘`´]/g;

/** Lower-case NFC tokens of a name; hyphenated parts count as tokens of their own too. */
export function nameTokens(text: string): string[] {
  const norm = text
    .normalize("NFC")
    .toLocaleLowerCase("uk")
    .replace(APOSTROPHES, "'")
    .replace(/[^\p{L}\p{M}'-]+/gu, " ");
  const out = new Set<string>();
  for (const word of norm.split(" ")) {
    const w = word.replace(/^[-']+|[-']+$/g, "");
    if (!w) continue;
    out.add(w);
    for (const part of w.split("-")) if (part) out.add(part);
  }
  return [...out];
}

/** Shortest name prefix a search may use: two letters would match a large share of all clients. */
export const MIN_PREFIX = 3;

/** What the index keeps of one name token: its prefixes from MIN_PREFIX letters (a shorter name whole). */
export function namePrefixes(token: string): string[] {
  const letters = Array.from(token); // code points, so a letter is never cut in half
  if (letters.length <= MIN_PREFIX) return [token];
  return letters.slice(MIN_PREFIX - 1).map((_, i) => letters.slice(0, MIN_PREFIX + i).join(""));
}

/** The query as the index stores it: ten digits (spaces allowed) → РНОКПП, anything else → name tokens. */
export function searchQuery(dataKey: Buffer, text: string): SearchQuery | undefined {
  const key = indexKey(dataKey);
  const digits = text.replace(/\s+/g, "");
  if (/^\d{10}$/.test(digits)) return { kind: "rnokpp", hmacs: [hmac(key, "rnokpp", digits)] };
  const tokens = nameTokens(text);
  if (tokens.length === 0) return undefined;
  return { kind: "name", hmacs: tokens.map((t) => hmac(key, "name", t)) };
}

interface Person {
  lastName?: { uk?: string; en?: string };
  firstName?: { uk?: string; en?: string };
  middleName?: { uk?: string; en?: string };
  taxpayerNumber?: string;
}

/** Stores the document's index rows and marks it indexed, inside the caller's transaction. */
export async function indexDocument(
  tx: Queryable,
  dataKey: Buffer,
  doc: { documentId: string; requestId: string; normalised: unknown },
): Promise<void> {
  const key = indexKey(dataKey);
  const person = (doc.normalised as { person?: Person } | null)?.person ?? {};
  const rows: [string, string][] = [];
  const rnokpp = person.taxpayerNumber?.replace(/\s+/g, "");
  if (rnokpp && /^\d{10}$/.test(rnokpp)) rows.push(["rnokpp", hmac(key, "rnokpp", rnokpp)]);
  for (const n of [person.lastName, person.firstName, person.middleName]) {
    for (const text of [n?.uk, n?.en]) {
      for (const t of text ? nameTokens(text) : [])
        for (const p of namePrefixes(t)) rows.push(["name", hmac(key, "name", p)]);
    }
  }
  for (const [kind, h] of rows) {
    await tx.query(
      `INSERT INTO document_search (document_id, request_id, kind, token_hmac) VALUES ($1, $2, $3, $4)
       ON CONFLICT DO NOTHING`,
      [doc.documentId, doc.requestId, kind, h],
    );
  }
  await tx.query("UPDATE documents SET search_indexed = true WHERE id = $1", [doc.documentId]);
}

/** Hashes documents stored before the index existed (or by an older instance), a batch per transaction. */
export async function backfillSearchIndex(s: Services): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await s.store.transaction(async (tx) => {
      const rows = (
        await tx.query<{ id: string; request_id: string; metadata: string }>(
          `SELECT id, request_id, encode(metadata_sealed, 'base64') AS metadata FROM documents
           WHERE NOT search_indexed ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
        )
      ).rows;
      for (const r of rows) {
        const meta = JSON.parse(
          open([s.dataKey], { rowId: r.id, kind: "metadata" }, Buffer.from(r.metadata, "base64")).toString(
            "utf8",
          ),
        ) as { normalised: unknown };
        await indexDocument(tx, s.dataKey, {
          documentId: r.id,
          requestId: r.request_id,
          normalised: meta.normalised,
        });
      }
      return rows.length;
    });
    total += n;
    if (n < 100) return total;
  }
}
