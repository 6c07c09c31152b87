// The citizen's side: the sandbox's phone page (/phone/) in a second browser context, answering Diia's consent sheet.
import type { Browser, Page } from "playwright-core";

export async function openPhone(browser: Browser, sandboxUrl: string, citizenId?: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 400, height: 860 } });
  const page = await context.newPage();
  await page.goto(`${sandboxUrl}/phone/${citizenId ? `?citizen=${encodeURIComponent(citizenId)}` : ""}`);
  return page;
}

/** Waits for the consent sheet (the phone polls every second) and presses "Поділитися" or "Відхилити". */
export async function answerOnPhone(
  phone: Page,
  action: "share" | "decline",
  timeout = 15_000,
): Promise<void> {
  const sheet = phone.getByRole("dialog", { name: "Запит на поширення документів" });
  await sheet.waitFor({ timeout });
  await sheet.getByRole("button", { name: action === "share" ? "Поділитися" : "Відхилити" }).click();
  await sheet.waitFor({ state: "hidden", timeout });
}

/**
 * The citizen scans the teller's deeplink QR: Diia's link is opened on the sandbox (which stands in for diia.app),
 * the phone asks who is opening it, then shows the consent sheet.
 */
export async function openDeeplinkOnPhone(
  browser: Browser,
  sandboxUrl: string,
  deeplink: string,
  fullName: string,
): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 400, height: 860 } });
  const page = await context.newPage();
  const link = new URL(deeplink);
  await page.goto(`${sandboxUrl}${link.pathname}`);
  await page.getByRole("button", { name: new RegExp(fullName) }).click();
  return page;
}
