import { connectDiia } from "../diia/connect.ts";
import { createUnwrapPool, type UnwrapPool } from "../lib/unwrap-pool.ts";
import { ensureDefaultServices, registerWithDiia } from "./catalog.ts";
import type { Services } from "./context.ts";
import { backfillSearchIndex } from "./manage-search.ts";
import { sweepExpired } from "./requests.ts";
import { purge } from "./retention.ts";
import { sweepExpiredSignings } from "./signings.ts";
import { pollStatuses } from "./status-poller.ts";

/**
 * The jobs one instance runs beside HTTP: connect to Diia (waiting for the sandbox when it starts alongside) and
 * register the branch and offers, then sweep expired requests, poll Diia for declines, and purge old data. Each
 * job runs one round at a time; a failing round is logged and tried again on the next tick.
 *
 * @example
 * const jobs = startBackground(services); // await jobs.diiaReady to know requests can be made
 * await jobs.stop();
 */
export interface Background {
  /** Resolves once Diia is connected and the branch registered; rejects when that failed for good. */
  diiaReady: Promise<void>;
  stop(): Promise<void>;
}

export function startBackground(s: Services): Background {
  const abort = new AbortController();
  let pool: UnwrapPool | undefined;
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, name: string, job: () => Promise<unknown>) => {
    let running = false;
    const tick = async () => {
      if (running || abort.signal.aborted) return;
      running = true;
      try {
        await job();
      } catch (e) {
        if (!abort.signal.aborted)
          s.log.warn({ job: name, err: { message: (e as Error).message } }, "background job failed");
      } finally {
        running = false;
      }
    };
    timers.push(setInterval(tick, ms).unref());
    void tick();
  };

  every(s.config.sweepMs, "sweep", async () => {
    await sweepExpired(s);
    await sweepExpiredSignings(s);
  });
  every(s.config.retentionIntervalMs, "retention", () => purge(s));
  // Documents stored before the blind index existed become searchable; runs once, a batch per transaction.
  backfillSearchIndex(s).catch((e) =>
    s.log.warn({ err: { message: (e as Error).message } }, "search backfill failed"),
  );

  const diiaReady = (async () => {
    await ensureDefaultServices(s);
    const link = await connectDiia(s.config, s.log, abort.signal);
    pool = createUnwrapPool({ size: s.config.unwrapWorkers, maxQueue: 64, init: link.keys });
    try {
      await pool.ready;
    } catch (e) {
      // A wrong key password or an unreadable container: nothing can be opened, so say so once, loudly.
      await pool.close();
      throw e;
    }
    // Until here callbacks are answered 503 and Diia retries them.
    s.diia.pool = pool;
    s.diia.link = link;
    // Registration retries until Diia answers (the sandbox may still be starting).
    for (let delay = 500; ; delay = Math.min(delay * 2, 10_000)) {
      try {
        await registerWithDiia(s, link);
        break;
      } catch (e) {
        if (abort.signal.aborted) throw e;
        s.log.warn({ err: { message: (e as Error).message } }, "cannot register with Diia yet; retrying");
        await new Promise((r) => setTimeout(r, delay).unref());
      }
    }
    s.log.info({ source: link.source }, "Diia connected; branch and offers registered");
    every(s.config.statusPollMs, "status-poll", () => pollStatuses(s));
  })();
  diiaReady.catch((e) => {
    if (!abort.signal.aborted)
      s.log.error({ err: { message: (e as Error).message } }, "Diia is not connected");
  });

  return {
    diiaReady,
    async stop() {
      abort.abort();
      for (const t of timers) clearInterval(t);
      await pool?.close();
    },
  };
}
