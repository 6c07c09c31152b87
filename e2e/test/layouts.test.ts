// The main screens at 768×1024 (a tablet upright), 1280×800 and 1920×1080, measured as a teller would look at
// them: the top bar on one row with the names whole, the code field in view without scrolling, the PDF one tap or
// no scroll away, the deeplink QR overlay whole, the copies table's buttons on screen. Screenshots of each size go
// to e2e/artifacts/.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../lib/axe.ts";
import { launchBrowser } from "../lib/browser.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { SIZES, screenshotSizes } from "../lib/screens.ts";
import { chooseService, signIn, waitForRequestPage } from "../lib/teller.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

type Box = { x: number; y: number; width: number; height: number };
async function box(page: Page, testId: string): Promise<Box> {
  const b = await page.getByTestId(testId).first().boundingBox();
  if (!b) throw new Error(`${testId} is not on screen`);
  return b;
}

/** Runs `check` at each size, after the layout settles, with the page scrolled to the top. */
async function atEachSize(page: Page, check: (size: { width: number; height: number }) => Promise<void>) {
  for (const size of SIZES) {
    await page.setViewportSize(size);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(200);
    await check(size);
  }
}

async function topBarOnOneRow(page: Page, size: { width: number }) {
  const row = await box(page, "top-bar-row");
  expect(row.height, `top bar at ${size.width}`).toBeLessThan(80);
  for (const id of ["top-bar-branch", "top-bar-employee"]) {
    const whole = await page
      .getByTestId(id)
      .evaluate((el) => el.scrollWidth <= el.clientWidth + 1 && el.clientWidth > 60);
    expect(whole, `${id} whole at ${size.width}`).toBe(true);
  }
}

describe("layouts at 768×1024, 1280×800, 1920×1080", () => {
  it("teller: scan, waiting, questionnaire with the PDF, the deeplink QR", async () => {
    const page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
    await signIn(page, stack.serverUrl, stack.teller);
    await chooseService(page);
    await atEachSize(page, async (size) => {
      await topBarOnOneRow(page, size);
      const field = await box(page, "manual-code-input");
      expect(
        field.y + field.height,
        `code field above the fold at ${size.width}×${size.height}`,
      ).toBeLessThanOrEqual(size.height);
    });
    await screenshotSizes(page, "layout-scan");

    const code = await liveCode(stack.sandboxUrl, "olena-kovalenko");
    await page.getByTestId("manual-code-input").fill(code.barcode);
    await page.getByTestId("manual-code-submit").click();
    const id = await waitForRequestPage(page);
    await page.getByTestId("request-status").waitFor();
    await atEachSize(page, async (size) => {
      const cancel = await box(page, "request-cancel");
      expect(cancel.y + cancel.height, `cancel in view at ${size.width}×${size.height}`).toBeLessThanOrEqual(
        size.height,
      );
    });
    await screenshotSizes(page, "layout-waiting");

    await answerConsent(stack.sandboxUrl, (await pendingConsent(stack.sandboxUrl, id)).id, "approve");
    await page.getByTestId("questionnaire").waitFor({ timeout: 20_000 });
    await page.getByTestId("pdf-canvas").first().waitFor({ timeout: 20_000 });
    await atEachSize(page, async (size) => {
      await topBarOnOneRow(page, size);
      if (size.width < 1024) {
        // Stacked: one tap on «Документи» brings the PDF into view
        await page.getByTestId("jump-documents").click();
        await expect
          .poll(async () => (await box(page, "pdf-viewer")).y, { timeout: 5_000 })
          .toBeLessThan(size.height / 2);
      } else {
        // Side by side: the PDF starts in view beside the form
        const pdf = await box(page, "pdf-viewer");
        const form = await box(page, "questionnaire");
        expect(pdf.y, `PDF in view at ${size.width}×${size.height}`).toBeLessThan(size.height - 100);
        expect(pdf.x).toBeGreaterThan(form.x + form.width - 1);
      }
    });
    await screenshotSizes(page, "layout-questionnaire");
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByTestId("field-phone").fill("+380501234567");
    await page.getByTestId("questionnaire-save").click();
    // Saved: the signing is offered (issue 14); this flow hands over without it.
    await page.getByTestId("signing-next").click();
    await page.waitForURL(/\/scan$/, { timeout: 20_000 });
    await page.getByTestId("show-deeplink").click();
    await page.getByTestId("deeplink-qr-image").waitFor({ timeout: 20_000 });
    await atEachSize(page, async (size) => {
      const title = await page.locator("#deeplink-title").boundingBox();
      const close = await box(page, "deeplink-close");
      const qr = await box(page, "deeplink-qr-image");
      expect(title?.y ?? -1, `QR title in view at ${size.width}×${size.height}`).toBeGreaterThanOrEqual(0);
      expect(close.y + close.height, `close in view at ${size.width}×${size.height}`).toBeLessThanOrEqual(
        size.height,
      );
      expect(qr.width, "a QR a phone reads from a step away").toBeGreaterThanOrEqual(192);
    });
    await screenshotSizes(page, "layout-deeplink-qr");
    await page.getByTestId("deeplink-close").click();
    await page.context().close();
  });

  it("manager: the copies list fits as cards on a tablet, its buttons on screen", async () => {
    const page = await (await browser.newContext({ viewport: SIZES[0] })).newPage();
    await signIn(page, stack.serverUrl, stack.manager);
    await page.goto(`${stack.serverUrl}/manage/copies`);
    await page.getByTestId("copy-row").first().waitFor({ timeout: 20_000 });
    await atEachSize(page, async (size) => {
      await topBarOnOneRow(page, size);
      const open = await box(page, "copy-open");
      expect(open.x + open.width, `«Відкрити» on screen at ${size.width}`).toBeLessThanOrEqual(size.width);
      const scrolls = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      expect(scrolls, `no sideways scroll at ${size.width}`).toBe(false);
    });
    await screenshotSizes(page, "layout-copies");
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
