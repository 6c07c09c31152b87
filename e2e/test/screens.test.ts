// Every main teller screen — login, scan, waiting, questionnaire — checked by axe (no serious or critical
// violations) and photographed at 768×1024 and 1920×1080 into e2e/artifacts/.
import { existsSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../lib/axe.ts";
import { launchBrowser } from "../lib/browser.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { screenshotSizes } from "../lib/screens.ts";
import {
  chooseService,
  readQuestionnaire,
  signIn,
  waitForPdfCanvas,
  waitForRequestPage,
} from "../lib/teller.ts";

const stack = inject("stack");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (
    await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: "uk-UA" })
  ).newPage();
});
afterAll(() => browser?.close());

/** Screenshots first (they are wanted even when axe objects), then axe; soft, so the flow goes on to the next screen. */
async function checkScreen(name: string) {
  const files = await screenshotSizes(page, name);
  expect(files.every((f) => existsSync(f))).toBe(true);
  const violations = await seriousViolations(page);
  expect.soft(violations, `${name}: ${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

describe("teller screens: accessibility and screenshots", () => {
  it("login: a wrong password is refused in Ukrainian; the screen passes axe", async () => {
    await page.goto(`${stack.serverUrl}/login`);
    await page.getByTestId("login-username").fill(stack.teller.login);
    await page.getByTestId("login-password").fill("not the password");
    await page.getByTestId("login-submit").click();
    await expect.poll(() => page.getByTestId("login-error").textContent()).toMatch(/[А-Яа-яІіЇїЄє]/);
    expect(new URL(page.url()).pathname).toBe("/login");
    await checkScreen("login");
  });

  it("scan: after sign-in the top bar names the teller and the branch; the screen passes axe", async () => {
    await signIn(page, stack.serverUrl, stack.teller);
    await chooseService(page);
    expect(await page.getByTestId("top-bar-employee").textContent()).toContain(stack.teller.fullName);
    expect.soft(await page.getByTestId("top-bar-branch").textContent()).toContain(stack.branchName);
    await checkScreen("scan");
  });

  it("waiting: the scanned code is shown grouped for comparison; the screen passes axe", async () => {
    const code = await liveCode(stack.sandboxUrl);
    await page.getByTestId("manual-code-input").fill(code.barcode);
    await page.getByTestId("manual-code-submit").click();
    const requestId = await waitForRequestPage(page);
    await page.getByTestId("request-status").waitFor();
    expect((await page.getByTestId("scanned-code").textContent())?.replace(/\D/g, "")).toBe(code.barcode);
    await checkScreen("waiting");

    const consent = await pendingConsent(stack.sandboxUrl, requestId);
    await answerConsent(stack.sandboxUrl, consent.id, "approve");
    const filled = await readQuestionnaire(page, ["lastName"]);
    expect(filled.values.lastName).toBe("Коваленко");
    await waitForPdfCanvas(page);
    await checkScreen("questionnaire");
  });
});
