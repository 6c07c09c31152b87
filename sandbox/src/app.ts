// The HTTP surface: Diia's partner API, the deeplink landing, the citizen phone (E2), the control API and page.
import { fileURLToPath } from "node:url";
import express from "express";
import { DEEPLINK_PREFIX } from "./api/offer-request.ts";
import { partnerApi } from "./api/partner-api.ts";
import { pkiRoutes } from "./api/pki-routes.ts";
import { controlApi } from "./control/control-api.ts";
import { SandboxError } from "./errors.ts";
import { errorHandler } from "./lib/http.ts";
import { phoneRouter } from "./phone/phone-router.ts";
import type { SandboxContext } from "./state/context.ts";

const CONTROL_PAGE_DIR = fileURLToPath(new URL("./control/page/", import.meta.url));

export function createApp(ctx: SandboxContext): express.Express {
  const app = express();
  app.disable("x-powered-by");
  // Before the JSON parser: OCSP requests are DER.
  app.use(pkiRoutes(ctx));
  app.use(express.json({ limit: "1mb" }));

  app.use(partnerApi(ctx));
  app.use("/api", () => {
    throw new SandboxError("NOT_FOUND", "Route not found");
  });

  // Opening a deeplink in a browser pointed at the sandbox lands on the phone, which asks who is opening it.
  app.get("/acquirers/offer-request/dynamic/:id", (req, res) => {
    const deeplink = `${DEEPLINK_PREFIX}${encodeURIComponent(req.params.id)}`;
    res.redirect(302, `/phone/?deeplink=${encodeURIComponent(deeplink)}`);
  });

  app.use("/phone", phoneRouter());
  app.use("/control/api", controlApi(ctx));
  app.use("/control/api", () => {
    throw new SandboxError("NOT_FOUND", "Route not found");
  });
  app.use("/control", express.static(CONTROL_PAGE_DIR));

  app.get("/", (_req, res) => {
    res
      .type("html")
      .send(`<!doctype html><html lang="uk"><head><meta charset="utf-8"><title>Дія — пісочниця</title>
<meta name="viewport" content="width=device-width,initial-scale=1"></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">
<h1>Дія — пісочниця Стійки</h1>
<p>Локальна заміна партнерського API Дії.</p>
<ul><li><a href="/phone/">Телефон громадянина</a></li><li><a href="/control/">Пульт керування</a></li></ul>
</body></html>`);
  });

  app.use(errorHandler(ctx.config.log));
  return app;
}
