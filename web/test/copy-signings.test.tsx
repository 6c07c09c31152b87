// @vitest-environment happy-dom
// Managers see the client's signings of the application in a copy: status, signer, whether the РНОКПП is the
// client's, the time (Kyiv); download the PDF and the .p7s by the contract's routes; «Перевірити ще раз» asks the
// server and shows its answer (valid, or the refusal's message and code) with when it was checked.

import type { Signing } from "@stiika/api";
import { cleanup, fireEvent, screen, within } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { CopyDetailView } from "../src/features/copies/components/copy-detail.tsx";
import { type FetchCall, fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const COPY_ID = "c0ffee00-0000-4000-8000-000000000001";
const SIGNED = "5b0c6a2e-1d3f-4c8a-9e7b-2f4d6a8c0e11";
const OTHER = "6c1d7b3f-2e4a-4d9b-8f8c-3a5e7b9d1f22";
const EXPIRED = "7d2e8c4a-3b5f-4a6c-8d9e-1f2a3b4c5d6e";

const signer = {
  fullName: "Коваленко Олена Петрівна",
  rnokppMatches: true,
  signingTime: "2026-03-01T09:04:58.000Z",
  certificateSerial: "3A1F",
  issuer: "CN=КНЕДП Пісочниця",
};
const base = {
  requestId: COPY_ID,
  reason: null,
  signAlgo: "DSTU",
  deeplink: null,
  createdAt: "2026-03-01T09:03:00.000Z",
  expiresAt: "2026-03-01T09:18:00.000Z",
  version: 3,
  refusedCallbacks: 0,
  signer: null,
  signedAt: null,
} as const;
const signings: Signing[] = [
  {
    ...base,
    id: SIGNED,
    status: "signed",
    fileName: "zayava-5b0c6a2e.pdf",
    signer,
    signedAt: "2026-03-01T09:05:00.000Z",
  },
  {
    ...base,
    id: OTHER,
    status: "signed_by_other",
    fileName: "zayava-6c1d7b3f.pdf",
    signer: { ...signer, fullName: "Петренко Іван Іванович", rnokppMatches: false },
    signedAt: "2026-03-01T09:01:00.000Z",
  },
  {
    ...base,
    id: EXPIRED,
    status: "expired",
    fileName: "zayava-7d2e8c4a.pdf",
    reason: { code: "EXPIRED", message: "Час на підпис минув." },
  },
];
const copy = {
  id: COPY_ID,
  createdAt: "2026-03-01T09:00:00.000Z",
  receivedAt: "2026-03-01T09:00:05.000Z",
  status: "received",
  employee: { id: "e1", name: "Марія Теллер" },
  branch: { id: "b1", name: "Головне відділення" },
  service: "Відкриття рахунку",
  documentTypes: ["internal-passport"],
  clientName: "Коваленко Олена Петрівна",
  kind: "barcode",
  expiresAt: "2026-03-01T09:05:00.000Z",
  updatedAt: "2026-03-01T09:05:00.000Z",
  deletedAt: null,
  deletedReason: null,
  questionnaire: null,
  documents: [],
  signings,
  audit: [],
};

function open(verify: (call: FetchCall) => Response = () => jsonResponse({}, 500), lang: "uk" | "en" = "uk") {
  const calls = fakeServer((call) => (call.method === "POST" ? verify(call) : jsonResponse({ copy })));
  renderWithApp(
    <Route
      path="/c"
      element={<CopyDetailView lang={lang} id={COPY_ID} renderPdf={() => null} onBack={() => {}} />}
    />,
    { path: "/c", lang },
  );
  return calls;
}
const row = async (id: string) =>
  (await screen.findAllByTestId("copy-signing")).find((r) => r.dataset.signingId === id) as HTMLElement;

describe("copy detail: the client's signatures", () => {
  it("lists each signing with its status, signer, РНОКПП match and Kyiv time", async () => {
    open();
    const rows = await screen.findAllByTestId("copy-signing");
    expect(rows.map((r) => r.dataset.status)).toEqual(["signed", "signed_by_other", "expired"]);
    const signed = within(rows[0] as HTMLElement);
    expect(signed.getByTestId("copy-signing-status").textContent).toBe("Підписано клієнтом");
    expect(signed.getByTestId("copy-signing-signer").textContent).toBe("Коваленко Олена Петрівна");
    expect(signed.getByTestId("copy-signing-rnokpp").dataset.matches).toBe("true");
    expect(signed.getByTestId("copy-signing-time").textContent).toBe("01.03.2026, 11:05");
    // The copy's own times on the same clock
    expect(screen.getByTestId("copy-metadata").textContent).toContain("01.03.26, 11:00");
    const other = within(rows[1] as HTMLElement);
    expect(other.getByTestId("copy-signing-status").textContent).toBe("Підписано іншою особою");
    expect(other.getByTestId("copy-signing-rnokpp").textContent).toBe(
      "✗ НЕ збігається з клієнтом — підписала інша особа",
    );
    expect((rows[2] as HTMLElement).textContent).toContain("Час на підпис минув.");
  });

  it("links the PDF and the .p7s by the contract's routes; no .p7s or verify without a signature", async () => {
    open();
    const signed = within(await row(SIGNED));
    expect(signed.getByTestId("export-signing-pdf").getAttribute("href")).toBe(
      `/api/manage/copies/${COPY_ID}/signings/${SIGNED}/pdf`,
    );
    const p7s = signed.getByTestId("export-signing-p7s");
    expect(p7s.getAttribute("href")).toBe(`/api/manage/copies/${COPY_ID}/signings/${SIGNED}/signature`);
    expect(p7s.getAttribute("download")).toBe("zayava-5b0c6a2e.pdf.p7s");
    const expired = within(await row(EXPIRED));
    expect(expired.getByTestId("export-signing-pdf")).toBeTruthy();
    expect(expired.queryByTestId("export-signing-p7s")).toBeNull();
    expect(expired.queryByTestId("signing-verify")).toBeNull();
  });

  it("«Перевірити ще раз» posts to the verify route and shows a valid answer with when it was checked", async () => {
    const calls = open(() =>
      jsonResponse({
        verification: {
          valid: true,
          code: null,
          message: "Підпис дійсний.",
          signer,
          checkedAt: "2026-12-01T12:30:00.000Z",
        },
      }),
    );
    const signed = within(await row(SIGNED));
    fireEvent.click(signed.getByTestId("signing-verify"));
    const result = await signed.findByTestId("signing-verify-result");
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual([
      `/api/manage/copies/${COPY_ID}/signings/${SIGNED}/verify`,
    ]);
    expect(result.dataset.valid).toBe("true");
    expect(result.textContent).toBe(
      "✓ Підпис дійсний: заява не змінена, сертифікат кваліфікований і не відкликаний (перевірено 01.12.2026, 14:30)",
    );
  });

  it("shows a refusal's message and code", async () => {
    open(() =>
      jsonResponse({
        verification: {
          valid: false,
          code: "CERT_REVOKED",
          message: "Сертифікат підписувача відкликано.",
          signer,
          checkedAt: "2026-12-01T12:30:00.000Z",
        },
      }),
    );
    const other = within(await row(OTHER));
    fireEvent.click(other.getByTestId("signing-verify"));
    const result = await other.findByTestId("signing-verify-result");
    expect(result.dataset.valid).toBe("false");
    expect(result.dataset.code).toBe("CERT_REVOKED");
    expect(result.textContent).toMatch(/^✗ Підпис НЕ підтверджено: Сертифікат підписувача відкликано\./);
  });

  it("a verify answer that drifts from the contract is an error, not a verdict", async () => {
    open(() => jsonResponse({ verification: { valid: true, message: "ok", signer: null } }), "en");
    const signed = within(await row(SIGNED));
    fireEvent.click(signed.getByTestId("signing-verify"));
    expect((await signed.findByTestId("signing-verify-error")).textContent).toBe(
      "The server sent an unexpected answer",
    );
    expect(signed.queryByTestId("signing-verify-result")).toBeNull();
  });
});
