// `renderDocumentPdf` in a worker thread. Rendering a copy blocks for 100–250 ms, and copies are now prepared while
// the partner's request is still being handled (in the e2e stack, in the same process as the server), so it must
// not hold up the event loop. One lazily started worker; it keeps the process alive only while a job is pending.
import { Worker } from "node:worker_threads";
import { SandboxError } from "../../errors.ts";
import type { RenderDocumentPdfInput } from "../../pdf/render-document-pdf.ts";
import type { RenderJob, RenderReply } from "./render-worker.ts";

const ENTRY = new URL("./render-worker.mjs", import.meta.url);

type Pending = { resolve: (pdf: Uint8Array) => void; reject: (error: Error) => void };

let worker: Worker | undefined;
const pending = new Map<number, Pending>();
let nextId = 1;

function start(): Worker {
  const w = new Worker(ENTRY);
  w.unref();
  w.on("message", (reply: RenderReply) => {
    const job = pending.get(reply.id);
    pending.delete(reply.id);
    if (pending.size === 0) w.unref();
    if (!job) return;
    if ("pdf" in reply) job.resolve(reply.pdf);
    else if (reply.error.code) job.reject(new SandboxError(reply.error.code, reply.error.message));
    else job.reject(new Error(`rendering failed: ${reply.error.message}`));
  });
  // A crashed worker fails its jobs; the next render starts a new one.
  const fail = (error: Error) => {
    if (worker === w) worker = undefined;
    for (const job of pending.values()) job.reject(error);
    pending.clear();
  };
  w.on("error", fail);
  w.on("exit", (code) => fail(new Error(`the render worker exited (${code})`)));
  return w;
}

export function renderInWorker(input: RenderDocumentPdfInput): Promise<Uint8Array> {
  worker ??= start();
  const w = worker;
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    w.ref();
    w.postMessage({ id, input } satisfies RenderJob);
  });
}
