/**
 * A small pool of worker threads that open Diia envelopes (decrypt + verify, signer pinned), so the event loop
 * keeps answering long-polls while a delivery is being unwrapped. Bounded: past `maxQueue` waiting jobs it
 * refuses with BUSY (the webhook answers 503 and Diia retries later) instead of piling up memory.
 *
 * @example
 * const pool = createUnwrapPool({ size: 2, maxQueue: 32, init: { keyFile, keyPassword, ownCerts, trustedCerts, senderCerts } });
 * const [meta] = await pool.unwrap([encodeDataBase64]); // { ok: true, content, signer, signingTime } | { ok: false, code }
 * await pool.close();
 */
import { Worker } from "node:worker_threads";
import { AppError } from "../errors.ts";

export interface WorkerInit {
  keyFile: Uint8Array;
  keyPassword: string;
  /** DER of our own key-agreement certificates, for containers that hold only keys (IIT Key-6.dat). */
  ownCerts: Uint8Array[];
  /** DER of Diia's signing certificates: the only signers accepted. */
  trustedCerts: Uint8Array[];
  /** DER of extra key-agreement certificates of the sender (when envelopes lack originatorInfo). */
  senderCerts: Uint8Array[];
}

export interface SignerInfo {
  subject: string;
  serial: string;
  keyId: string | null;
  issuer: string;
}

export type UnwrapPart =
  | {
      ok: true;
      content: Uint8Array;
      signer: SignerInfo;
      signingTime: string | null;
      /** DER of the signer's certificate, for the revocation check. */
      signerCert: Uint8Array;
    }
  | { ok: false; code: string };

export interface UnwrapTask {
  id: number;
  parts: string[];
}
export interface UnwrapReply {
  id: number;
  parts: UnwrapPart[];
}

export interface UnwrapPool {
  /** Opens each envelope (base64 text); one failed part does not fail the others. */
  unwrap(parts: string[]): Promise<UnwrapPart[]>;
  /** Resolves once every worker has loaded the keys (or rejects when one could not). */
  ready: Promise<void>;
  close(): Promise<void>;
}

interface Job {
  task: UnwrapTask;
  resolve: (parts: UnwrapPart[]) => void;
  reject: (e: unknown) => void;
}

// Compiled (`pnpm build`, dist/*.js) the worker is plain JavaScript; from source, unwrap-worker.mjs registers tsx
// first. Either way the worker inherits the process's flags, so `--conditions=stiika-dist` reaches it too.
const ENTRY = new URL(
  import.meta.url.endsWith(".js") ? "./unwrap-worker.js" : "./unwrap-worker.mjs",
  import.meta.url,
);

export function createUnwrapPool(opts: { size: number; maxQueue: number; init: WorkerInit }): UnwrapPool {
  const queue: Job[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Job>();
  let nextId = 1;
  let closed = false;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop() as Worker;
      const job = queue.shift() as Job;
      busy.set(worker, job);
      worker.postMessage(job.task);
    }
  };

  const spawn = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(ENTRY, { workerData: opts.init });
      let started = false;
      worker.on("message", (msg: UnwrapReply | { ready: true }) => {
        if ("ready" in msg) {
          started = true;
          idle.push(worker);
          dispatch();
          resolve();
          return;
        }
        const job = busy.get(worker);
        busy.delete(worker);
        idle.push(worker);
        job?.resolve(msg.parts);
        dispatch();
      });
      worker.on("error", (e) => {
        const job = busy.get(worker);
        busy.delete(worker);
        job?.reject(new AppError("INTERNAL", "unwrap worker failed", { cause: e }));
        if (!started) reject(e);
      });
      worker.on("exit", () => {
        const i = idle.indexOf(worker);
        if (i >= 0) idle.splice(i, 1);
        const job = busy.get(worker);
        busy.delete(worker);
        job?.reject(new AppError("INTERNAL", "unwrap worker exited"));
        // A crashed worker is replaced so the pool never shrinks to nothing.
        if (!closed && started) void spawn().catch(() => {});
      });
    });

  const workers = Array.from({ length: opts.size }, spawn);
  const ready = Promise.all(workers).then(() => {});
  ready.catch(() => {});

  return {
    ready,
    unwrap(parts) {
      if (closed) return Promise.reject(new AppError("BUSY", "the unwrap pool is closed"));
      if (queue.length >= opts.maxQueue) return Promise.reject(new AppError("BUSY"));
      return new Promise((resolve, reject) => {
        queue.push({ task: { id: nextId++, parts }, resolve, reject });
        dispatch();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new AppError("BUSY", "the unwrap pool is closing"));
      const all = [...idle, ...busy.keys()];
      for (const job of busy.values()) job.reject(new AppError("BUSY", "the unwrap pool is closing"));
      busy.clear();
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
