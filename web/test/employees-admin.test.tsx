// @vitest-environment happy-dom
// The admin's staff screen: a new employee's form (react-hook-form + the endpoint's zod schema) refuses a login the
// server would refuse before anything is sent, sends what was typed with the branch the select shows, and shows
// the one-time password once; a row's role select changes the role with the rest of the employee as it was.

import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { EmployeesAdmin } from "../src/features/admin/components/employees-admin.tsx";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const branches = [
  { id: "b0000000-0000-4000-8000-000000000001", name: "Головне відділення" },
  { id: "b0000000-0000-4000-8000-000000000002", name: "Філія Поділ" },
].map((b) => ({
  ...b,
  region: "м. Київ",
  district: "",
  location: "Київ",
  street: "вул. Хрещатик",
  house: "1",
  email: "",
  address: "",
  diiaBranchId: "d1",
  idleLockSeconds: 120,
  employees: 1,
  services: [],
}));
const olena = {
  id: "e0000000-0000-4000-8000-000000000001",
  login: "olena",
  displayName: "Олена Коваль",
  role: "teller",
  branch: { id: branches[0]?.id, name: branches[0]?.name },
  disabled: false,
  mustChangePassword: false,
};

function setup() {
  const calls = fakeServer((call) => {
    if (call.url === "/api/admin/branches") return jsonResponse({ branches, documentTypes: ["passport"] });
    if (call.url === "/api/admin/employees") return jsonResponse({ employees: [olena] });
    if (call.url === "/api/employees")
      return jsonResponse(
        {
          employee: {
            id: "e0000000-0000-4000-8000-000000000002",
            login: "petro",
            displayName: "Петро Шевченко",
            role: "manager",
            branchId: branches[0]?.id,
            mustChangePassword: true,
          },
          oneTimePassword: "x7-one-time-Pq",
        },
        201,
      );
    return jsonResponse({ updated: true });
  });
  renderWithApp(<Route path="/" element={<EmployeesAdmin lang="uk" />} />);
  return calls;
}

const form = () => screen.getByRole("form", { name: "Новий працівник" });

describe("employees admin", () => {
  it("refuses a login with spaces before sending, then creates with the first branch and shows the password once", async () => {
    const calls = setup();
    await screen.findAllByText("Філія Поділ");
    fireEvent.change(screen.getByLabelText("Логін"), { target: { value: "petro s" } });
    fireEvent.change(screen.getByLabelText("ПІБ", { selector: "input" }), {
      target: { value: "Петро Шевченко" },
    });
    fireEvent.change(screen.getAllByLabelText("Роль")[0] as HTMLElement, { target: { value: "manager" } });
    fireEvent.submit(form());
    expect((await screen.findByText(/латинські літери/)).closest("div")?.querySelector("input")).toBe(
      screen.getByLabelText("Логін"),
    );
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);

    fireEvent.change(screen.getByLabelText("Логін"), { target: { value: "petro" } });
    fireEvent.submit(form());
    expect((await screen.findByTestId("one-time-password")).textContent).toContain("x7-one-time-Pq");
    expect(calls.filter((c) => c.method === "POST").map((c) => [c.url, c.body])).toEqual([
      [
        "/api/employees",
        { login: "petro", displayName: "Петро Шевченко", role: "manager", branchId: branches[0]?.id },
      ],
    ]);
    // The form is empty again for the next one
    expect((screen.getByLabelText("Логін") as HTMLInputElement).value).toBe("");
  });

  it("changes a role from the row, keeping the name, branch and state", async () => {
    const calls = setup();
    const row = await screen.findByTestId("employee-row");
    const role = row.querySelector("select") as HTMLSelectElement;
    expect(role.value).toBe("teller");
    fireEvent.change(role, { target: { value: "admin" } });
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({
      url: `/api/admin/employees/${olena.id}`,
      body: { displayName: "Олена Коваль", role: "admin", branchId: branches[0]?.id, disabled: false },
    });
  });

  it("refuses an answer that is not the contract (a role the app does not know)", async () => {
    fakeServer((call) =>
      call.url === "/api/admin/employees"
        ? jsonResponse({ employees: [{ ...olena, role: "root" }] })
        : jsonResponse({ branches, documentTypes: [] }),
    );
    renderWithApp(<Route path="/" element={<EmployeesAdmin lang="uk" />} />);
    expect((await screen.findByRole("alert")).textContent).toBe("Сервер надіслав неочікувану відповідь");
  });
});
