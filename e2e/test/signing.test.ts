// Дія.Підпис end to end in Chromium (issue 14): the client shares documents, the teller saves the questionnaire and
// shows «Підписати в Дії», the client opens the QR's deeplink on the phone (a second browser context on the
// sandbox), reviews the partner, branch and file, confirms with the photo and the PIN; the tablet shows the signer
// and time; the manager downloads the application and its .p7s, which the diia-envelope CLI verifies against the
// sandbox's citizen CA (fetched from its certificate service, as a bank fetches a qualified CA's certificate).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { launchBrowser } from "../lib/browser.ts";
import { REPO_ROOT } from "../lib/paths.ts";
import { openDeeplinkOnPhone } from "../lib/phone.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { chooseService, signIn, waitForRequestPage } from "../lib/teller.ts";

const stack = inject("stack");
const dir = mkdtempSync(path.join(tmpdir(), "stiika-e2e-signing-"));
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await fetch(`${stack.sandboxUrl}/control/api/faults`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: "{}",
  });
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

const citizen = (id: string) => {
  const c = stack.citizens.find((x) => x.id === id);
  if (!c) throw new Error(`no citizen ${id}`);
  return c;
};

/** The teller's visit up to the saved questionnaire: the code typed, the client consents, the form is saved. */
async function savedQuestionnaire(citizenId: string): Promise<{ page: Page; requestId: string }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await signIn(page, stack.serverUrl, stack.teller);
  await chooseService(page);
  const code = await liveCode(stack.sandboxUrl, citizenId);
  await page.getByTestId("manual-code-input").fill(code.barcode);
  await page.getByTestId("manual-code-submit").click();
  const requestId = await waitForRequestPage(page);
  const consent = await pendingConsent(stack.sandboxUrl, requestId);
  await answerConsent(stack.sandboxUrl, consent.id, "approve");
  await page.getByTestId("questionnaire").waitFor({ timeout: 30_000 });
  await page.getByTestId("field-phone").fill("+380501234567");
  await page.getByTestId("questionnaire-save").click();
  return { page, requestId };
}

