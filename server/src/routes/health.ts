import { Router } from "express";
import type { Services } from "../services/context.ts";
import { isMigrated } from "../store/migrate.ts";

/** `GET /healthz`: the process answers. `GET /readyz`: the database answers and every migration is applied. */
export function healthRoutes(s: Services): Router {
  const r = Router();
  r.get("/healthz", (_req, res) => {
    res.json({ ok: true });
  });
  r.get("/readyz", async (_req, res) => {
    let ready = false;
    try {
      ready = await isMigrated(s.store);
    } catch (e) {
      s.log.warn({ err: { message: (e as Error).message } }, "readiness check failed");
    }
    res.status(ready ? 200 : 503).json({ ok: ready, database: ready ? "ready" : "unavailable" });
  });
  return r;
}
