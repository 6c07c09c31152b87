// What a security reviewer checks in the browser: the production build publishes no source maps, and the
// Content-Security-Policy the server sends is enforced (the CSP guard of every test file sees a violation).
import { readdirSync } from "node:fs";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { cspViolations, launchBrowser } from "../lib/browser.ts";
import { WEB_DIST } from "../lib/web-build.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

describe("the production build and its policy", () => {
  it("when the app is built, then it holds no source map and the server serves none", async () => {
    const all = files(WEB_DIST);
    expect(all.filter((f) => f.endsWith(".map"))).toEqual([]);
    const scripts = all.filter((f) => f.endsWith(".js")).map((f) => `/${path.relative(WEB_DIST, f)}`);
    expect(scripts.length).toBeGreaterThan(3);
    for (const script of scripts) {
      expect((await fetch(`${stack.serverUrl}${script}`)).status, script).toBe(200);
      expect((await fetch(`${stack.serverUrl}${script}.map`)).status, `${script}.map`).toBe(404);
    }
  });

  it("when a page of the app tries to run an inline script, then the browser refuses it and the guard sees it", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${stack.serverUrl}/login`);
    await page.getByRole("button", { name: "Увійти" }).waitFor();
    // The attack a CSP exists for: markup that smuggles a script in.
    const ran = await page.evaluate(() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.head.append(s);
      return new Promise<boolean>((r) =>
        setTimeout(() => r((window as unknown as { __injected?: boolean }).__injected === true), 200),
      );
    });
    expect(ran).toBe(false);
    await expect.poll(() => cspViolations.length).toBeGreaterThan(0);
    expect(cspViolations.splice(0).join("\n")).toContain("script-src");
  });
});