/** «Підписати в Дії», the application read on the tablet, then the QR shown to the client: its deeplink. */
async function showSigningQr(
  page: Page,
  start: "signing-start" | "signing-retry",
): Promise<{
  deeplink: string;
  fileName: string;
}> {
  await page.getByTestId(start).click();
  await page.getByTestId("signing-show-qr").waitFor({ timeout: 30_000 });
  const fileName = ((await page.getByTestId("signing-file-name").textContent()) ?? "").trim();
  expect(fileName).toMatch(/^zayava-[0-9a-f]{8}\.pdf$/);
  // The application itself is on screen (pdf.js draws it) before the client is asked to sign it.
  await page.getByTestId("signing").locator("canvas").first().waitFor({ timeout: 30_000 });
  await page.getByTestId("signing-show-qr").click();
  const qr = page.getByTestId("signing-qr-image");
  await qr.waitFor();
  const deeplink = (await qr.getAttribute("data-link")) ?? "";
  expect(deeplink).toMatch(/^https?:\/\//);
  expect(await page.getByTestId("signing").getAttribute("data-status")).toBe("waiting");
  return { deeplink, fileName };
}

/** The client on the phone: opens the deeplink, checks what is to be signed, photo, a wrong PIN, then 1234. */
async function signOnPhone(deeplink: string, fullName: string, fileName: string): Promise<void> {
  const phone = await openDeeplinkOnPhone(browser, stack.sandboxUrl, deeplink, fullName);
  const sheet = phone.getByRole("dialog", { name: "Підписання документів" });
  await sheet.waitFor({ timeout: 20_000 });
  await expect(sheet.locator(`[data-file="${fileName}"]`).count()).resolves.toBe(1);
  await expect(sheet.textContent()).resolves.toContain(stack.branchName);
  await sheet.getByRole("button", { name: "Підписати" }).click();
  // The same sheet goes on with the confirmation steps, under their own title.
  const confirm = phone.getByRole("dialog", { name: "Підтвердіть фото та PIN-кодом Дія.Підпису" });
  await confirm.getByRole("button", { name: "Зробити фото" }).click();
  for (const d of "1111") await confirm.locator(`[data-digit="${d}"]`).click();
  await confirm.getByRole("alert").waitFor({ timeout: 10_000 });
  for (const d of "1234") await confirm.locator(`[data-digit="${d}"]`).click();
  await phone.getByText(/Документи підписано/).waitFor({ timeout: 30_000 });
  await phone.context().close();
}

/** diia-envelope verify-signature, as a bank's officer would run it on the downloaded files. */
function verifyWithCli(signature: string, file: string, ca: string) {
  const r = spawnSync(
    process.execPath,
    [
      "--import",
      "tsx",
      "diia/src/cli/diia-envelope.ts",
      "verify-signature",
      "--signature",
      signature,
      "--ca",
      ca,
      file,
    ],
    { cwd: REPO_ROOT, encoding: "utf8", timeout: 60_000 },
  );
  return { status: r.status, report: JSON.parse(r.stdout.trim().split("\n").at(-1) ?? "null") };
}

describe("Дія.Підпис at the counter", () => {
  it("share → questionnaire → «Підписати в Дії» → the phone signs → the tablet shows the signer → the manager's PDF + .p7s verify with the CLI", async () => {
    const client = citizen("andrii-shevchenko");
    const { page, requestId } = await savedQuestionnaire(client.id);
    const { deeplink, fileName } = await showSigningQr(page, "signing-start");
    await signOnPhone(deeplink, client.fullName, fileName);

    const outcome = page.getByTestId("signing-outcome");
    await outcome.waitFor({ timeout: 30_000 });
    expect((await outcome.textContent())?.trim()).toMatch(
      new RegExp(`^Підписано клієнтом: ${client.fullName}, \\d{2}\\.\\d{2}\\.\\d{4}, \\d{2}:\\d{2}`),
    );
    expect(await page.getByTestId("signing").getAttribute("data-status")).toBe("signed");
    await page.context().close();

    // The manager: the copy's signings, the downloads, the re-verification on screen.
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const manager = await context.newPage();
    await signIn(manager, stack.serverUrl, stack.manager);
    await manager.goto(`${stack.serverUrl}/manage/copies/${requestId}`);
    const row = manager.getByTestId("copy-signing").first();
    await row.waitFor({ timeout: 20_000 });
    expect(await row.getAttribute("data-status")).toBe("signed");
    expect(await row.getByTestId("copy-signing-rnokpp").getAttribute("data-matches")).toBe("true");
    const [pdf] = await Promise.all([
      manager.waitForEvent("download"),
      row.getByTestId("export-signing-pdf").click(),
    ]);
    const [p7s] = await Promise.all([
      manager.waitForEvent("download"),
      row.getByTestId("export-signing-p7s").click(),
    ]);
    expect(pdf.suggestedFilename()).toBe(fileName);
    expect(p7s.suggestedFilename()).toBe(`${fileName}.p7s`);
    const pdfFile = path.join(dir, fileName);
    const p7sFile = path.join(dir, `${fileName}.p7s`);
    await pdf.saveAs(pdfFile);
    await p7s.saveAs(p7sFile);
    await row.getByTestId("signing-verify").click();
    const result = row.getByTestId("signing-verify-result");
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute("data-valid")).toBe("true");
    await context.close();

    // The CLI, given the citizen CA as its certificate service publishes it.
    const ca = path.join(dir, "citizen-ca.cer");
    const caAnswer = await fetch(`${stack.sandboxUrl}/pki/citizen-ca.cer`);
    expect(caAnswer.status).toBe(200);
    writeFileSync(ca, Buffer.from(await caAnswer.arrayBuffer()));
    const ok = verifyWithCli(p7sFile, pdfFile, ca);
    expect(ok.status).toBe(0);
    expect(ok.report).toMatchObject({ ok: true, signer: { commonName: client.fullName } });
    expect(ok.report.signer.rnokpp).toMatch(/^\d{10}$/);
    // One byte of the application changed: the same signature no longer holds.
    const bytes = readFileSync(pdfFile);
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] ?? 0) ^ 1;
    const tampered = path.join(dir, `tampered-${fileName}`);
    writeFileSync(tampered, bytes);
    const refused = verifyWithCli(p7sFile, tampered, ca);
    expect(refused.status).toBe(1);
    expect(refused.report.ok).toBe(false);
  }, 240_000);

  it("a signature by another person is flagged, never marked signed; the retry is signed by the client", async () => {
    const client = citizen("olena-kovalenko");
    const { page } = await savedQuestionnaire(client.id);
    const faults = await fetch(`${stack.sandboxUrl}/control/api/faults`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ signing: [{ kind: "wrong-signer", remaining: 1 }] }),
    });
    expect(faults.status).toBe(200);
    const first = await showSigningQr(page, "signing-start");
    await signOnPhone(first.deeplink, client.fullName, first.fileName);
    const outcome = page.getByTestId("signing-outcome");
    await outcome.waitFor({ timeout: 30_000 });
    expect(await outcome.textContent()).toMatch(
      /^Підписано іншою особою: .+\. Заява не вважається підписаною клієнтом\./,
    );
    expect(await outcome.textContent()).not.toContain(client.fullName);
    expect(await page.getByTestId("signing").getAttribute("data-status")).toBe("signed_by_other");

    const second = await showSigningQr(page, "signing-retry");
    expect(second.fileName).not.toBe(first.fileName);
    await signOnPhone(second.deeplink, client.fullName, second.fileName);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="signing"]')?.getAttribute("data-status") === "signed",
      undefined,
      { timeout: 30_000 },
    );
    expect(await page.getByTestId("signing-outcome").textContent()).toContain(
      `Підписано клієнтом: ${client.fullName}`,
    );
    await page.context().close();
  }, 240_000);
});
