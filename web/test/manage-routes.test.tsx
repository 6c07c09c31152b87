// @vitest-environment happy-dom
// /manage/*: an unknown section (or the admin area for a manager) is a plain "no such section" with a way to the
// copies — the old relative redirect resolved under the unknown path and looped until the tab froze; a teller
// refused from /manage gets a way back to scanning.
import { cleanup, fireEvent, screen } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { ManageRoute } from "../src/app/routes/manage.tsx";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

function signedInAs(role: "teller" | "manager" | "admin") {
  fakeServer((call) => {
    if (call.url === "/api/me")
      return jsonResponse({
        employee: {
          id: "e1",
          login: "m",
          fullName: "Марія Керівник",
          role,
          branch: { id: "b1", name: "Головне" },
          mustChangePassword: false,
        },
        csrfToken: "t",
      });
    if (call.url.startsWith("/api/manage/filters")) return jsonResponse({ employees: [], branches: [] });
    if (call.url.startsWith("/api/manage/copies"))
      return jsonResponse({ items: [], total: 0, page: 1, pageSize: 20 });
    if (call.url.startsWith("/api/manage/retention"))
      return jsonResponse({ retention: { days: 30, fromConfig: true } });
    return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
  });
}

const routes = (
  <>
    <Route path="/manage/*" element={<ManageRoute />} />
    <Route path="/scan" element={<p data-testid="scan-screen">scan</p>} />
  </>
);

describe("manage routes", () => {
  it.each(["/manage/nonsense", "/manage/copies/x/y/z", "/manage/admin"])(
    "a manager at %s sees «no such section» and a link to the copies, without a redirect loop",
    async (path) => {
      signedInAs("manager");
      renderWithApp(routes, { path });
      const notFound = await screen.findByTestId("manage-not-found");
      expect(notFound.textContent).toContain("Такого розділу немає");
      fireEvent.click(screen.getByRole("link", { name: "До копій" }));
      expect(await screen.findByTestId("copies-empty")).toBeTruthy();
    },
  );

  it("an admin reaches /manage/admin (not the 404)", async () => {
    signedInAs("admin");
    renderWithApp(routes, { path: "/manage/admin" });
    await screen.findByTestId("nav-admin");
    expect(screen.queryByTestId("manage-not-found")).toBeNull();
  });

  it("a teller is refused with a way back to scanning", async () => {
    signedInAs("teller");
    renderWithApp(routes, { path: "/manage/copies" });
    await screen.findByTestId("manage-forbidden");
    fireEvent.click(screen.getByTestId("manage-to-scan"));
    expect(await screen.findByTestId("scan-screen")).toBeTruthy();
  });
});
