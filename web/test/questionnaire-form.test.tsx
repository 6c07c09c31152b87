// @vitest-environment happy-dom

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { QuestionnaireForm } from "../src/features/questionnaire/components/questionnaire-form.tsx";
import { fixturePassport, serverDocuments } from "./support/documents.ts";
import { fakeServer, jsonResponse } from "./support/render.tsx";

afterEach(cleanup);

function setup() {
  const onSaved = vi.fn();
  const calls = fakeServer(() => jsonResponse({ saved: true }));
  render(
    <QueryClientProvider client={new QueryClient()}>
      <QuestionnaireForm
        lang="uk"
        requestIds={["req-1"]}
        templateId="bank-account"
        documents={[
          { type: "internal-passport", title: "Паспорт громадянина України", normalised: fixturePassport() },
        ]}
        onSaved={onSaved}
      />
    </QueryClientProvider>,
  );
  const input = (name: string) => screen.getByTestId(`field-${name}`) as HTMLInputElement;
  return { onSaved, calls, input };
}

describe("QuestionnaireForm", () => {
  it("fills fields from Diia with a badge, leaves contacts empty, and shows the РНОКПП check", () => {
    const { input } = setup();
    expect(input("lastName").value).toBe("Дія");
    // Shown as Ukrainians write it, whatever the browser's locale; a text field, not the OS date picker
    expect(input("birthDate").value).toBe("17.01.1997");
    expect(input("birthDate").type).toBe("text");
    // The address may run to several lines: shown whole, not one truncating line
    expect(screen.getByTestId("field-address").tagName).toBe("TEXTAREA");
    expect(screen.getByTestId("badge-lastName").textContent).toBe("з Дії");
    expect(input("phone").value).toBe("");
    expect(screen.queryByTestId("badge-phone")).toBeNull();
    const findings = screen.getAllByTestId("check-finding").map((li) => li.getAttribute("data-code"));
    expect(findings).toEqual(["RNOKPP_INVALID"]);
  });

  it("drops the badge when the teller changes a Diia value, and re-checks live", async () => {
    const { input } = setup();
    fireEvent.change(input("taxpayerNumber"), { target: { value: "3652504575" } });
    await waitFor(() => expect(screen.queryByTestId("badge-taxpayerNumber")).toBeNull());
    // A valid number now, but it encodes 2000-01-01 while the passport says 1997-01-17.
    await waitFor(() =>
      expect(screen.getAllByTestId("check-finding").map((li) => li.getAttribute("data-code"))).toEqual([
        "RNOKPP_BIRTH_DATE",
      ]),
    );
    expect(screen.getByTestId("check-finding").textContent).toContain("01.01.2000");
  });

  it("takes a date typed as дд.мм.рррр, refuses one out of bounds, and sends ISO", async () => {
    const { input, calls, onSaved } = setup();
    fireEvent.change(input("phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.change(input("taxpayerNumber"), { target: { value: "3652504575" } });
    fireEvent.change(input("birthDate"), { target: { value: "01012999" } });
    expect(input("birthDate").value).toBe("01.01.2999");
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    expect((await screen.findByText(/Дата має бути від 01\.01\.1900 до/)).textContent).toMatch(
      /до \d{2}\.\d{2}\.\d{4}$/,
    );
    expect(calls).toEqual([]);
    fireEvent.change(input("birthDate"), { target: { value: "31.02.1997" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    expect(await screen.findByText(/Вкажіть дату як дд\.мм\.рррр/)).toBeTruthy();
    fireEvent.change(input("birthDate"), { target: { value: "01.01.2000" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(calls[0]?.body).toMatchObject({ fields: { birthDate: "2000-01-01" } });
  });

  it("blocks save until the required phone is given, then PUTs the answers and hands over", async () => {
    const { input, calls, onSaved } = setup();
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    expect(await screen.findByText("Заповніть це поле")).toBeTruthy();
    expect(calls).toEqual([]);

    fireEvent.change(input("phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.change(input("taxpayerNumber"), { target: { value: "3652504575" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    await waitFor(() => expect(onSaved).toHaveBeenCalledTimes(1));
    expect(calls[0]?.method).toBe("PUT");
    expect(calls[0]?.url).toBe("/api/requests/req-1/questionnaire");
    expect(calls[0]?.body).toMatchObject({
      template: "bank-account",
      fields: { lastName: "Дія", phone: "+380 67 123 45 67", taxpayerNumber: "3652504575", email: "" },
    });
  });
});

describe("QuestionnaireForm: what Diia sent in an unreadable shape", () => {
  function renderWith(documents: Parameters<typeof QuestionnaireForm>[0]["documents"]) {
    fakeServer(() => jsonResponse({ saved: true }));
    render(
      <QueryClientProvider client={new QueryClient()}>
        <QuestionnaireForm
          lang="uk"
          requestIds={["req-1"]}
          templateId="bank-account"
          documents={documents}
          onSaved={() => {}}
        />
      </QueryClientProvider>,
    );
  }
  const badge = (name: string) => screen.queryByTestId(`badge-${name}`)?.textContent;

  it("marks the fields the unreadable values would have filled «перевірте вручну», not «з Дії»", () => {
    // A list where the surname goes and an object where the birthday goes, as the server stores and sends them.
    renderWith(
      serverDocuments({ "internal-passport": { lastNameUA: ["ДІЯ"], birthday: { d: "17.01.1997" } } }),
    );
    expect(badge("lastName")).toBe("перевірте вручну");
    expect(screen.getByTestId("field-lastName").getAttribute("data-manual-check")).toBe("true");
    expect(screen.getByTestId("field-lastName").getAttribute("data-from-diia")).toBeNull();
    expect(badge("birthDate")).toBe("перевірте вручну");
    expect(badge("firstName")).toBe("з Дії");
    expect(badge("taxpayerNumber")).toBe("з Дії");
    expect(screen.getByTestId("manual-check-note").textContent).toContain("звірте з PDF");
  });

  it("a document read well still speaks first: the passport's surname stays «з Дії»", () => {
    renderWith(serverDocuments({ "internal-passport": {}, "taxpayer-card": { lastNameUA: ["ДІЯ"] } }));
    expect(badge("lastName")).toBe("з Дії");
    expect(screen.queryByTestId("manual-check-note")).toBeNull();
  });

  it("lists a document without a questionnaire shape for a manual check and still fills from the rest", () => {
    renderWith([
      ...serverDocuments({ "internal-passport": {} }),
      { type: "student-id-card", title: "student-id-card", normalised: null, manualFields: [] },
    ]);
    expect(badge("lastName")).toBe("з Дії");
    expect(screen.getAllByTestId("manual-check-document").map((li) => li.textContent)).toEqual([
      "student-id-card: дані не ввійшли в анкету, звірте їх із PDF",
    ]);
  });
});
