// How codes reach /scan the way people hold them: the fake camera shows a live sandbox code close up (wider than
// the old aim box), at arm's length off-centre, tilted, at 1280×720 and 1920×1080; each must become a request with
// that code. And a keyboard-wedge burst right after the teller picks a service (focus still on the service list).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { seriousViolations } from "../lib/axe.ts";
import { launchBrowser } from "../lib/browser.ts";
import { type Shot, writeCodeY4m } from "../lib/camera.ts";
import { liveCode } from "../lib/sandbox-control.ts";
import { chooseService, signIn, waitForRequestPage } from "../lib/teller.ts";

const stack = inject("stack");
const dir = mkdtempSync(path.join(tmpdir(), "stiika-e2e-shots-"));
const y4m = path.join(dir, "camera.y4m");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Chromium opens the y4m each time a capture starts: one browser, the file rewritten before each /scan.
  await writeCodeY4m(y4m, "ean13", "2858364170864");
  browser = await launchBrowser(y4m);
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  await signIn(page, stack.serverUrl, stack.teller);
});
afterAll(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Loads /scan with `shot` of a fresh live code on the camera; resolves with the code the request was made for. */
async function scanShot(kind: "ean13" | "qrcode", shot: Shot): Promise<{ sent: string; expected: string }> {
  const code = await liveCode(stack.sandboxUrl, "olena-kovalenko");
  const expected = kind === "ean13" ? code.barcode : code.qr;
  await writeCodeY4m(y4m, kind, expected, shot);
  await page.goto(`${stack.serverUrl}/scan`);
  const created = page.waitForResponse(
    (r) => r.url().endsWith("/api/requests") && r.request().method() === "POST",
    { timeout: 20_000 },
  );
  // The service is remembered after the first test: the camera may read before the picker is touched.
  const response = await Promise.race([
    created,
    chooseService(page).then(
      () => created,
      () => created,
    ),
  ]);
  const body = response.request().postDataJSON() as { barcode?: string; qr?: string };
  expect(response.status()).toBe(201);
  await waitForRequestPage(page);
  // Nobody answers these: cancel, so they do not add to the server's status polling.
  await page.getByTestId("request-cancel").click();
  await page.locator('[data-testid="request-status"][data-status="cancelled"]').waitFor();
  return { sent: body.barcode ?? body.qr ?? "", expected };
}

describe("camera: codes where people hold them", () => {
  const shots: [string, "ean13" | "qrcode", Shot][] = [
    [
      "close at 720p: the barcode 85 % of the width",
      "ean13",
      { width: 1280, height: 720, hold: { share: 0.85, at: [0.5, 0.5], rollDeg: 4 } },
    ],
    [
      "close at 1080p: the QR 80 % of the height, a little low",
      "qrcode",
      { width: 1920, height: 1080, hold: { share: 0.45, at: [0.52, 0.55], rollDeg: -6 } },
    ],
    [
      "far at 1080p: a sixth of the width, in the top right corner",
      "ean13",
      { width: 1920, height: 1080, hold: { share: 1 / 6, at: [0.82, 0.2], rollDeg: 5 } },
    ],
    [
      "far at 720p: a QR a sixth of the width, bottom left",
      "qrcode",
      { width: 1280, height: 720, hold: { share: 1 / 6, at: [0.15, 0.75], rollDeg: -8 } },
    ],
    [
      "off-centre at 720p: the barcode at the left edge, half the width",
      "ean13",
      { width: 1280, height: 720, hold: { share: 0.45, at: [0.27, 0.35], rollDeg: 2 } },
    ],
    [
      "tilted at 1080p: turned 20° and tipped 30° away",
      "ean13",
      { width: 1920, height: 1080, hold: { share: 0.35, at: [0.6, 0.45], rollDeg: 20, pitchDeg: 30 } },
    ],
  ];
  for (const [name, kind, shot] of shots) {
    it(name, async () => {
      const { sent, expected } = await scanShot(kind, shot);
      expect(sent).toBe(expected);
    });
  }
});

describe("wedge scanner (a camera with no code in view)", () => {
  let plain: Browser;
  beforeAll(async () => {
    plain = await launchBrowser(); // Chromium's own test pattern: nothing to read
  });
  afterAll(async () => {
    await plain?.close();
  });

  it("with the camera looking at no code, the hint shows and axe finds no serious violation", async () => {
    const context = await plain.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const scan = await context.newPage();
      await signIn(scan, stack.serverUrl, stack.teller);
      await chooseService(scan);
      await scan.getByTestId("scan-hint").waitFor({ timeout: 15_000 });
      expect(await scan.getByTestId("feedback-switch").getAttribute("aria-checked")).toBe("true");
      expect(await seriousViolations(scan)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("a burst right after picking a service (the service list focused) is taken and acknowledged", async () => {
    const context = await plain.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const scan = await context.newPage();
      await signIn(scan, stack.serverUrl, stack.teller);
      // As a teller does: into the list, pick the service; focus stays on the list.
      await scan.getByTestId("service-picker").focus();
      await chooseService(scan);
      expect(await scan.evaluate(() => document.activeElement?.tagName)).toBe("SELECT");
      const code = await liveCode(stack.sandboxUrl, "andrii-shevchenko");
      const created = scan.waitForRequest((r) => r.url().endsWith("/api/requests") && r.method() === "POST", {
        timeout: 20_000,
      });
      // The acknowledgement lasts only until the waiting view, which can come within a frame: record every text
      // it shows from inside the page (polling from outside can miss it on a loaded machine).
      await scan.evaluate(() => {
        const seen: string[] = [];
        (window as unknown as { __acks: string[] }).__acks = seen;
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('[data-testid="scan-accepted"]'))
            seen.push(el.textContent ?? "");
        }).observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      // 13 digits 10 ms apart and Enter. On this loaded machine Chromium now and then delivers a key later than
      // the burst allows (100 ms); as a teller would, rescan (at most 5 times).
      let sent = false;
      void created.then(() => {
        sent = true;
      });
      for (let attempt = 1; attempt <= 5 && !sent; attempt++) {
        await scan.keyboard.type(`${code.barcode}\n`, { delay: 10 });
        await scan.waitForTimeout(2_500);
        if (!sent && attempt < 5) console.info(`wedge burst not taken on attempt ${attempt}: rescanning`);
      }
      expect((await created).postDataJSON()).toMatchObject({ barcode: code.barcode });
      const acks = await scan.evaluate(() => (window as unknown as { __acks: string[] }).__acks);
      expect(acks.some((t) => t.includes("Код зі сканера прийнято"))).toBe(true);
      await waitForRequestPage(scan);
      await scan.getByTestId("request-cancel").click();
    } finally {
      await context.close();
    }
  });
});
