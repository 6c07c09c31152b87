// Rendering a PDF copy blocks for 100–250 ms and wrapping one envelope for 25–50 ms, and copies are prepared while
// the partner's request is still being handled (in the e2e stack, in the same process as the server), so both run
// in a worker thread instead of holding up the event loop. One lazily started worker for the process; it keeps
// the process alive only while a job is pending.
import { Worker } from "node:worker_threads";
import { SandboxError } from "../../errors.ts";
import type { RenderDocumentPdfInput } from "../../pdf/render-document-pdf.ts";
import type { CopyJob, CopyReply, WrapInput } from "./copy-worker.ts";

export type { WrapInput } from "./copy-worker.ts";

const ENTRY = new URL("./copy-worker.mjs", import.meta.url);

type Pending = { resolve: (bytes: Uint8Array) => void; reject: (error: Error) => void };

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function start(): Worker {
  const w = new Worker(ENTRY);
  w.unref();
  w.on("message", (reply: CopyReply) => {
    const job = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (!job) return;
    if ("bytes" in reply) job.resolve(reply.bytes);
    else if (reply.error.code) job.reject(new SandboxError(reply.error.code, reply.error.message));
    else job.reject(new Error(reply.error.message));
  });
  // A crashed worker fails its jobs; the next job starts a new one.
  const fail = (error: Error) => {
    if (worker === w) worker = undefined;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`the copy worker exited (${code})`)));
  return w;
}

function inWorker(job: Omit<CopyJob, "id">): Promise<Uint8Array> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, ...job } as CopyJob);
  });
}

/** `renderDocumentPdf`, in the worker. */
export function renderInWorker(input: RenderDocumentPdfInput): Promise<Uint8Array> {
  return inWorker({ kind: "render", input });
}

/** `wrap` (sign as `signer`, encrypt from `originator` to the recipient), in the worker. */
export function wrapInWorker(input: WrapInput): Promise<Uint8Array> {
  return inWorker({ kind: "wrap", input });
}
