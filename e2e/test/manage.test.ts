// Managers and admins in the browser (issue 6): a manager finds yesterday's copy by РНОКПП, opens it, exports the
// PDF (byte-identical to what the server decrypts) and deletes it; an admin creates a branch and a service and
// the sandbox Diia sees both; the audit chain check. Screenshots of each screen go to e2e/artifacts/.
import { readFileSync } from "node:fs";
import { createDiiaClient } from "@stiika/diia";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../lib/browser.ts";
import { ApiSession, type Credentials, type ManageStack, startManageStack } from "../lib/manage-stack.ts";
import { answerConsent, liveCode, pendingConsent } from "../lib/sandbox-control.ts";
import { screenshotSizes } from "../lib/screens.ts";
import { signIn } from "../lib/teller.ts";

let stack: ManageStack;
let browser: Browser;
let manager: Credentials;
let copy: { id: string; documentId: string; rnokpp: string; lastName: string };

const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** A day as the date fields take it, whatever the browser's locale: дд.мм.рррр. */
const shownDay = (d: Date) => isoDay(d).split("-").reverse().join(".");

/** A copy through the real flow (teller's request, the citizen approves in the sandbox, Diia delivers), then a day older. */
async function yesterdaysCopy(): Promise<typeof copy> {
  const tellerLogin = await stack.employee("teller", "teller.manage");
  const teller = await new ApiSession(stack.url).login(tellerLogin.login, tellerLogin.password);
  const services = await teller.call<{ services: { id: string; template: string }[] }>(
    "GET",
    "/api/services",
  );
  const serviceId = services.body.services.find((s) => s.template === "bank-account")?.id;
  const code = await liveCode(stack.sandbox.url);
  const created = await teller.call<{ request: { id: string } }>("POST", "/api/requests", {
    serviceId,
    kind: "barcode",
    barcode: code.barcode,
  });
  const id = created.body.request.id;
  const consent = await pendingConsent(stack.sandbox.url, id);
  await answerConsent(stack.sandbox.url, consent.id, "approve");
  let status = "waiting";
  for (let version: number | undefined; status === "waiting"; ) {
    const q = version === undefined ? "" : `?wait=10&version=${version}`;
    const r = await teller.call<{ request: { status: string; version: number } }>(
      "GET",
      `/api/requests/${id}${q}`,
    );
    status = r.body.request.status;
    version = r.body.request.version;
  }
  expect(status).toBe("received");
  const docs = await teller.call<{
    documents: { id: string; normalised: { person: { taxpayerNumber: string; lastName: { uk: string } } } }[];
  }>("GET", `/api/requests/${id}/documents`);
  const doc = docs.body.documents[0];
  if (!doc) throw new Error("no document received");
  const store = stack.server.services.store;
  const day = "interval '1 day'";
  await store.query(
    `UPDATE requests SET created_at = created_at - ${day}, updated_at = updated_at - ${day}, expires_at = expires_at - ${day} WHERE id = $1`,
    [id],
  );
  await store.query(`UPDATE deliveries SET received_at = received_at - ${day} WHERE request_id = $1`, [id]);
  await store.query(`UPDATE documents SET created_at = created_at - ${day} WHERE request_id = $1`, [id]);
  return {
    id,
    documentId: doc.id,
    rnokpp: doc.normalised.person.taxpayerNumber,
    lastName: doc.normalised.person.lastName.uk,
  };
}

beforeAll(async () => {
  stack = await startManageStack();
  manager = await stack.employee("manager", "manager.e2e");
  copy = await yesterdaysCopy();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function page(): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1920, height: 1080 },
    acceptDownloads: true,
  });
  return context.newPage();
}

