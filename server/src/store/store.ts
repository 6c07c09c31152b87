/**
 * The one data-access interface over PostgreSQL, whichever driver is underneath (embedded PGlite or `pg`).
 * SQL is plain PostgreSQL and identical on both; binary values go in as base64 text and `decode($n,'base64')`
 * because PGlite's bytea parameters are ~7× slower.
 */
export type Row = Record<string, unknown>;

export interface Queryable {
  query<T extends object = Row>(sql: string, params?: unknown[]): Promise<{ rows: T[]; rowCount: number }>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Store extends Queryable {
  readonly driver: "pglite" | "pg";
  /** Runs `fn` in one transaction; commits when it resolves, rolls back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /**
   * Subscribes to a NOTIFY channel; resolves once listening. The returned function unsubscribes. `fn(null)`
   * means notifications may have been missed (the LISTEN connection was lost and is back): re-read everything.
   */
  listen(channel: string, fn: (payload: string | null) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  close(): Promise<void>;
}

/** Channel names are interpolated into LISTEN, so only plain lower-case identifiers are allowed. */
export function assertChannel(channel: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(channel)) throw new Error("invalid channel name");
}
