// Debian Chromium through playwright-core. The fake camera's y4m is read at launch, so a camera test launches its
// own browser after it has fetched a live code.
import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium } from "playwright-core";
import { CHROMIUM } from "./paths.ts";

/**
 * Every Content-Security-Policy violation any page or worker of any browser reported in this test file (Chromium
 * logs each as a console error). `test/csp-guard.ts` fails the test in which one appears.
 */
export const cspViolations: string[] = [];

function recordCspViolations(context: BrowserContext): BrowserContext {
  context.on("console", (message) => {
    if (message.type() === "error" && /Content Security Policy/i.test(message.text())) {
      cspViolations.push(`${message.location().url}: ${message.text()}`);
    }
  });
  return context;
}

export async function launchBrowser(y4m?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--use-fake-ui-for-media-stream",
      "--use-fake-device-for-media-stream",
      ...(y4m ? [`--use-file-for-fake-video-capture=${y4m}`] : []),
    ],
  });
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (options) => recordCspViolations(await newContext(options));
  return browser;
}
