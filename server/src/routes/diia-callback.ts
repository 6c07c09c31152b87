import busboy from "busboy";
import { type Request, type Response, Router } from "express";
import type { Services } from "../services/context.ts";
import { type CallbackInput, type ReceivedPart, receiveCallback } from "../services/deliveries.ts";

/** One envelope part: a 20 MB PDF grows to ~27 MB as base64 text. */
const MAX_PART_BYTES = 30 * 1024 * 1024;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
const MAX_PARTS = 20;

class TooLarge extends Error {}

/** Reads the multipart body (spec §4: every part is base64 text) with hard limits on parts and sizes. */
function readMultipart(req: Request): Promise<Omit<CallbackInput, "traceId">> {
  return new Promise((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        limits: {
          parts: MAX_PARTS,
          files: MAX_PARTS,
          fields: MAX_PARTS,
          fileSize: MAX_PART_BYTES,
          fieldSize: MAX_PART_BYTES,
        },
      });
    } catch (e) {
      reject(e);
      return;
    }
    const fields: Record<string, string> = {};
    const files: ReceivedPart[] = [];
    let total = 0;
    let failed = false;
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      req.resume();
      reject(e);
    };
    req.on("data", (chunk: Buffer) => {
      total += chunk.length;
      if (total > MAX_TOTAL_BYTES) fail(new TooLarge());
    });
    bb.on("field", (name, value, info) => {
      if (info.valueTruncated) fail(new TooLarge());
      else fields[name] = value;
    });
    bb.on("file", (name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("limit", () => fail(new TooLarge()));
      stream.on("end", () => {
        files.push({
          field: name,
          filename: info.filename ?? "",
          text: Buffer.concat(chunks).toString("latin1").trim(),
        });
      });
    });
    for (const event of ["partsLimit", "filesLimit", "fieldsLimit"] as const)
      bb.on(event, () => fail(new TooLarge()));
    bb.on("error", (e) => fail(e as Error));
    bb.on("close", () => {
      if (!failed) resolve({ fields, files });
    });
    req.pipe(bb);
  });
}

/**
 * The Diia webhook at `config.diia.callbackPath`, mounted before the /api router so its JSON limit, Origin check
 * and 404 do not apply. Answers are `{success}` as Diia expects (see services/deliveries.ts for which and why).
 */
export function diiaCallbackRoutes(s: Services): Router {
  const r = Router();
  r.post(s.config.diia.callbackPath, async (req: Request, res: Response) => {
    if (!req.is("multipart/form-data")) {
      res.status(415).json({ success: false, error: "EXPECTED_MULTIPART" });
      return;
    }
    let body: Omit<CallbackInput, "traceId">;
    try {
      body = await readMultipart(req);
    } catch (e) {
      const large = e instanceof TooLarge;
      res.status(large ? 413 : 400).json({ success: false, error: large ? "TOO_LARGE" : "BAD_MULTIPART" });
      return;
    }
    const answer = await receiveCallback(s, { traceId: req.get("x-document-request-trace-id"), ...body });
    res.status(answer.status).json(answer.body);
  });
  return r;
}
