import pg from "pg";
import type { Logger } from "pino";
import { assertChannel, type Queryable, type Store } from "./store.ts";

// timestamptz → Date is pg's default; bigint (int8) stays a string there, so parse it as PGlite does (number).
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));

/** Real PostgreSQL through a `pg` pool, plus one dedicated connection for LISTEN that reconnects on loss. */
export async function openPg(url: string, log?: Logger): Promise<Store> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // An idle client dropping (server restart) must not crash the process; the next query reconnects.
  pool.on("error", (e) => log?.warn({ err: e.message }, "postgres pool client error"));
  const listeners = new Map<string, Set<(payload: string) => void>>();
  let listenClient: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;

  const connectListener = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      client.on("notification", (m) => {
        for (const fn of listeners.get(m.channel) ?? []) fn(m.payload ?? "");
      });
      client.on("error", (e) => {
        log?.warn({ err: e.message }, "postgres LISTEN connection lost; reconnecting");
        listenClient = undefined;
        connecting = undefined;
        if (!closed) setTimeout(() => void connectListener().catch(() => {}), 500).unref();
      });
      await client.connect();
      for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
      listenClient = client;
      return client;
    })();
    return connecting;
  };

  const query = async <T extends object>(sql: string, params?: unknown[]) => {
    const r = await pool.query(sql, params as unknown[]);
    return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
  };

  return {
    driver: "pg",
    query,
    async exec(sql) {
      await pool.query(sql);
    },
    async transaction(fn) {
      const client = await pool.connect();
      const tx: Queryable = {
        async query<T extends object>(sql: string, params?: unknown[]) {
          const r = await client.query(sql, params as unknown[]);
          return { rows: r.rows as T[], rowCount: r.rowCount ?? 0 };
        },
        async exec(sql: string) {
          await client.query(sql);
        },
      };
      try {
        await client.query("BEGIN");
        const result = await fn(tx);
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    async listen(channel, fn) {
      assertChannel(channel);
      let set = listeners.get(channel);
      const first = !set;
      if (!set) {
        set = new Set();
        listeners.set(channel, set);
      }
      set.add(fn);
      const client = listenClient ?? (await connectListener());
      if (first) await client.query(`LISTEN ${channel}`);
      return async () => {
        set.delete(fn);
        if (set.size === 0 && listeners.get(channel) === set) {
          listeners.delete(channel);
          await listenClient?.query(`UNLISTEN ${channel}`);
        }
      };
    },
    async notify(channel, payload) {
      assertChannel(channel);
      await pool.query("SELECT pg_notify($1, $2)", [channel, payload]);
    },
    async close() {
      closed = true;
      await listenClient?.end().catch(() => {});
      await pool.end();
    },
  };
}
