// @vitest-environment happy-dom
// Managers' copies: the search goes to the server with the filters (the blind index lives there), rows show what
// it answers; the detail shows the signature check and deletes with the chosen reason.

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { CopiesList } from "../src/features/copies/components/copies-list.tsx";
import { CopyDetailView } from "../src/features/copies/components/copy-detail.tsx";
import { auditActionText } from "../src/features/copies/i18n.ts";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const summary = {
  id: "c0ffee00-0000-4000-8000-000000000001",
  createdAt: "2026-03-01T09:00:00.000Z",
  receivedAt: "2026-03-01T09:00:05.000Z",
  status: "received",
  employee: { id: "e1", name: "Марія Теллер" },
  branch: { id: "b1", name: "Головне відділення" },
  service: "Відкриття рахунку",
  documentTypes: ["internal-passport"],
  clientName: "Коваленко Олена Петрівна",
};
const filters = { employees: [{ id: "e1", name: "Марія Теллер", branchId: "b1" }], branches: [] };

describe("copies list", () => {
  it("sends the search and filters to the server and shows the page it answers", async () => {
    const calls = fakeServer((call) => {
      if (call.url.startsWith("/api/manage/filters")) return jsonResponse(filters);
      const q = new URL(call.url, "http://x").searchParams.get("q");
      return jsonResponse({ items: q ? [summary] : [], total: q ? 1 : 0, page: 1, pageSize: 20 });
    });
    renderWithApp(<Route path="/manage" element={<CopiesList lang="uk" onOpen={() => {}} />} />, {
      path: "/manage",
    });
    await screen.findByTestId("copies-empty");
    fireEvent.change(screen.getByTestId("copies-search"), { target: { value: "3340228102" } });
    fireEvent.change(screen.getByTestId("copies-status"), { target: { value: "received" } });
    fireEvent.change(screen.getByTestId("copies-from"), { target: { value: "01032026" } });
    expect((screen.getByTestId("copies-from") as HTMLInputElement).value).toBe("01.03.2026");
    fireEvent.click(screen.getByTestId("copies-submit"));
    expect((await screen.findByTestId("copy-client")).textContent).toBe("Коваленко Олена Петрівна");
    const list = calls.filter((c) => c.url.startsWith("/api/manage/copies")).at(-1);
    expect(list?.url).toBe(
      "/api/manage/copies?page=1&pageSize=20&from=2026-03-01&status=received&q=3340228102",
    );
    expect(screen.getByTestId("copy-status").textContent).toBe("Отримано");
    expect(screen.getByTestId("copies-page").textContent).toBe("Сторінка 1 з 1 · усього 1");
  });
});

