// The branch the client sees (issue 16): an admin sets, in the browser, the partner's legal name and a branch's
// name, address (two lines) and contact e-mail; a teller of that branch asks for a document; the citizen's phone
// — the sandbox's Diia app — shows exactly those on its consent sheet, and the sandbox Diia holds them.
import { createDiiaClient } from "@stiika/diia";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../lib/browser.ts";
import { ApiSession, type ManageStack, startManageStack } from "../lib/manage-stack.ts";
import { openPhone } from "../lib/phone.ts";
import { liveCode } from "../lib/sandbox-control.ts";
import { signIn } from "../lib/teller.ts";

let stack: ManageStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startManageStack();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const legalName = "АТ «Банк Приклад»";
const branchName = "Відділення на Подолі";
const addressLines = ["вул. Сагайдачного, 10", "Київ, 04070"];

async function adminPage(): Promise<Page> {
  const p = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await signIn(p, stack.url, stack.admin);
  await p.goto(`${stack.url}/manage/admin`);
  return p;
}

describe("the consent screen names the real partner and branch", () => {
  it("an admin edits the branch; the citizen's phone shows the legal name, branch name and address", async () => {
    const p = await adminPage();
    await p.getByTestId("partner-legal-name").fill(legalName);
    await p.getByTestId("partner-save").click();
    await p.getByTestId("partner-saved").waitFor();

    const card = p.getByTestId("branch-card").first();
    await card.getByTestId("branch-edit").click();
    const form = p.getByTestId("branch-form");
    await form.getByTestId("branch-name").fill(branchName);
    await form.getByTestId("branch-address").fill(addressLines.join("\n"));
    await form.getByTestId("branch-email").fill("podil@bank.example.ua");
    await form.getByTestId("branch-save").click();
    const edited = p.locator(`[data-testid=branch-card][data-branch-name="${branchName}"]`);
    await edited.waitFor();
    // innerText: the lines as rendered (white-space: pre-line), not only as stored.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered line breaks are what is checked
    expect(await edited.getByTestId("branch-address-shown").innerText()).toBe(addressLines.join("\n"));
    await p.context().close();

    // Diia holds what the admin typed (asked through its partner API, as any partner would).
    const diia = createDiiaClient({
      baseUrl: stack.sandbox.url,
      acquirerToken: stack.sandbox.state.store.acquirerToken,
    });
    const { branches } = await diia.branches.list({ limit: 100 });
    expect(branches.find((b) => b.name === branchName)).toMatchObject({
      customFullName: legalName,
      customFullAddress: addressLines.join("\n"),
      email: "podil@bank.example.ua",
    });

    // A teller of that branch asks for the citizen's passport by barcode.
    const tellerLogin = await stack.employee("teller", "teller.consent");
    const teller = await new ApiSession(stack.url).login(tellerLogin.login, tellerLogin.password);
    const services = await teller.call<{ services: { id: string; template: string }[] }>(
      "GET",
      "/api/services",
    );
    const code = await liveCode(stack.sandbox.url);
    const created = await teller.call<{ request: { id: string } }>("POST", "/api/requests", {
      serviceId: services.body.services.find((s) => s.template === "bank-account")?.id,
      kind: "barcode",
      barcode: code.barcode,
    });
    expect(created.status).toBe(201);

    const phone = await openPhone(browser, stack.sandbox.url, code.citizenId);
    const sheet = phone.getByRole("dialog", { name: "Запит на поширення документів" });
    await sheet.waitFor({ timeout: 15_000 });
    const row = (label: string) =>
      sheet.locator("dl.rows > div", { has: phone.locator(`dt:text-is("${label}")`) });
    expect(await row("Партнер").locator("dd").textContent()).toBe(legalName);
    expect(await row("Відділення").locator("dd").textContent()).toBe(branchName);
    // Two lines on the screen, as the admin wrote them.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered line breaks are what is checked
    expect(await row("Адреса").locator("dd").innerText()).toBe(addressLines.join("\n"));
    expect(await sheet.textContent()).not.toContain("Стійка Демо Банк");
    await phone.context().close();
  });
});
