// Check-only mode end to end in Chromium: «Лише перевірити» on, a live code typed → a green «Документ дійсний», the
// same code again → a red «Код уже використано» with its reason; then the server's own database shows nothing about
// the client was kept. This file runs its own sandbox + server (embedded PGlite in this process) so the test can
// read that database; the shared stack's database lives in the global setup's process.
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createSandbox, type Sandbox } from "@stiika/sandbox";
import { loadConfig } from "@stiika/server/config";
import { type RunningServer, start } from "@stiika/server/server";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seriousViolations } from "../lib/axe.ts";
import { launchBrowser } from "../lib/browser.ts";
import { liveCode } from "../lib/sandbox-control.ts";
import { screenshotSizes } from "../lib/screens.ts";
import { signIn } from "../lib/teller.ts";
import { WEB_DIST } from "../lib/web-build.ts";

const HOTEL = "Поселення в готель";
const dir = mkdtempSync(path.join(tmpdir(), "stiika-e2e-checks-"));
let sandbox: Sandbox;
let server: RunningServer;
let browser: Browser;
const teller = {
  login: "checker.e2e",
  password: randomBytes(12).toString("base64url"),
  fullName: "Ганна Перевірка",
};

async function call(
  base: string,
  p: string,
  body: unknown,
  auth: { cookie: string; csrf: string } | null = null,
) {
  const res = await fetch(`${base}${p}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      ...(auth ? { cookie: auth.cookie, "x-csrf-token": auth.csrf } : {}),
    },
    body: JSON.stringify(body),
  });
  if (res.status >= 300) throw new Error(`${p}: HTTP ${res.status}`);
  return { res, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  const adminPassword = randomBytes(18).toString("base64url");
  sandbox = await createSandbox({ port: 0, dataDir: path.join(dir, "sandbox"), log: () => {} });
  server = await start({
    config: loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      STIIKA_DATA_DIR: path.join(dir, "server"),
      STIIKA_KEY_DIR: path.join(dir, "keys"),
      STIIKA_WEB_DIST: WEB_DIST,
      STIIKA_ADMIN_PASSWORD: adminPassword,
      SANDBOX_DATA_DIR: path.join(dir, "sandbox"),
      DIIA_BASE_URL: sandbox.url,
    }),
    print: () => {},
  });
  await server.diiaReady;
  const login = await call(server.url, "/api/auth/login", { login: "admin", password: adminPassword });
  const admin = login.body.employee as { branch: { id: string } };
  const auth = {
    cookie: (login.res.headers.get("set-cookie") ?? "").split(";")[0] ?? "",
    csrf: String(login.body.csrfToken),
  };
  await call(
    server.url,
    "/api/employees",
    {
      login: teller.login,
      displayName: teller.fullName,
      role: "teller",
      branchId: admin.branch.id,
      password: teller.password,
    },
    auth,
  );
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await sandbox?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function typeCode(page: Page, digits: string) {
  await page.getByTestId("manual-code-input").fill(digits);
  await page.getByTestId("manual-code-submit").click();
}

describe("check-only mode", () => {
  it("a live code is green, the same code again is red with the reason, and nothing personal is stored", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await signIn(page, server.url, teller);
    await page.getByTestId("service-picker").selectOption({ label: HOTEL });
    const sw = page.getByRole("switch", { name: "Лише перевірити" });
    await sw.click();
    expect(await sw.getAttribute("aria-checked")).toBe("true");

    const code = await liveCode(sandbox.url, "olena-kovalenko", "internal-passport");
    await typeCode(page, code.barcode);
    const panel = page.getByTestId("check-result");
    await panel.waitFor();
    expect(await panel.getAttribute("data-result")).toBe("valid");
    expect(await page.getByTestId("check-title").textContent()).toBe("Документ дійсний");
    const green = await panel.evaluate((el) => getComputedStyle(el).backgroundColor);
    // High contrast is what makes it readable from a metre away: axe checks it with the rest.
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, "check-valid");

    await typeCode(page, code.barcode);
    await page.locator('[data-testid="check-result"][data-result="code_used"]').waitFor();
    expect(await page.getByTestId("check-title").textContent()).toBe("Код уже використано");
    expect(await page.getByTestId("check-reason").textContent()).toBe(
      "Цей код уже використано: попросіть клієнта оновити код у Дії та відскануйте новий.",
    );
    expect(await page.getByTestId("check-time").getAttribute("datetime")).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(await panel.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(green);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, "check-used");
    // The switch is a device preference: a reload keeps it on for this service.
    await page.reload();
    await page.getByTestId("service-picker").selectOption({ label: HOTEL });
    expect(await page.getByRole("switch", { name: "Лише перевірити" }).getAttribute("aria-checked")).toBe(
      "true",
    );
    await context.close();

    const store = server.services.store;
    const counts = await store.query<{ requests: number; documents: number; deliveries: number }>(
      `SELECT (SELECT count(*)::int FROM requests) AS requests, (SELECT count(*)::int FROM documents) AS documents,
              (SELECT count(*)::int FROM deliveries) AS deliveries`,
    );
    expect(counts.rows[0]).toEqual({ requests: 0, documents: 0, deliveries: 0 });
    const audit = await store.query<{ action: string; details: Record<string, unknown> }>(
      "SELECT action, details FROM audit_log WHERE action = 'check.document' ORDER BY seq",
    );
    expect(audit.rows.map((r) => r.details.result)).toEqual(["valid", "code_used"]);
    const everything = JSON.stringify((await store.query("SELECT * FROM audit_log")).rows);
    expect(everything).not.toContain(code.barcode);
    const olena = sandbox.state.citizens.find((c) => c.id === "olena-kovalenko");
    const passport = olena?.documents.find((d) => d.type === "internal-passport")?.metadata ?? {};
    for (const value of [
      passport.lastNameUA,
      passport.firstNameUA,
      passport.docNumber,
      passport.taxpayerNumber,
    ]) {
      expect(everything).not.toContain(String(value));
    }
  });
});