describe("copy detail", () => {
  it("shows the signature check and exports, and deletes with the chosen reason", async () => {
    const signer = { subject: "CN=ДП ДІЯ", serial: "01", keyId: null, issuer: "CN=ЦСК" };
    const copy = {
      ...summary,
      kind: "barcode",
      expiresAt: summary.createdAt,
      updatedAt: summary.createdAt,
      deletedAt: null,
      deletedReason: null,
      questionnaire: null,
      signings: [],
      audit: [
        {
          seq: 3,
          at: summary.createdAt,
          action: "copy.view",
          actor: summary.employee,
          subjectType: "request",
          subjectId: summary.id,
          details: {},
        },
      ],
      documents: [
        {
          id: "d0c00000-0000-4000-8000-000000000002",
          type: "internal-passport",
          title: "Паспорт",
          normalised: null,
          provenance: {
            signer,
            signingTime: summary.createdAt,
            receivedAt: summary.createdAt,
            verified: true,
          },
          signature: {
            signer: signer.subject,
            issuer: signer.issuer,
            serial: "01",
            signingTime: summary.createdAt,
            valid: true,
            checkedNow: true,
          },
        },
      ],
    };
    const calls = fakeServer((call) =>
      call.method === "DELETE" ? jsonResponse({ deleted: true }) : jsonResponse({ copy }),
    );
    renderWithApp(
      <Route
        path="/c"
        element={<CopyDetailView lang="uk" id={summary.id} renderPdf={() => null} onBack={() => {}} />}
      />,
      { path: "/c" },
    );
    expect((await screen.findByTestId("signature-valid")).getAttribute("data-valid")).toBe("true");
    expect(screen.getByTestId("signature-signer").textContent).toBe("CN=ДП ДІЯ");
    expect(screen.getByTestId("export-pdf").getAttribute("href")).toBe(
      `/api/manage/copies/${summary.id}/documents/${copy.documents[0]?.id}/pdf`,
    );
    expect(screen.getByTestId("export-envelope").getAttribute("href")).toMatch(/\/envelope$/);
    // Words, not the server's identifiers
    expect(screen.getByTestId("copy-detail").textContent).toContain("Штрихкод");
    expect(screen.getByTestId("copy-detail").textContent).not.toContain("barcode");
    expect(screen.getByTestId("audit-action").textContent).toBe("Переглянуто копію");
    fireEvent.click(screen.getByTestId("copy-delete"));
    // No reason chosen for the manager: confirming needs one picked
    expect((screen.getByTestId("copy-delete-reason") as HTMLSelectElement).value).toBe("");
    expect((screen.getByTestId("copy-delete-confirm") as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByTestId("copy-delete-reason"), { target: { value: "duplicate" } });
    fireEvent.click(screen.getByTestId("copy-delete-confirm"));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(calls.find((c) => c.method === "DELETE")).toMatchObject({
      url: `/api/manage/copies/${summary.id}`,
      body: { reason: "duplicate" },
    });
  });
});

describe("copy detail: Diia's fields, labelled", () => {
  const signer = { subject: "CN=ДП ДІЯ", serial: "01", keyId: null, issuer: "CN=ЦСК" };
  const doc = (over: Record<string, unknown>) => ({
    id: "d0c00000-0000-4000-8000-000000000003",
    provenance: { signer, signingTime: summary.createdAt, receivedAt: summary.createdAt, verified: true },
    signature: {
      signer: signer.subject,
      issuer: signer.issuer,
      serial: "01",
      signingTime: summary.createdAt,
      valid: true,
      checkedNow: true,
    },
    ...over,
  });
  async function open(documents: unknown[]) {
    const copy = {
      ...summary,
      kind: "barcode",
      expiresAt: summary.createdAt,
      updatedAt: summary.createdAt,
      deletedAt: null,
      deletedReason: null,
      questionnaire: null,
      signings: [],
      audit: [],
      documents,
    };
    fakeServer(() => jsonResponse({ copy }));
    renderWithApp(
      <Route
        path="/c"
        element={<CopyDetailView lang="uk" id={summary.id} renderPdf={() => null} onBack={() => {}} />}
      />,
      { path: "/c" },
    );
    return screen.findAllByTestId("copy-field");
  }
  const rows = (els: HTMLElement[]) =>
    els.map((e) => [e.textContent, e.getAttribute("data-manual-check")] as const);

  it("marks what did not fit the questionnaire «перевірте вручну», under its label", async () => {
    const els = await open([
      doc({
        type: "internal-passport",
        title: "Паспорт",
        normalised: { kind: "identity", person: {}, document: {} },
        manualCheck: [{ path: "lastNameUA", code: "invalid_type" }],
        fields: [
          { path: "lastNameUA.0", value: "КОВАЛЕНКО" },
          { path: "firstNameUA", value: "ОЛЕНА" },
          { path: "department", value: "1234" },
        ],
      }),
    ]);
    expect(rows(els)).toEqual([
      ["Прізвище · 1КОВАЛЕНКОперевірте вручну", "true"],
      ["Ім’яОЛЕНА", null],
      ["Орган, що видав1234", null],
    ]);
    expect(screen.getByTestId("copy-fields-manual").textContent).toContain("звірте їх із PDF");
  });

  it("lists every field of a type without a schema, keys Diia spelled as they are", async () => {
    const els = await open([
      doc({
        type: "student-id-card",
        title: "student-id-card",
        normalised: null,
        manualCheck: [],
        fields: [
          { path: "lastName", value: "Коваленко" },
          { path: "university.name", value: "КНУ" },
        ],
      }),
    ]);
    expect(rows(els)).toEqual([
      ["ПрізвищеКоваленко", null],
      ["university · НазваКНУ", null],
    ]);
    expect(screen.getByTestId("copy-fields-manual").textContent).toContain("немає анкети");
  });
});

describe("manager wording", () => {
  it("names every audit action the server writes, in both languages", () => {
    const audit = readFileSync(resolve(process.cwd(), "../server/src/services/audit.ts"), "utf8");
    const actions = [
      ...(/export type AuditAction =([^;]+);/.exec(audit)?.[1] ?? "").matchAll(/"([a-z_.]+)"/g),
    ].map((m) => m[1] ?? "");
    expect(actions.length).toBeGreaterThan(30);
    for (const lang of ["uk", "en"] as const)
      expect(actions.filter((a) => !auditActionText[lang][a])).toEqual([]);
  });
});
