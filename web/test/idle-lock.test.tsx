// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TellerLayout } from "../src/app/routes/teller-layout.tsx";
import { LockProvider } from "../src/app/session.tsx";
import { createObjectUrl, revokeAllObjectUrls } from "../src/lib/object-urls.ts";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const employee = {
  id: "e1",
  login: "teller1",
  fullName: "Олена Коваль",
  role: "teller",
  branch: { id: "b1", name: "Відділення №3, Київ" },
  mustChangePassword: false,
};

function start(me = employee) {
  const calls = fakeServer((call) => {
    if (call.url === "/api/me") return jsonResponse({ employee: me, csrfToken: "csrf-1" });
    if (call.url === "/api/auth/logout") return jsonResponse({ ok: true });
    if (call.url === "/api/auth/login") return jsonResponse({ employee: me, csrfToken: "csrf-2" });
    return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
  });
  const view = renderWithApp(
    <Route
      element={
        <LockProvider>
          <TellerLayout />
        </LockProvider>
      }
    >
      <Route path="/scan" element={<input aria-label="client form" data-testid="client-form" />} />
    </Route>,
    { path: "/scan" },
  );
  return { calls, ...view };
}

describe("teller layout", () => {
  it("shows the branch and the employee in the top bar", async () => {
    start();
    expect((await screen.findByTestId("top-bar-branch")).textContent).toContain("Відділення №3, Київ");
    expect(screen.getByTestId("top-bar-employee").textContent).toBe("Олена Коваль");
  });

  it("forces the password change first when the password is one-time", async () => {
    start({ ...employee, mustChangePassword: true });
    expect(await screen.findByTestId("change-password-form")).toBeTruthy();
    expect(screen.queryByTestId("client-form")).toBeNull();
  });

  it("after 60 s without input: locks, unmounts the screen, clears the cache, revokes PDFs, ends the session", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const { calls, queryClient } = start();
    await screen.findByTestId("client-form");
    createObjectUrl(new Blob(["%PDF"]));

    // Input postpones the lock.
    await act(() => vi.advanceTimersByTimeAsync(50_000));
    fireEvent.keyDown(window, { key: "a" });
    await act(() => vi.advanceTimersByTimeAsync(50_000));
    expect(screen.queryByTestId("lock-screen")).toBeNull();

    await act(() => vi.advanceTimersByTimeAsync(11_000));
    expect(screen.getByTestId("lock-screen").textContent).toContain("Олена Коваль");
    expect(screen.queryByTestId("client-form")).toBeNull();
    expect(
      queryClient
        .getQueryCache()
        .getAll()
        .filter((q) => q.state.data !== undefined),
    ).toEqual([]);
    expect(revokeAllObjectUrls()).toBe(0); // the lock already revoked it
    await waitFor(() =>
      expect(calls.some((c) => c.url === "/api/auth/logout" && c.method === "POST")).toBe(true),
    );
    expect(window.localStorage.length).toBe(0); // nothing personal kept anywhere

    vi.useRealTimers();
    fireEvent.change(screen.getByTestId("login-password"), { target: { value: "correct horse battery" } });
    fireEvent.click(screen.getByTestId("login-submit"));
    expect(await screen.findByTestId("client-form")).toBeTruthy();
    const login = calls.find((c) => c.url === "/api/auth/login");
    expect(login?.body).toEqual({ login: "teller1", password: "correct horse battery" });
  });
});
