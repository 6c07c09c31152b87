// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { TellerLayout } from "../src/app/routes/teller-layout.tsx";
import { LockProvider } from "../src/app/session.tsx";
import { useHoldLock } from "../src/lib/lock-hold.ts";
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
  branch: { id: "b1", name: "Відділення №3, Київ", idleLockSeconds: 60 },
  mustChangePassword: false,
  hasPin: false,
};

function Holder() {
  useHoldLock(true);
  return <p data-testid="waiting-for-client">waiting</p>;
}

function start(me = employee, path = "/scan") {
  let wrongPins = 0;
  const calls = fakeServer((call) => {
    if (call.url === "/api/me") return jsonResponse({ employee: me, csrfToken: "csrf-1" });
    if (call.url === "/api/auth/logout") return jsonResponse({ ok: true });
    if (call.url === "/api/auth/login") return jsonResponse({ employee: me, csrfToken: "csrf-2" });
    if (call.url === "/api/auth/lock") return jsonResponse({ pin: me.hasPin });
    if (call.url === "/api/auth/unlock") {
      const pin = (call.body as { pin: string }).pin;
      if (pin === "4826") return jsonResponse({ employee: me, csrfToken: "csrf-1" });
      wrongPins++;
      return jsonResponse(
        { error: { code: "PIN_WRONG", message: "Неправильний PIN", attemptsLeft: 3 - wrongPins } },
        403,
      );
    }
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
      <Route path="/requests/r1" element={<Holder />} />
    </Route>,
    { path },
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

  it("warns before locking that any input cancels; input then calls the lock off", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    start();
    await screen.findByTestId("client-form");
    await act(() => vi.advanceTimersByTimeAsync(46_000));
    expect(screen.getByTestId("lock-warning").textContent).toMatch(
      /^Через 1\d с екран заблокується\. Будь-яка дія/,
    );
    fireEvent.pointerMove(window);
    await waitFor(() => expect(screen.queryByTestId("lock-warning")).toBeNull());
    await act(() => vi.advanceTimersByTimeAsync(30_000));
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(31_000));
    expect(screen.getByTestId("lock-screen")).toBeTruthy();
  });

  it("never auto-locks while a screen holds the lock off (a request waiting for the client, the deeplink QR)", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    start(employee, "/requests/r1");
    await screen.findByTestId("waiting-for-client");
    await act(() => vi.advanceTimersByTimeAsync(10 * 60_000));
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    expect(screen.queryByTestId("lock-warning")).toBeNull();
  });

  it("follows the branch's idle setting", async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    start({ ...employee, branch: { ...employee.branch, idleLockSeconds: 300 } });
    await screen.findByTestId("client-form");
    await act(() => vi.advanceTimersByTimeAsync(290_000));
    expect(screen.queryByTestId("lock-screen")).toBeNull();
    await act(() => vi.advanceTimersByTimeAsync(11_000));
    expect(screen.getByTestId("lock-screen")).toBeTruthy();
  });

  it("with a PIN: the lock keeps the session (locked), a wrong PIN says how many tries are left, the right one reopens", async () => {
    const { calls } = start({ ...employee, hasPin: true });
    await screen.findByTestId("client-form");
    fireEvent.click(screen.getByTestId("lock-button"));
    const lockScreen = await screen.findByTestId("lock-screen");
    expect(lockScreen.dataset.unlock).toBe("pin");
    await waitFor(() => expect(calls.some((c) => c.url === "/api/auth/lock")).toBe(true));
    expect(calls.some((c) => c.url === "/api/auth/logout")).toBe(false);
    fireEvent.change(screen.getByTestId("lock-pin"), { target: { value: "1111" } });
    fireEvent.click(screen.getByTestId("lock-pin-submit"));
    expect(await screen.findByText("Неправильний PIN. Залишилось спроб: 2")).toBeTruthy();
    fireEvent.change(screen.getByTestId("lock-pin"), { target: { value: "4826" } });
    fireEvent.click(screen.getByTestId("lock-pin-submit"));
    expect(await screen.findByTestId("client-form")).toBeTruthy();
    expect(calls.some((c) => c.url === "/api/auth/login")).toBe(false);
  });
});
