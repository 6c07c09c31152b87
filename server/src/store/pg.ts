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
  const listeners = new Map<string, Set<(payload: string | null) => void>>();
  let listenClient: pg.Client | undefined;
  let connecting: Promise<pg.Client> | undefined;
  let closed = false;
  let degradedSince: number | undefined;

  // The LISTEN connection comes back by itself, however long the database is away: retried with a growing
  // delay (0.25 s doubling to 5 s). While it is away, wake-ups fall back to the long-polls' timeouts; once back,
  // every listener hears `null` ("you may have missed notifications") and re-reads.
  const reconnect = (attempt: number) => {
    if (closed) return;
    const delay = Math.min(5_000, 250 * 2 ** attempt);
    setTimeout(() => {
      connectListener().then(
        () => {
          log?.info(
            { downMs: Date.now() - (degradedSince ?? Date.now()) },
            "postgres LISTEN connection restored",
          );
          degradedSince = undefined;
          for (const set of listeners.values()) for (const fn of set) fn(null);
        },
        () => reconnect(attempt + 1),
      );
    }, delay).unref();
  };

  const connectListener = (): Promise<pg.Client> => {
    connecting ??= (async () => {
      const client = new pg.Client({ connectionString: url });
      let lost = false;
      const onLost = (reason: string) => {
        if (lost || closed) return;
        lost = true;
        if (listenClient === client) listenClient = undefined;
        connecting = undefined;
        degradedSince ??= Date.now();
        log?.warn(
          { err: reason },
          "postgres LISTEN connection lost; wake-ups wait for the poll timeout until it is back",
        );
        client.end().catch(() => {});
        reconnect(0);
      };
      client.on("notification", (m) => {
        for (const fn of listeners.get(m.channel) ?? []) fn(m.payload ?? "");
      });
      client.on("error", (e) => onLost(e.message));
      client.on("end", () => onLost("connection ended"));
      try {
        await client.connect();
        for (const channel of listeners.keys()) await client.query(`LISTEN ${channel}`);
      } catch (e) {
        lost = true; // a failed attempt is retried by its caller, not by the handlers above
        connecting = undefined;
        client.end().catch(() => {});
        throw e;
      }
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
