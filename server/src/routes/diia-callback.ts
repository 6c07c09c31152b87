import busboy from "busboy";
import { type Request, type Response, Router } from "express";
import { cidrContains } from "../lib/cidr.ts";
import type { Services } from "../services/context.ts";
import {
  type CallbackInput,
  countRefusal,
  type ReceivedPart,
  receiveCallback,
} from "../services/deliveries.ts";
import { receiveSigningCallback } from "../services/signing-callback.ts";

/** One envelope part: a 20 MB PDF grows to ~27 MB as base64 text. */
export const MAX_PART_BYTES = 30 * 1024 * 1024;
export const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** Parts of any kind (files and fields together): one metadata field, one file name, and the documents. */
export const MAX_PARTS = 20;
/** Multipart headers of one part; busboy's own default is 80 KB. */
const MAX_HEADER_PAIRS = 20;
const MAX_SOURCES = 10_000;

class Refused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(code);
  }
}

/**
 * What the unauthenticated webhook may cost: concurrent uploads and the bytes they hold are bounded for the
 * whole process, and each source (the client IP as Express reports it, so behind `STIIKA_TRUST_PROXY` the
 * forwarded one) gets a fixed window of posts per minute.
 */
class Budget {
  uploads = 0;
  bytes = 0;
  private window = 0;
  private perSource = new Map<string, number>();
  constructor(
    private readonly s: Services,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts a post of `source` in the current minute; false when over the limit. */
  allow(source: string): boolean {
    const minute = Math.floor(this.now() / 60_000);
    if (minute !== this.window) {
      this.window = minute;
      this.perSource.clear();
    }
    // Bounded too: past MAX_SOURCES distinct sources in one minute (forged X-Forwarded-For behind a careless
    // proxy), new ones wait for the next minute.
    if (!this.perSource.has(source) && this.perSource.size >= MAX_SOURCES) return false;
    const n = (this.perSource.get(source) ?? 0) + 1;
    this.perSource.set(source, n);
    return n <= this.s.config.diia.callback.ratePerMinute;
  }
}

/**
 * Reads the multipart body (spec §4: every part is base64 text) with hard limits on parts, sizes, time and the
 * process-wide bytes in flight. Every stream has an error listener: a body that ends inside a part, a client that
 * goes away and a malformed boundary all end here as a refusal, never as an unhandled `error` event.
 */
function readMultipart(
  req: Request,
  s: Services,
  budget: Budget,
  contentType: string,
): Promise<{ body: Omit<CallbackInput, "traceId">; held: number }> {
  const limits = s.config.diia.callback;
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: { ...req.headers, "content-type": contentType },
        limits: {
          // busboy emits partsLimit when the count *reaches* `parts` (files/fields: when one more begins), so
          // one more here makes 20 parts pass and the 21st refused, as documented.
          parts: MAX_PARTS + 1,
          files: MAX_PARTS,
          fields: MAX_PARTS,
          fileSize: MAX_PART_BYTES,
          fieldSize: MAX_PART_BYTES,
          headerPairs: MAX_HEADER_PAIRS,
        },
      });
    } catch {
      reject(new Refused(400, "BAD_MULTIPART"));
      return;
    }
    const fields: Record<string, string> = {};
    const files: ReceivedPart[] = [];
    let held = 0;
    let done = false;
    const timer = setTimeout(() => finish(new Refused(408, "READ_TIMEOUT")), limits.readTimeoutMs);
    const finish = (e: Error | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.off("data", count);
      req.off("aborted", aborted);
      req.off("close", closed);
      if (e) {
        budget.bytes -= held;
        req.unpipe(bb);
        bb.removeAllListeners();
        // busboy may still emit once more after the unpipe; nothing may be left without a listener.
        bb.on("error", () => {});
        bb.destroy();
        req.resume();
        reject(e);
      } else {
        // The bytes stay counted until the delivery is answered (the route releases them).
        resolve({ body: { fields, files }, held });
      }
    };
    const count = (chunk: Buffer) => {
      held += chunk.length;
      budget.bytes += chunk.length;
      if (held > MAX_TOTAL_BYTES) finish(new Refused(413, "TOO_LARGE"));
      else if (budget.bytes > limits.maxInFlightBytes) finish(new Refused(503, "BUSY"));
    };
    const aborted = () => finish(new Refused(400, "ABORTED"));
    const closed = () => {
      if (!req.complete) aborted();
    };
    req.on("data", count);
    req.on("aborted", aborted);
    req.on("close", closed);
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated || info.nameTruncated) finish(new Refused(413, "TOO_LARGE"));
      else if (name === "__proto__" || Object.hasOwn(fields, name)) finish(new Refused(400, "BAD_MULTIPART"));
      else fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("error", (e) => finish(e instanceof Refused ? e : new Refused(400, "BAD_MULTIPART")));
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => finish(new Refused(413, "TOO_LARGE")));
      stream.on("end", () => {
        if (done) return;
        files.push({
          field: name,
          filename: info.filename ?? "",
          text: Buffer.concat(chunks).toString("latin1").trim(),
        });
      });
    });
    for (const event of ["partsLimit", "filesLimit", "fieldsLimit"] as const)
      bb.on(event, () => finish(new Refused(413, "TOO_LARGE")));
    bb.on("error", () => finish(new Refused(400, "BAD_MULTIPART")));
    bb.on("close", () => finish(undefined));
    req.pipe(bb);
  });
}