describe("a manager", () => {
  it("finds yesterday's copy by РНОКПП, opens it, exports the PDF byte for byte, and deletes it", async () => {
    const p = await page();
    await signIn(p, stack.url, manager);
    await p.getByTestId("nav-manage").click();
    await p.waitForURL(/\/manage\/copies$/);
    const yesterday = shownDay(new Date(Date.now() - 86_400_000));
    await p.getByTestId("copies-from").fill(yesterday);
    await p.getByTestId("copies-to").fill(yesterday);
    await p.getByTestId("copies-search").fill(copy.rnokpp);
    await p.getByTestId("copies-submit").click();
    await expect.poll(() => p.getByTestId("copy-row").count()).toBe(1);
    expect(await p.getByTestId("copy-client").textContent()).toContain(copy.lastName);
    await screenshotSizes(p, "manage-copies");

    // Today's range does not hold yesterday's copy.
    await p.getByTestId("copies-from").fill(shownDay(new Date()));
    await p.getByTestId("copies-to").fill(shownDay(new Date()));
    await p.getByTestId("copies-submit").click();
    await p.getByTestId("copies-empty").waitFor();
    await p.getByTestId("copies-from").fill(yesterday);
    await p.getByTestId("copies-to").fill(yesterday);
    await p.getByTestId("copies-submit").click();
    await p.getByTestId("copy-open").click();
    await p.waitForURL(new RegExp(`/manage/copies/${copy.id}$`));
    await p.getByTestId("pdf-canvas").waitFor({ timeout: 20_000 });
    expect(await p.getByTestId("signature-valid").getAttribute("data-valid")).toBe("true");
    // Audit actions in words, never the server's identifiers
    expect(await p.getByTestId("copy-audit").textContent()).toContain("Переглянуто копію");
    for (const action of await p.getByTestId("audit-action").allTextContents())
      expect(action).not.toMatch(/^[a-z]+\.[a-z_]+$/);
    await screenshotSizes(p, "manage-copy-detail");

    const [download] = await Promise.all([p.waitForEvent("download"), p.getByTestId("export-pdf").click()]);
    const file = await download.path();
    const downloaded = readFileSync(file);
    const api = await new ApiSession(stack.url).login(manager.login, manager.password);
    const decrypted = await api.bytes(`/api/documents/${copy.documentId}/pdf`);
    expect(downloaded.subarray(0, 5).toString()).toBe("%PDF-");
    expect(downloaded.equals(decrypted)).toBe(true);

    await p.getByTestId("copy-delete").click();
    // No reason is chosen for the manager
    expect(await p.getByTestId("copy-delete-reason").inputValue()).toBe("");
    expect(await p.getByTestId("copy-delete-confirm").isDisabled()).toBe(true);
    await p.getByTestId("copy-delete-reason").selectOption("client-request");
    await screenshotSizes(p, "manage-copy-delete");
    await p.getByTestId("copy-delete-confirm").click();
    await expect.poll(() => p.getByTestId("copy-metadata").textContent()).toContain("Видалено");
    expect(await p.getByTestId("copy-audit").textContent()).toContain("Копію видалено");
    const docs = await stack.server.services.store.query("SELECT 1 FROM documents WHERE request_id = $1", [
      copy.id,
    ]);
    expect(docs.rows).toEqual([]);
    await p.context().close();
  });

  it("sees the dashboard with its charts", async () => {
    const p = await page();
    await signIn(p, stack.url, manager);
    await p.goto(`${stack.url}/manage/dashboard`);
    await p.getByTestId("dashboard-figures").waitFor();
    await p.locator("[data-testid=chart-per-day] .recharts-surface").first().waitFor({ timeout: 20_000 });
    expect(await p.getByTestId("dashboard-figures").textContent()).toMatch(/1/);
    await screenshotSizes(p, "manage-dashboard");
    await p.context().close();
  });
});

describe("an admin", () => {
  it("creates a branch and a service, and the sandbox Diia sees both; verifies the audit chain", async () => {
    const p = await page();
    await signIn(p, stack.url, stack.admin);
    await p.goto(`${stack.url}/manage/admin`);
    await p.getByTestId("audit-verify").click();
    await expect.poll(() => p.getByTestId("audit-result").getAttribute("data-ok")).toBe("true");

    await p.getByTestId("branch-new").click();
    const fields = {
      name: "Філія Поділ",
      region: "м. Київ",
      district: "Подільський район",
      location: "Київ",
      street: "вул. Сагайдачного",
      house: "10",
    };
    for (const [k, v] of Object.entries(fields)) await p.getByTestId(`branch-${k}`).fill(v);
    await p.getByTestId("branch-save").click();
    const card = p.locator(`[data-testid=branch-card][data-branch-name="${fields.name}"]`);
    await card.waitFor();
    expect(await card.getByTestId("branch-diia").textContent()).toContain("✓");

    await card.getByTestId("service-new").click();
    expect(await card.getByTestId("offer-note").textContent()).toContain("створить нову");
    await card.getByTestId("service-name").fill("Поселення на Подолі");
    await card.getByTestId("service-template-hotel-check-in").check();
    await card.getByTestId("service-type-foreign-passport").check();
    await screenshotSizes(p, "admin-service-form");
    await card.getByTestId("service-save").click();
    await card.getByTestId("service-row").waitFor();
    await screenshotSizes(p, "admin");

    // Ask the sandbox Diia through its partner API, as any partner would.
    const diia = createDiiaClient({
      baseUrl: stack.sandbox.url,
      acquirerToken: stack.sandbox.state.store.acquirerToken,
    });
    const { branches } = await diia.branches.list({ limit: 100 });
    const branch = branches.find((b) => b.name === fields.name);
    expect(branch).toMatchObject({ district: fields.district, street: fields.street, house: fields.house });
    const { offers } = await diia.offers.list(branch?._id as string);
    expect(offers.map((o) => [o.name, o.scopes.sharing])).toEqual([
      ["Поселення на Подолі", ["passport", "foreign-passport"]],
    ]);
    await p.context().close();
  });
});
