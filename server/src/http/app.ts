import { existsSync } from "node:fs";
import path from "node:path";
import express, { type Express } from "express";
import { AppError } from "../errors.ts";
import { authRoutes } from "../routes/auth.ts";
import { checkRoutes } from "../routes/checks.ts";
import { diiaCallbackRoutes } from "../routes/diia-callback.ts";
import { employeeRoutes } from "../routes/employees.ts";
import { healthRoutes } from "../routes/health.ts";
import { manageAdminRoutes } from "../routes/manage-admin.ts";
import { manageCopiesRoutes } from "../routes/manage-copies.ts";
import { sharingRoutes } from "../routes/sharing.ts";
import type { Services } from "../services/context.ts";
import { errorHandler, refuseNul, requestLog, sameOrigin } from "./middleware.ts";
import { noStore, securityHeaders } from "./security-headers.ts";

/** The Express app: health, the JSON API under /api, and the built PWA with SPA fallback when it exists. */
export function createApp(s: Services): Express {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", s.config.trustProxy);
  app.use(requestLog(s.log));
  app.use(securityHeaders());
  app.use(healthRoutes(s));
  // Before /api: Diia's multipart must not meet the JSON limit, the Origin check or the API's 404.
  app.use(diiaCallbackRoutes(s));

  const api = express.Router();
  api.use(noStore);
  api.use(express.json({ limit: "100kb", reviver: refuseNul }));
  api.use(sameOrigin);
  api.use(authRoutes(s));
  api.use(employeeRoutes(s));
  api.use(sharingRoutes(s));
  api.use(manageCopiesRoutes(s));
  api.use(manageAdminRoutes(s));
  api.use(checkRoutes(s));
  api.use((_req, _res, next) => next(new AppError("NOT_FOUND")));
  app.use("/api", api);

  const index = path.join(s.config.webDist, "index.html");
  if (existsSync(index)) {
    app.use(express.static(s.config.webDist, { index: false }));
    // The app shell answers the app's routes only: a missing file (anything with an extension — a script, a
    // style, a source map) is an honest 404, not the shell.
    app.get("/{*path}", (req, res, next) =>
      path.extname(req.path) ? next(new AppError("NOT_FOUND")) : res.sendFile(index),
    );
  } else {
    s.log.warn("web build not found; run the root web build to serve the app");
  }
  app.use(errorHandler(s.log));
  return app;
}