/** Answers without reading the rest of the body, and closes the connection so it is not read either. */
function refuse(res: Response, status: number, error: string) {
  res.set("connection", "close");
  res.status(status).json({ success: false, error });
}

/**
 * The Diia webhook at `config.diia.callbackPath`, mounted before the /api router so its JSON limit, Origin check
 * and 404 do not apply. Answers are `{success}` as Diia expects (see services/deliveries.ts for which and why).
 * Checked before a byte of the body is read: the allow-list, the per-source rate, the declared size, the
 * number of uploads at once.
 */
export function diiaCallbackRoutes(s: Services): Router {
  const r = Router();
  const budget = new Budget(s);
  const limits = s.config.diia.callback;
  r.post(s.config.diia.callbackPath, async (req: Request, res: Response) => {
    const source = req.ip ?? "";
    if (limits.allowedIps && !cidrContains(limits.allowedIps, source)) {
      s.log.warn({ source }, "Diia callback from an address not on DIIA_CALLBACK_ALLOWED_IPS");
      refuse(res, 403, "FORBIDDEN_SOURCE");
      return;
    }
    if (!budget.allow(source)) {
      refuse(res, 429, "RATE_LIMITED");
      return;
    }
    // Дія.Підпис posts to the same URL, told apart by this header (spec §7); no other Diia-ID action is ours.
    const action = req.get("x-diia-id-action");
    if (action !== undefined && action !== "hashedFilesSigning") {
      await countRefusal(s, "UNSUPPORTED_ACTION", 0);
      refuse(res, 400, "UNSUPPORTED_ACTION");
      return;
    }
    const signing = action === "hashedFilesSigning";
    // A signing callback comes as multipart/form-data or multipart/mixed (spec §7): the sections of both carry
    // `Content-Disposition: form-data; name=…`, so the mixed body is read by the same parser with the same
    // limits, told it is form-data (the boundary and every byte unchanged).
    const mixed = signing && typeof req.is("multipart/mixed") === "string";
    if (!req.is("multipart/form-data") && !mixed) {
      await countRefusal(s, "EXPECTED_MULTIPART", 0);
      refuse(res, 415, "EXPECTED_MULTIPART");
      return;
    }
    const contentType = mixed
      ? (req.get("content-type") ?? "").replace(/^\s*multipart\/mixed/i, "multipart/form-data")
      : (req.get("content-type") ?? "");
    const declared = Number(req.get("content-length") ?? Number.NaN);
    if (declared > MAX_TOTAL_BYTES) {
      await countRefusal(s, "TOO_LARGE", 0);
      refuse(res, 413, "TOO_LARGE");
      return;
    }
    if (budget.uploads >= limits.maxUploads) {
      refuse(res, 503, "BUSY");
      return;
    }
    budget.uploads++;
    let read: Awaited<ReturnType<typeof readMultipart>>;
    try {
      read = await readMultipart(req, s, budget, contentType);
    } catch (e) {
      budget.uploads--;
      const refused = e instanceof Refused ? e : new Refused(400, "BAD_MULTIPART");
      if (refused.code !== "BUSY") await countRefusal(s, refused.code, 0);
      if (!res.headersSent && !req.socket.destroyed) refuse(res, refused.status, refused.code);
      return;
    }
    try {
      const answer = await (signing ? receiveSigningCallback : receiveCallback)(s, {
        traceId: req.get("x-document-request-trace-id"),
        headers: {
          contentType: req.get("content-type") ?? null,
          userAgent: req.get("user-agent") ?? null,
          source,
        },
        ...read.body,
      });
      res.status(answer.status).json(answer.body);
    } finally {
      budget.uploads--;
      budget.bytes -= read.held;
    }
  });
  return r;
}
