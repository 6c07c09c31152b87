// When the client does not share: declined on the phone (the server learns it from Diia's status route), a code
// that expired in Diia before it was scanned, and a request nobody answered within its lifetime (on the server
// instance started with a 10 s request TTL). Each ends on the waiting view with the server's one-sentence reason.
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../lib/browser.ts";
import { requestFromApi } from "../lib/outcome.ts";
import { answerOnPhone, openPhone } from "../lib/phone.ts";
import { expireCode, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { screenshotSizes } from "../lib/screens.ts";
import { SHORT_TTL_SECONDS } from "../lib/stack.ts";
import { chooseService, signIn, waitForRequestPage } from "../lib/teller.ts";

const stack = inject("stack");
let browser: Browser;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function typeCode(baseUrl: string, barcode: string): Promise<{ page: Page; id: string }> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page, baseUrl, stack.teller);
  await chooseService(page);
  await page.getByTestId("manual-code-input").fill(barcode);
  await page.getByTestId("manual-code-submit").click();
  return { page, id: await waitForRequestPage(page) };
}

/** Waits for the waiting view to reach `status`, then checks it shows the server's reason for it. */
async function expectOutcome(
  page: Page,
  baseUrl: string,
  id: string,
  status: string,
  code: string,
  timeout: number,
) {
  await page.locator(`[data-testid="request-status"][data-status="${status}"]`).waitFor({ timeout });
  const request = await requestFromApi(page, baseUrl, id);
  expect(request.status).toBe(status);
  expect(request.reason?.code).toBe(code);
  expect(((await page.getByTestId("request-outcome").textContent()) ?? "").trim()).toBe(
    request.reason?.message,
  );
  await screenshotSizes(page, `outcome-${status}`);
  // The teller can go straight on to the next client.
  await page.getByTestId("request-next").click();
  await page.waitForURL(/\/scan$/);
  await page.context().close();
}

describe("requests that end without documents", () => {
  it("declined on the phone: the status poll tells the server, the teller reads why and what next", async () => {
    const dmytro = "dmytro-melnyk";
    const code = await liveCode(stack.sandboxUrl, dmytro, "foreign-passport");
    const phone = await openPhone(browser, stack.sandboxUrl, dmytro);
    const { page, id } = await typeCode(stack.serverUrl, code.barcode);
    await answerOnPhone(phone, "decline");
    await phone.context().close();
    await expectOutcome(page, stack.serverUrl, id, "declined", "DECLINED", 20_000);
  });

  it("a code Diia already expired: the request fails at once with the code-expired reason", async () => {
    const code = await liveCode(stack.sandboxUrl, "iryna-bondarenko");
    await expireCode(stack.sandboxUrl, code);
    const { page, id } = await typeCode(stack.serverUrl, code.barcode);
    await expectOutcome(page, stack.serverUrl, id, "failed", "CODE_EXPIRED", 10_000);
  });

  it(`nobody answers within the request's ${SHORT_TTL_SECONDS} s lifetime: the waiting view turns to expired`, async () => {
    const code = await liveCode(stack.sandboxUrl, "iryna-bondarenko");
    const t0 = Date.now();
    const { page, id } = await typeCode(stack.shortTtlUrl, code.barcode);
    // The consent is there in Diia, unanswered.
    expect((await pendingConsent(stack.sandboxUrl, id)).status).toBe("pending");
    await expect.poll(() => page.getByTestId("request-countdown").isVisible()).toBe(true);
    await expectOutcome(page, stack.shortTtlUrl, id, "expired", "EXPIRED", (SHORT_TTL_SECONDS + 15) * 1000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(SHORT_TTL_SECONDS * 1000);
  });
});
