// Debian Chromium through playwright-core. The fake camera's y4m is read at launch, so a camera test launches its
// own browser after it has fetched a live code.
import { existsSync } from "node:fs";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM } from "./paths.ts";

export async function launchBrowser(y4m?: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
  return chromium.launch({
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
}
