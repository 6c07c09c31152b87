// The teller's side in the browser: sign in, choose the service, and read what the questionnaire and PDF show.
import type { Page } from "playwright-core";
import type { CitizenData, StackInfo } from "./stack.ts";

export const BANK_ACCOUNT = "Відкриття рахунку";

export async function signIn(page: Page, baseUrl: string, teller: StackInfo["teller"]): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByTestId("login-username").fill(teller.login);
  await page.getByTestId("login-password").fill(teller.password);
  await page.getByTestId("login-submit").click();
  // Whichever comes first: the scan screen, or the login form's error (named in the failure).
  const outcome = await Promise.race([
    page.waitForURL(/\/scan$/, { timeout: 30_000 }).then(() => "in"),
    page
      .getByTestId("login-error")
      .waitFor({ timeout: 30_000 })
      .then(
        () => "refused",
        () => "no error shown",
      ),
  ]);
  if (outcome !== "in") {
    const shown = outcome === "refused" ? await page.getByTestId("login-error").textContent() : outcome;
    throw new Error(`sign-in failed: ${shown}`);
  }
}

/** Switches the interface language (the switch sits in the top bar's «Меню»). */
export async function setLang(page: Page, lang: "uk" | "en"): Promise<void> {
  if ((await page.getByTestId("top-bar-menu-panel").count()) === 0)
    await page.getByTestId("top-bar-menu").click();
  await page.getByTestId(`lang-${lang}`).click();
  await page.getByTestId("top-bar-menu").click();
}

/** Picks the service on /scan (the scan panel appears once one is chosen). */
export async function chooseService(page: Page, name = BANK_ACCOUNT): Promise<void> {
  await page.getByTestId("service-picker").selectOption({ label: name });
  await page.getByTestId("scan-panel").waitFor();
}

/** The request id from /requests/:id, once the teller is on the waiting view. */
export async function waitForRequestPage(page: Page, timeout = 20_000): Promise<string> {
  await page.waitForURL(/\/requests\/[^/]+$/, { timeout });
  return decodeURIComponent(new URL(page.url()).pathname.split("/").at(-1) ?? "");
}

/** A date as the questionnaire shows it whatever the browser's locale: дд.мм.рррр (Diia's metadata writes it so too). */
const shown = (ddmmyyyy: unknown) => {
  const [d, m, y] = String(ddmmyyyy).split(".");
  return `${d?.padStart(2, "0")}.${m?.padStart(2, "0")}.${y}`;
};

/** What the bank-account questionnaire must show from a citizen's internal passport (its metadata as Diia sends it). */
export function expectedFromPassport(citizen: CitizenData): Record<string, string> {
  const passport = citizen.documents.find((d) => d.type === "internal-passport");
  if (!passport) throw new Error(`${citizen.id} has no internal passport`);
  const m = passport.metadata;
  return {
    lastName: String(m.lastNameUA),
    firstName: String(m.firstNameUA),
    middleName: String(m.middleNameUA),
    birthDate: shown(m.birthday),
    taxpayerNumber: String(m.taxpayerNumber),
    documentNumber: String(m.docNumber),
    documentIssueDate: shown(m.issueDate),
    documentExpiryDate: shown(m.expirationDate),
    address: String(m.residenceUA),
  };
}

export interface FilledQuestionnaire {
  /** Field name → value, for the fields asked about. */
  values: Record<string, string>;
  /** Field name → the text of its badge ("з Дії"), or null when it has none. */
  badges: Record<string, string | null>;
}

export async function readQuestionnaire(
  page: Page,
  fields: string[],
  timeout = 20_000,
): Promise<FilledQuestionnaire> {
  await page.getByTestId("questionnaire").waitFor({ timeout });
  const values: Record<string, string> = {};
  const badges: Record<string, string | null> = {};
  for (const name of fields) {
    values[name] = await page.getByTestId(`field-${name}`).inputValue();
    const badge = page.getByTestId(`badge-${name}`);
    badges[name] = (await badge.count()) > 0 ? ((await badge.textContent()) ?? "").trim() : null;
  }
  return { values, badges };
}

/** Waits until pdf.js has drawn the first page: a canvas with a size and some non-white pixels. */
export async function waitForPdfCanvas(
  page: Page,
  timeout = 20_000,
): Promise<{ width: number; inked: number }> {
  const canvas = page.getByTestId("pdf-canvas").first();
  await canvas.waitFor({ timeout });
  const handle = await page.waitForFunction(
    () => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="pdf-canvas"]');
      if (!c || c.width === 0 || c.height === 0) return false;
      const ctx = c.getContext("2d");
      if (!ctx) return false;
      const px = ctx.getImageData(0, 0, c.width, c.height).data;
      let inked = 0;
      for (let i = 0; i < px.length; i += 16) if ((px[i] ?? 255) < 128) inked++;
      return inked > 100 ? { width: c.width, inked } : false;
    },
    undefined,
    { timeout, polling: 100 },
  );
  return (await handle.jsonValue()) as { width: number; inked: number };
}
