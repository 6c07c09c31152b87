// What the teller must end up with once the client shares: the questionnaire filled from the citizen's passport
// (each such field badged "з Дії"), the signed PDF drawn by pdf.js, and Diia's signature shown as verified.
import type { Page } from "playwright-core";
import { expect } from "vitest";
import type { CitizenData } from "./stack.ts";
import { expectedFromPassport, readQuestionnaire, waitForPdfCanvas } from "./teller.ts";

export async function expectFilledFromDiia(page: Page, citizen: CitizenData): Promise<void> {
  const expected = expectedFromPassport(citizen);
  const filled = await readQuestionnaire(page, Object.keys(expected));
  expect(filled.values).toEqual(expected);
  expect(filled.badges).toEqual(Object.fromEntries(Object.keys(expected).map((k) => [k, "з Дії"])));
  // Fields Diia does not know stay for the teller, without a badge.
  expect(await page.getByTestId("field-phone").inputValue()).toBe("");
  expect(await page.getByTestId("badge-phone").count()).toBe(0);
  const pdf = await waitForPdfCanvas(page);
  expect(pdf.width).toBeGreaterThan(0);
  await expect
    .poll(() => page.getByTestId("signature-status").first().getAttribute("data-verified"))
    .toBe("true");
}

/** The request as the server answers it to this page's session (same cookies). */
export async function requestFromApi(page: Page, baseUrl: string, id: string) {
  const res = await page.request.get(`${baseUrl}/api/requests/${encodeURIComponent(id)}`);
  expect(res.status()).toBe(200);
  return ((await res.json()) as { request: ApiRequest }).request;
}

export interface ApiRequest {
  id: string;
  kind: string;
  status: string;
  reason: { code: string; message: string } | null;
  code: string | null;
  deeplink: string | null;
  documents: { id: string; type: string }[];
}
