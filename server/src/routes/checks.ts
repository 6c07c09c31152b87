/**
 * `POST /api/checks` `{serviceId?, barcode}` → `{result, message, checkedAt}`: check-only mode (see docs/api.md).
 *
 * @example
 * api.use(checkRoutes(s));
 * // curl -X POST /api/checks -H 'X-CSRF-Token: …' -d '{"barcode":"2858364170864"}' → {"result":"valid",…}
 */
import { Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionOf } from "../http/middleware.ts";
import { checkDocument } from "../services/checks.ts";
import type { Services } from "../services/context.ts";

const newCheck = z.object({ serviceId: z.uuid().optional(), barcode: z.string().max(64) });

export function checkRoutes(s: Services): Router {
  const r = Router();
  r.post("/checks", requireSession(s), async (req, res) => {
    const answer = await checkDocument(s, sessionOf(res).employee, parse(newCheck, req.body));
    res.set("Cache-Control", "no-store").json(answer);
  });
  return r;
}
