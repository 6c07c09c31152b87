// @vitest-environment happy-dom
// A client's visit with several documents: a barcode brings one; the screen says what is still missing, scanning
// the next document keeps the visit, and every document of it fills one questionnaire (saved with each request),
// what the teller typed surviving the round trip. Checks compare the documents and say what was not compared.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route, useLocation } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { RequestRoute } from "../src/app/routes/request.tsx";
import { agreementFindings, runChecks } from "../src/features/questionnaire/lib/checks.ts";
import { dropDraft } from "../src/features/questionnaire/lib/draft.ts";
import { missingTypes, parseVisit, withVisit } from "../src/features/requests/lib/visit.ts";
import { normalised } from "./support/documents.ts";
import { type FetchCall, fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";
import { sharingRequest } from "./support/requests.ts";

afterEach(() => {
  cleanup();
  dropDraft();
});

const passport = normalised({
  type: "internal-passport",
  item: {
    lastNameUA: "Шевченко",
    firstNameUA: "Тарас",
    middleNameUA: "Григорович",
    birthday: "09.03.1994",
    docNumber: "000123456",
    taxpayerNumber: "3652504575",
    residenceUA: "м. Київ, вул. Хрещатик, 1",
  },
});
const tax = (over: Record<string, string> = {}) =>
  normalised({
    type: "taxpayer-card",
    item: {
      lastNameUA: "Шевченко",
      firstNameUA: "Тарас",
      birthday: "09.03.1994",
      docNumber: "3652504575",
      ...over,
    },
  });
const provenance = {
  signer: { subject: "CN=ДП ДІЯ", serial: "01", keyId: "k", issuer: "CN=ЦСК" },
  signingTime: null,
  receivedAt: "2026-12-01T10:00:00.000Z",
  verified: true,
};
const doc = (id: string, type: string, title: string, n: unknown) => ({
  id,
  type,
  title,
  normalised: n,
  provenance,
});
const services = [
  {
    id: "svc-bank",
    name: "Відкриття рахунку",
    template: "bank-account",
    documentTypes: ["passport", "taxpayer-card"],
    checkOnly: false,
  },
];

describe("visit helpers", () => {
  it("counts a passport scope as met by either passport and keeps the service's order", () => {
    expect(missingTypes(["passport", "taxpayer-card"], ["taxpayer-card"])).toEqual(["passport"]);
    expect(missingTypes(["passport", "taxpayer-card"], ["foreign-passport"])).toEqual(["taxpayer-card"]);
    expect(missingTypes(["passport"], ["internal-passport"])).toEqual([]);
  });
  it("takes only request ids from the URL", () => {
    expect(parseVisit("req-aaaa1111,<script>,req-aaaa1111,bbbb2222")).toEqual(["req-aaaa1111", "bbbb2222"]);
    expect(withVisit("/scan", [])).toBe("/scan");
    expect(withVisit("/scan", ["aaaa1111", "bbbb2222"])).toBe("/scan?visit=aaaa1111%2Cbbbb2222");
  });
});

describe("checks across documents", () => {
  it("flags a birth date or РНОКПП that differs between documents", () => {
    expect(agreementFindings([passport, tax()])).toEqual([]);
    expect(agreementFindings([passport, tax({ birthday: "10.03.1994", docNumber: "3652504576" })])).toEqual([
      {
        code: "BIRTH_DATE_MISMATCH",
        severity: "error",
        documentTypes: ["internal-passport", "taxpayer-card"],
      },
      { code: "RNOKPP_MISMATCH", severity: "error", documentTypes: ["internal-passport", "taxpayer-card"] },
    ]);
  });
  it("says what was not compared while a document is missing", () => {
    const findings = runChecks({
      documents: [tax()],
      answers: {},
      today: "2026-12-01",
      missing: ["passport"],
    });
    expect(findings.map((f) => f.code)).toContain("NOT_CHECKED");
  });
});

function Where() {
  const l = useLocation();
  return <p data-testid="where">{`${l.pathname}${l.search}`}</p>;
}

describe("a two-document visit", () => {
  it("after a taxpayer card: «Ще потрібно: Паспорт», no identity number from the card; the passport completes one form", async () => {
    const calls = fakeServer((call: FetchCall) => {
      if (call.url === "/api/services") return jsonResponse({ services });
      if (call.url.startsWith("/api/requests/r-tax-0001?"))
        return jsonResponse({
          request: sharingRequest({ id: "r-tax-0001", status: "received", version: 3 }),
        });
      if (call.url.startsWith("/api/requests/r-pass-002?"))
        return jsonResponse({
          request: sharingRequest({ id: "r-pass-002", status: "received", version: 3 }),
        });
      if (call.url === "/api/requests/r-tax-0001/documents")
        return jsonResponse({ documents: [doc("d1", "taxpayer-card", "Картка платника податків", tax())] });
      if (call.url === "/api/requests/r-pass-002/documents")
        return jsonResponse({
          documents: [doc("d2", "internal-passport", "Паспорт громадянина України", passport)],
        });
      if (call.method === "PUT") return jsonResponse({ saved: true });
      return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
    });
    const routes = (
      <>
        <Route
          path="/requests/:id"
          element={
            <>
              <RequestRoute />
              <Where />
            </>
          }
        />
        <Route path="/scan" element={<Where />} />
      </>
    );
    const first = renderWithApp(routes, { path: "/requests/r-tax-0001" });
    const missing = await screen.findByTestId("visit-missing");
    expect(missing.querySelector("h2")?.textContent).toBe("Ще потрібно: Паспорт (ID-картка або закордонний)");
    // The card holds the РНОКПП, not an identity document's number
    expect((screen.getByTestId("field-taxpayerNumber") as HTMLInputElement).value).toBe("3652504575");
    expect((screen.getByTestId("field-documentNumber") as HTMLInputElement).value).toBe("");
    expect(screen.queryByTestId("badge-documentNumber")).toBeNull();
    const notChecked = screen.getAllByTestId("check-finding").find((f) => f.dataset.code === "NOT_CHECKED");
    expect(notChecked?.textContent).toMatch(/Не перевірено збіг ПІБ, дати народження та РНОКПП/);
    expect(screen.queryByTestId("checks-ok")).toBeNull();

    fireEvent.change(screen.getByTestId("field-phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.click(screen.getByTestId("visit-scan-next"));
    expect((await screen.findByTestId("where")).textContent).toBe("/scan?visit=r-tax-0001");
    first.unmount();

    // The passport's request, with the card's request in the visit
    renderWithApp(routes, { path: "/requests/r-pass-002?visit=r-tax-0001" });
    await screen.findByTestId("questionnaire");
    await waitFor(() => expect(screen.queryByTestId("visit-missing")).toBeNull());
    expect((screen.getByTestId("field-documentNumber") as HTMLInputElement).value).toBe("000123456");
    expect((screen.getByTestId("field-middleName") as HTMLInputElement).value).toBe("Григорович");
    // typed before the scan, still there
    expect((screen.getByTestId("field-phone") as HTMLInputElement).value).toBe("+380 67 123 45 67");
    expect(screen.getAllByTestId("pdf-viewer").length).toBe(2);
    expect(screen.queryAllByTestId("check-finding").map((f) => f.dataset.code)).not.toContain("NOT_CHECKED");
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    // Saved: the signing is offered (issue 14); the next client is one tap on.
    fireEvent.click(await screen.findByTestId("signing-next"));
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("/scan"));
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.url)).toEqual([
      "/api/requests/r-tax-0001/questionnaire",
      "/api/requests/r-pass-002/questionnaire",
    ]);
  });

  it("the waiting view of a barcode says it brings one document", async () => {
    fakeServer((call) =>
      call.url.includes("wait=0") ? jsonResponse({ request: sharingRequest() }) : new Promise(() => {}),
    );
    renderWithApp(<Route path="/requests/:id" element={<RequestRoute />} />, { path: "/requests/req-1" });
    expect((await screen.findByTestId("request-brings")).textContent).toMatch(
      /^Цей код передасть один документ/,
    );
  });
});
