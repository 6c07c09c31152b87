// Idle auto-lock with a client's documents on screen. The page clock (Playwright's fake timers) is jumped past
// the web's idle timeout instead of waiting it out; the app's own idle timer fires as it would. After the lock
// no personal value may remain anywhere the next person at the counter could reach: the DOM (text, attributes,
// input values), localStorage, sessionStorage, Cache Storage, and the PDF's object URL.
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../lib/axe.ts";
import { launchBrowser } from "../lib/browser.ts";
import { expectFilledFromDiia } from "../lib/outcome.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { screenshotSizes } from "../lib/screens.ts";
import { chooseService, expectedFromPassport, signIn, waitForRequestPage } from "../lib/teller.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

/** Ten minutes: past the default idle lock of a branch (2 min). */
const IDLE_JUMP_MS = 10 * 60_000;

describe("idle auto-lock", () => {
  it("locks after the idle timeout and leaves no personal data in the page, its storage or its caches", async () => {
    const olena = stack.citizens.find((c) => c.id === "olena-kovalenko");
    if (!olena) throw new Error("no citizen");
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.clock.install();
    await signIn(page, stack.serverUrl, stack.teller);
    await chooseService(page);
    const code = await liveCode(stack.sandboxUrl, olena.id);
    await page.getByTestId("manual-code-input").fill(code.barcode);
    await page.getByTestId("manual-code-submit").click();
    const id = await waitForRequestPage(page);
    await answerConsent(stack.sandboxUrl, (await pendingConsent(stack.sandboxUrl, id)).id, "approve");
    await expectFilledFromDiia(page, olena);
    await page.getByTestId("field-phone").fill("+380501234567");
    const pdfUrl = (await page.getByTestId("pdf-download").first().getAttribute("href")) ?? "";
    expect(pdfUrl).toMatch(/^blob:/);
    expect(await page.evaluate((u) => fetch(u).then((r) => r.status), pdfUrl)).toBe(200);

    // The service worker has precached the shell by now, so the Cache Storage check below is not of an empty store.
    const sw = await page.evaluate(() =>
      Promise.race([
        navigator.serviceWorker.ready.then((r) => r.active?.state),
        new Promise((resolve) => setTimeout(() => resolve("no service worker after 10 s"), 10_000)),
      ]),
    );
    expect(sw).toBe("activated");

    await page.clock.fastForward(IDLE_JUMP_MS);
    await page.getByTestId("lock-screen").waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId("questionnaire").count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshotSizes(page, "locked");

    const secrets = [...Object.values(expectedFromPassport(olena)), "+380501234567", code.barcode];
    const left = await page.evaluate(async () => {
      const inputs = [...document.querySelectorAll("input, textarea, select")].map(
        (e) => (e as HTMLInputElement).value,
      );
      const storage = (s: Storage) => Object.entries(s).flat();
      const cached: string[] = [];
      for (const name of await caches.keys()) {
        const cache = await caches.open(name);
        for (const request of await cache.keys()) {
          cached.push(request.url);
          const response = await cache.match(request);
          if (response && !/\.(wasm|png|woff2?)$/.test(request.url)) cached.push(await response.text());
        }
      }
      return {
        dom: [document.documentElement.outerHTML, ...inputs].join("\n"),
        local: storage(localStorage).join("\n"),
        session: storage(sessionStorage).join("\n"),
        caches: cached.join("\n"),
        cachedCount: cached.length,
        cachedApi: cached.filter((u) => /^https?:/.test(u) && new URL(u).pathname.startsWith("/api/")),
      };
    });
    for (const secret of secrets) {
      expect(left.dom, `DOM still holds ${secret}`).not.toContain(secret);
      expect(left.local, `localStorage still holds ${secret}`).not.toContain(secret);
      expect(left.session, `sessionStorage still holds ${secret}`).not.toContain(secret);
      expect(left.caches, `Cache Storage still holds ${secret}`).not.toContain(secret);
    }
    expect(left.cachedApi).toEqual([]);
    expect(left.cachedCount).toBeGreaterThan(0);
    // The PDF's object URL is revoked: fetching it now fails.
    expect(
      await page.evaluate(
        (u) =>
          fetch(u).then(
            () => "fetched",
            () => "revoked",
          ),
        pdfUrl,
      ),
    ).toBe("revoked");
    await context.close();
  });
});
