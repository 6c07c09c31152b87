// @vitest-environment happy-dom
// The admin's branch form: what the client reads on Diia's consent screen — the branch's name, address text
// (several lines), contact e-mail and the partner's legal name — goes to the server as typed; the server's
// refusal (Diia's limits) is shown in words.

import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { BranchesAdmin } from "../src/features/admin/components/branches-admin.tsx";
import { type FetchCall, fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const branch = {
  id: "b0000000-0000-4000-8000-000000000001",
  name: "Головне відділення",
  region: "м. Київ",
  district: "Шевченківський район",
  location: "Київ",
  street: "вул. Хрещатик",
  house: "1",
  email: "",
  address: "",
  diiaBranchId: "d1",
  idleLockSeconds: 120,
  employees: 2,
  services: [],
};

function setup(answer: (call: FetchCall) => Response | undefined = () => undefined) {
  const calls = fakeServer((call) => {
    const special = answer(call);
    if (special) return special;
    if (call.url === "/api/admin/partner")
      return jsonResponse({
        partner:
          call.method === "PUT"
            ? {
                legalName: "АТ «Банк Приклад»",
                signAlgo: (call.body as { signAlgo?: string }).signAlgo ?? "DSTU",
              }
            : { legalName: "", signAlgo: "DSTU" },
      });
    if (call.method === "PUT") return jsonResponse({ updated: true });
    return jsonResponse({ branches: [branch], documentTypes: ["passport"] });
  });
  renderWithApp(<Route path="/" element={<BranchesAdmin lang="uk" typeTitle={(t) => t} />} />);
  return calls;
}

describe("branches admin: what the client sees in Diia", () => {
  it("sends the name, the multi-line address and the e-mail of an edited branch", async () => {
    const calls = setup();
    fireEvent.click(await screen.findByTestId("branch-edit"));
    fireEvent.change(screen.getByTestId("branch-name"), { target: { value: "Відділення №7" } });
    fireEvent.change(screen.getByTestId("branch-address"), {
      target: { value: "вул. Хрещатик, 1\nКиїв, 01001" },
    });
    fireEvent.change(screen.getByTestId("branch-email"), { target: { value: "khreshchatyk@bank.ua" } });
    expect(screen.getByTestId("branch-address").tagName).toBe("TEXTAREA");
    fireEvent.click(screen.getByTestId("branch-save"));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({
      url: `/api/admin/branches/${branch.id}`,
      body: {
        name: "Відділення №7",
        address: "вул. Хрещатик, 1\nКиїв, 01001",
        email: "khreshchatyk@bank.ua",
        house: "1",
      },
    });
  });

  it("saves the partner's legal name, and an empty one as «not set»", async () => {
    const calls = setup();
    const input = (await screen.findByTestId("partner-legal-name")) as HTMLInputElement;
    await waitFor(() => expect(input.disabled).toBe(false));
    fireEvent.change(input, { target: { value: "АТ «Банк Приклад»" } });
    fireEvent.click(screen.getByTestId("partner-save"));
    expect((await screen.findByTestId("partner-saved")).textContent).toContain("для всіх відділень");
    fireEvent.change(input, { target: { value: "  " } });
    fireEvent.click(screen.getByTestId("partner-save"));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(2));
    expect(calls.filter((c) => c.method === "PUT").map((c) => c.body)).toEqual([
      { legalName: "АТ «Банк Приклад»" },
      { legalName: null },
    ]);
  });

  it("shows the partner's default signing algorithm, each with its explanation, and saves only a new choice", async () => {
    const calls = setup();
    const dstu = (await screen.findByTestId("partner-sign-algo-DSTU")) as HTMLInputElement;
    await waitFor(() => expect(dstu.checked).toBe(true));
    const ecdsa = screen.getByTestId("partner-sign-algo-ECDSA") as HTMLInputElement;
    expect(ecdsa.checked).toBe(false);
    const group = screen.getByTestId("partner-sign-algo");
    expect(group.textContent).toContain("хеш ГОСТ 34.311");
    expect(group.textContent).toContain("хеш SHA-256");
    fireEvent.click(ecdsa);
    fireEvent.click(screen.getByTestId("partner-save"));
    expect((await screen.findByTestId("partner-saved")).textContent).toContain("для всіх відділень");
    // The legal name, untouched, is not sent again (that would update every branch in Diia)
    expect(calls.filter((c) => c.method === "PUT").map((c) => [c.url, c.body])).toEqual([
      ["/api/admin/partner", { signAlgo: "ECDSA" }],
    ]);
    // The saved answer is what the form shows now
    expect((screen.getByTestId("partner-sign-algo-ECDSA") as HTMLInputElement).checked).toBe(true);
  });

  it("refuses a partner answer without signAlgo (the contract) rather than guess one", async () => {
    setup((call) =>
      call.url === "/api/admin/partner" ? jsonResponse({ partner: { legalName: "" } }) : undefined,
    );
    expect((await screen.findByTestId("partner-error")).textContent).toBe(
      "Сервер надіслав неочікувану відповідь",
    );
    expect((screen.getByTestId("partner-save") as HTMLButtonElement).disabled).toBe(true);
  });

  it("shows the server's refusal with the field and Diia's limit", async () => {
    setup((call) =>
      call.method === "PUT" && call.url.startsWith("/api/admin/branches/")
        ? jsonResponse(
            { error: { code: "BRANCH_EMAIL_INVALID", message: "Контактна е-пошта відділення неправильна" } },
            422,
          )
        : undefined,
    );
    fireEvent.click(await screen.findByTestId("branch-edit"));
    fireEvent.change(screen.getByTestId("branch-email"), { target: { value: "x@y" } });
    fireEvent.click(screen.getByTestId("branch-save"));
    expect((await screen.findByRole("alert")).textContent).toBe("Контактна е-пошта відділення неправильна");
  });

  it("sends a new service's name, template, document types and check-only; none chosen cannot be saved", async () => {
    const service = {
      id: "s0000000-0000-4000-8000-000000000001",
      branchId: branch.id,
      name: "Поселення",
      template: "hotel-check-in",
      documentTypes: ["passport"],
      checkOnly: true,
      diiaOfferId: "o1",
    };
    const calls = setup((call) => (call.method === "POST" ? jsonResponse({ service }, 201) : undefined));
    fireEvent.click(await screen.findByTestId("service-new"));
    fireEvent.change(screen.getByTestId("service-name"), { target: { value: "Поселення" } });
    fireEvent.click(screen.getByTestId("service-template-hotel-check-in"));
    const passport = screen.getByTestId("service-type-passport") as HTMLInputElement;
    expect(passport.checked).toBe(true);
    fireEvent.click(passport);
    const save = screen.getByTestId("service-save") as HTMLButtonElement;
    expect(save.disabled).toBe(true);
    fireEvent.click(passport);
    expect(save.disabled).toBe(false);
    fireEvent.click(screen.getByLabelText("Лише перевірка (без анкети)"));
    fireEvent.click(save);
    await waitFor(() => expect(calls.some((c) => c.method === "POST")).toBe(true));
    expect(calls.filter((c) => c.method === "POST").map((c) => [c.url, c.body])).toEqual([
      [
        `/api/admin/branches/${branch.id}/services`,
        { name: "Поселення", template: "hotel-check-in", documentTypes: ["passport"], checkOnly: true },
      ],
    ]);
    await waitFor(() => expect(screen.queryByTestId("service-form")).toBeNull());
  });
});
