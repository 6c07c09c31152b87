import type { Store } from "../store/store.ts";

/**
 * Wakes long-polls when a request changes, on this instance or another: every change is announced with
 * `NOTIFY request_changed, '<id>'` after its commit, and each instance holds one LISTEN for all its waiters.
 */
export const CHANNEL = "request_changed";

export interface ChangeHub {
  /** Resolves when `id` is announced, or after `ms`; `true` when woken by a change. */
  wait(id: string, ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Announces a committed change of `id` to every instance. */
  publish(id: string): Promise<void>;
  /**
   * Counts notifications received. A read started at generation g cannot have missed a change announced at a
   * later generation, which is what makes sharing one read among many woken waiters safe.
   */
  generation(): number;
  /** Waiters currently parked (bench, tests). */
  waiting(): number;
  close(): Promise<void>;
}

export async function createChangeHub(store: Store): Promise<ChangeHub> {
  const waiters = new Map<string, Set<() => void>>();
  let count = 0;
  let generation = 0;
  const unlisten = await store.listen(CHANNEL, (id) => {
    generation++;
    // null: changes may have gone unheard while the database was away; every waiter re-reads its request.
    const sets = id === null ? [...waiters.values()] : [waiters.get(id)];
    if (id === null) waiters.clear();
    else waiters.delete(id);
    for (const set of sets) for (const wake of set ?? []) wake();
  });
  return {
    wait(id, ms, signal) {
      return new Promise((resolve) => {
        let set = waiters.get(id);
        if (!set) {
          set = new Set();
          waiters.set(id, set);
        }
        const mine = set;
        count++;
        const done = (woken: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener("abort", onAbort);
          mine.delete(wake);
          if (mine.size === 0 && waiters.get(id) === mine) waiters.delete(id);
          count--;
          resolve(woken);
        };
        const wake = () => done(true);
        const onAbort = () => done(false);
        const timer = setTimeout(() => done(false), ms);
        mine.add(wake);
        signal?.addEventListener("abort", onAbort, { once: true });
      });
    },
    publish: (id) => store.notify(CHANNEL, id),
    generation: () => generation,
    waiting: () => count,
    close: unlisten,
  };
}

/** What a long-polled subject (a request, a signing) has: a version bumped by every change, and a life. */
export interface Polled {
  version: number;
  status: string;
  expires_at: Date;
}

/**
 * The long-poll of GET /api/requests/:id and GET /api/signings/:id: answers at once when `version` is absent or
 * differs, otherwise when the subject changes (on any instance), when a waiting subject's own expiry comes (so the
 * teller learns "expired" on time), or after `waitMs`. `read` checks access (and closes what has expired); `peek`
 * is the cheap re-read done after subscribing, so a change in between is not missed.
 */
export async function longPoll<Row extends Polled, View>(
  s: { changes: ChangeHub; clock: () => Date },
  id: string,
  opts: { waitMs: number; version: number | undefined; signal?: AbortSignal | undefined },
  io: {
    read: () => Promise<Row>;
    peek: () => Promise<Row | undefined>;
    view: (row: Row) => View | Promise<View>;
  },
): Promise<View> {
  const first = await io.read();
  if (opts.version === undefined || first.version !== opts.version || opts.waitMs === 0)
    return io.view(first);
  const deadline = Date.now() + opts.waitMs;
  for (;;) {
    const left = deadline - Date.now();
    if (left <= 0 || opts.signal?.aborted) break;
    const untilExpiry = first.status === "waiting" ? first.expires_at.getTime() - s.clock().getTime() : left;
    const stop = new AbortController();
    const abort = () => stop.abort();
    opts.signal?.addEventListener("abort", abort, { once: true });
    const woken = s.changes.wait(id, Math.max(0, Math.min(left, untilExpiry + 50)), stop.signal);
    try {
      const row = await io.peek();
      if (row && row.version !== opts.version) return io.view(row);
      await woken;
    } finally {
      stop.abort();
      opts.signal?.removeEventListener("abort", abort);
    }
    const again = await io.read();
    if (again.version !== opts.version) return io.view(again);
  }
  return io.view(await io.read());
}
