// @vitest-environment happy-dom
// Check-only mode: the verdict panel (colour, icon, reason, time, self-clearing) and the «Лише перевірити» switch on
// the scan screen (service default, remembered per device, a typed code checked instead of requested).
import { act, cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { TopBar } from "../src/app/components/top-bar.tsx";
import { ScanRoute } from "../src/app/routes/scan.tsx";
import type { CheckAnswer } from "../src/features/checks/api/create-check.ts";
import { CheckOnlySwitch } from "../src/features/checks/components/check-only-switch.tsx";
import { CheckResultPanel } from "../src/features/checks/components/check-result-panel.tsx";
import { readCheckOnly } from "../src/features/checks/hooks/use-check-only.ts";
import { checksText } from "../src/features/checks/i18n.ts";
import { type FetchCall, fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

beforeEach(() => localStorage.clear());
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const answer = (over: Partial<CheckAnswer> = {}): CheckAnswer => ({
  result: "valid",
  message: "Документ дійсний: Дія підтвердила його чинність.",
  checkedAt: "2026-11-23T12:34:56.000Z",
  ...over,
});

describe("CheckResultPanel", () => {
  it("shows a valid document in green with the verdict, the reason and the time", () => {
    render(<CheckResultPanel lang="uk" answer={answer()} onClear={() => {}} />);
    const panel = screen.getByTestId("check-result");
    expect(panel.dataset.result).toBe("valid");
    expect(panel.className).toContain("bg-green-800");
    expect(panel.getAttribute("role")).toBe("status");
    expect(screen.getByTestId("check-title").textContent).toBe("Документ дійсний");
    expect(screen.getByTestId("check-reason").textContent).toBe(checksText.uk.reason.valid);
    const time = screen.getByTestId("check-time");
    expect(time.getAttribute("datetime")).toBe("2026-11-23T12:34:56.000Z");
    expect(time.textContent).toMatch(/^\d{2}:34:56$/);
    expect(panel.querySelector("svg path")?.getAttribute("d")).toBe("M6.5 12.5l3.5 3.5 7.5-8");
  });

  it("shows every other result in red with its own reason, in English too", () => {
    render(<CheckResultPanel lang="en" answer={answer({ result: "code_used" })} onClear={() => {}} />);
    const panel = screen.getByTestId("check-result");
    expect(panel.className).toContain("bg-red-800");
    expect(screen.getByTestId("check-title").textContent).toBe("Code already used");
    expect(screen.getByTestId("check-reason").textContent).toBe(
      "This code was already used: ask the client to refresh it in Diia and scan the new one.",
    );
    expect(panel.querySelector("svg path")?.getAttribute("d")).toBe("M8 8l8 8M16 8l-8 8");
  });

  it("clears itself after 8 seconds, not before, and on the close button", () => {
    vi.useFakeTimers();
    const onClear = vi.fn();
    render(<CheckResultPanel lang="uk" answer={answer()} onClear={onClear} />);
    act(() => vi.advanceTimersByTime(7_999));
    expect(onClear).not.toHaveBeenCalled();
    act(() => vi.advanceTimersByTime(1));
    expect(onClear).toHaveBeenCalledTimes(1);
    fireEvent.click(screen.getByTestId("check-dismiss"));
    expect(onClear).toHaveBeenCalledTimes(2);
  });
});

describe("CheckOnlySwitch", () => {
  it("is a labelled switch that reports the flipped state", () => {
    const onChange = vi.fn();
    render(<CheckOnlySwitch lang="uk" checked={false} onChange={onChange} />);
    const sw = screen.getByRole("switch", { name: "Лише перевірити" });
    expect(sw.getAttribute("aria-checked")).toBe("false");
    fireEvent.click(sw);
    expect(onChange).toHaveBeenCalledWith(true);
  });

  it("reads the service's default until this device chose otherwise", () => {
    expect(readCheckOnly({ id: "svc-1", checkOnly: true })).toBe(true);
    localStorage.setItem("stiika.checks.checkOnly.svc-1", "0");
    expect(readCheckOnly({ id: "svc-1", checkOnly: true })).toBe(false);
    expect(readCheckOnly({ id: "svc-2", checkOnly: false })).toBe(false);
  });
});

describe("scan screen in check-only mode", () => {
  const services = [
    {
      id: "svc-hotel",
      name: "Поселення в готель",
      documentTypes: ["passport"],
      template: "hotel-check-in",
      checkOnly: true,
    },
    {
      id: "svc-bank",
      name: "Відкриття рахунку",
      documentTypes: ["passport"],
      template: "bank-account",
      checkOnly: false,
    },
  ];

  function start(check: (call: FetchCall) => Response = () => jsonResponse(answer())) {
    const calls = fakeServer((call) => {
      if (call.url === "/api/services") return jsonResponse({ services });
      if (call.url === "/api/checks") return check(call);
      return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
    });
    renderWithApp(
      <>
        <Route path="/scan" element={<ScanRoute />} />
        <Route path="/requests/:id" element={<p>waiting view</p>} />
      </>,
      { path: "/scan" },
    );
    return calls;
  }

  async function typeCode(code: string) {
    const input = (await screen.findByTestId("manual-code-input")) as HTMLInputElement;
    fireEvent.change(input, { target: { value: code } });
    const submit = screen.getByTestId("manual-code-submit") as HTMLButtonElement;
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
  }

  it("is on by default for a check-only service; a typed code is checked, not requested, and the verdict shows", async () => {
    const calls = start();
    const sw = await screen.findByRole("switch");
    await waitFor(() => expect(sw.getAttribute("aria-checked")).toBe("true"));
    // A deeplink shares documents: it has no place in check-only mode.
    expect(screen.queryByTestId("show-deeplink")).toBeNull();
    await typeCode("2858364170864");
    expect((await screen.findByTestId("check-result")).dataset.result).toBe("valid");
    expect(calls.filter((c) => c.method === "POST").map((c) => [c.url, c.body])).toEqual([
      ["/api/checks", { serviceId: "svc-hotel", barcode: "2858364170864" }],
    ]);
    // The panel for the next client is ready at once; its scan replaces the verdict.
    await typeCode("4006381333931");
    await waitFor(() => expect(calls.filter((c) => c.url === "/api/checks")).toHaveLength(2));
  });

  it("shows a used code in red with the reason, and a refusal's sentence from the server", async () => {
    let n = 0;
    start(() =>
      ++n === 1
        ? jsonResponse(answer({ result: "code_used" }))
        : jsonResponse(
            {
              error: { code: "IDENTIFICATION_SCOPE_MISSING", message: "Відділенню не дозволено перевіряти…" },
            },
            409,
          ),
    );
    await typeCode("2858364170864");
    expect((await screen.findByTestId("check-reason")).textContent).toBe(checksText.uk.reason.code_used);
    await typeCode("2858364170864");
    expect((await screen.findByTestId("check-error")).textContent).toBe(
      "Відділенню не дозволено перевіряти…",
    );
    expect(screen.queryByTestId("check-result")).toBeNull();
  });

  it("while on, the screen is unmistakable: a banner, amber colour, and the mode named in the top bar", async () => {
    fakeServer((call) =>
      call.url === "/api/services"
        ? jsonResponse({ services })
        : jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404),
    );
    const employee = {
      id: "e1",
      login: "t",
      fullName: "Марія Теллер",
      role: "teller" as const,
      branch: { id: "b1", name: "Головне" },
      mustChangePassword: false,
      hasPin: false,
    };
    renderWithApp(
      <Route
        path="/scan"
        element={
          <>
            <TopBar employee={employee} onLock={() => {}} onSignOut={() => {}} />
            <ScanRoute />
          </>
        }
      />,
      { path: "/scan" },
    );
    const sw = await screen.findByRole("switch");
    await waitFor(() => expect(sw.getAttribute("aria-checked")).toBe("true"));
    expect(screen.getByTestId("check-only-banner").textContent).toMatch(/Копії НЕ отримуємо/);
    expect(screen.getByTestId("scan-screen").dataset.mode).toBe("check-only");
    expect(screen.getByTestId("scan-screen").className).toContain("bg-amber-100");
    expect(screen.getByTestId("top-bar").dataset.mode).toBe("check-only");
    expect(screen.getByTestId("top-bar-mode").textContent).toBe("Лише перевірка");
    fireEvent.click(sw);
    await waitFor(() => expect(screen.queryByTestId("top-bar-mode")).toBeNull());
    expect(screen.queryByTestId("check-only-banner")).toBeNull();
    expect(screen.getByTestId("top-bar").dataset.mode).toBe("receive");
  });

  it("turned off, the choice is remembered on this device and a code goes back to a sharing request", async () => {
    const calls = fakeServer((call) => {
      if (call.url === "/api/services") return jsonResponse({ services });
      return jsonResponse({ error: { code: "DIIA_UNAVAILABLE", message: "Дія зараз недоступна" } }, 503);
    });
    renderWithApp(<Route path="/scan" element={<ScanRoute />} />, { path: "/scan" });
    const sw = await screen.findByRole("switch");
    await waitFor(() => expect(sw.getAttribute("aria-checked")).toBe("true"));
    fireEvent.click(sw);
    expect(sw.getAttribute("aria-checked")).toBe("false");
    expect(localStorage.getItem("stiika.checks.checkOnly.svc-hotel")).toBe("0");
    await typeCode("2858364170864");
    await waitFor(() => expect(calls.some((c) => c.url === "/api/requests")).toBe(true));
    expect(calls.some((c) => c.url === "/api/checks")).toBe(false);
  });
});
