// html5-qrcode only runs in a browser: this drives its UMD build in Debian Chromium (playwright-core) and times
// `scanFileV2` inside the page, so the figure excludes the Node↔browser hop but includes its own PNG→canvas step.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface BrowserResult {
  text: string | null;
  ms: number;
}

export async function runHtml5Qrcode(pngs: Buffer[]): Promise<BrowserResult[]> {
  const pkg = dirname(createRequire(import.meta.url).resolve("html5-qrcode/package.json"));
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"],
  });
  try {
    const page = await browser.newPage();
    await page.setContent('<div id="reader" style="width:640px;height:480px"></div>');
    await page.addScriptTag({ path: join(pkg, "html5-qrcode.min.js") });
    const results: BrowserResult[] = [];
    for (const png of pngs) {
      results.push(
        await page.evaluate(async (b64) => {
          // biome-ignore lint/suspicious/noExplicitAny: the UMD global has no types in the page
          const lib = (globalThis as any).__Html5QrcodeLibrary__;
          const F = lib.Html5QrcodeSupportedFormats;
          const scanner = new lib.Html5Qrcode("reader", {
            formatsToSupport: [F.EAN_13, F.QR_CODE],
            useBarCodeDetectorIfSupported: false,
            verbose: false,
          });
          const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
          const file = new File([bytes], "frame.png", { type: "image/png" });
          const t0 = performance.now();
          try {
            const r = await scanner.scanFileV2(file, false);
            return { text: r.decodedText as string, ms: performance.now() - t0 };
          } catch {
            return { text: null, ms: performance.now() - t0 };
          }
        }, png.toString("base64")),
      );
    }
    return results;
  } finally {
    await browser.close();
  }
}
