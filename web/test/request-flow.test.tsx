// @vitest-environment happy-dom
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { RequestRoute } from "../src/app/routes/request.tsx";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";
import { sharingRequest } from "./support/requests.ts";

afterEach(cleanup);

const routes = (
  <>
    <Route path="/requests/:id" element={<RequestRoute />} />
    <Route path="/scan" element={<p>scan screen</p>} />
  </>
);

describe("waiting view", () => {
  it("shows the grouped code, what was asked, a countdown, and long-polls with the version it has", async () => {
    let answered = 0;
    const calls = fakeServer(() => {
      answered++;
      // The first answer comes at once; the long-poll then stays open (a change that never arrives in this test).
      if (answered === 1) return jsonResponse({ request: sharingRequest() });
      return new Promise(() => {});
    });
    renderWithApp(routes, { path: "/requests/req-1" });

    expect((await screen.findByTestId("scanned-code")).textContent).toBe("2 858364 170864");
    expect(screen.getByTestId("requested-documents").textContent).toContain(
      "Картка платника податків (РНОКПП)",
    );
    expect(screen.getByTestId("requested-documents").textContent).toContain(
      "Паспорт (ID-картка або закордонний)",
    );
    expect(screen.getByTestId("request-countdown").textContent).toMatch(/2:5\d/);
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls.map((c) => c.url)).toEqual([
      "/api/requests/req-1?wait=0",
      "/api/requests/req-1?wait=25&version=1",
    ]);
  });

  it("explains a decline with the server's sentence and offers the next client", async () => {
    const reason = {
      code: "DECLINED",
      message:
        "Клієнт відхилив запит у застосунку Дія. Попросіть клієнта повторити або скористайтеся паперовим документом.",
    };
    fakeServer(() => jsonResponse({ request: sharingRequest({ status: "declined", reason, version: 2 }) }));
    renderWithApp(routes, { path: "/requests/req-1" });
    expect((await screen.findByTestId("request-outcome")).textContent).toBe(reason.message);
    expect(screen.queryByTestId("request-countdown")).toBeNull();
    fireEvent.click(screen.getByTestId("request-next"));
    expect(await screen.findByText("scan screen")).toBeTruthy();
  });

  it("titles a mistyped code by its cause (not «Помилка передачі») and offers «Сканувати ще раз»", async () => {
    const reason = {
      code: "CODE_UNKNOWN",
      message: "Дія не знає такого коду. Перевірте цифри або попросіть клієнта оновити код у Дії.",
    };
    fakeServer(() => jsonResponse({ request: sharingRequest({ status: "failed", reason, version: 2 }) }));
    renderWithApp(routes, { path: "/requests/req-1" });
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe("Дія не знає такого коду");
    expect(screen.getByTestId("request-outcome").textContent).toBe(reason.message);
    const next = screen.getByTestId("request-next");
    expect(next.textContent).toBe("Сканувати ще раз");
    fireEvent.click(next);
    expect(await screen.findByText("scan screen")).toBeTruthy();
  });

  it("keeps «Наступний клієнт» where scanning again would not help, and speaks English when chosen", async () => {
    const reason = {
      code: "SCOPE_FORBIDDEN",
      message: "Це відділення не може запитувати такий документ у Дії.",
    };
    fakeServer(() => jsonResponse({ request: sharingRequest({ status: "failed", reason, version: 2 }) }));
    renderWithApp(routes, { path: "/requests/req-1", lang: "en" });
    expect((await screen.findByRole("heading", { level: 1 })).textContent).toBe(
      "This document cannot be requested",
    );
    expect(screen.getByTestId("request-outcome").textContent).toMatch(/^This branch may not request/);
    expect(screen.getByTestId("request-next").textContent).toBe("Next client");
  });

  it("falls back to its own sentence for an expiry without a reason", async () => {
    fakeServer(() => jsonResponse({ request: sharingRequest({ status: "expired" }) }));
    renderWithApp(routes, { path: "/requests/req-1" });
    expect((await screen.findByTestId("request-outcome")).textContent).toMatch(
      /^Час на підтвердження минув\./,
    );
  });

  it("cancel posts to the cancel route and shows the cancelled outcome", async () => {
    const calls = fakeServer((call) => {
      if (call.url.endsWith("/cancel"))
        return jsonResponse({ request: sharingRequest({ status: "cancelled", version: 2 }) });
      if (call.url.includes("wait=0")) return jsonResponse({ request: sharingRequest() });
      return new Promise(() => {});
    });
    renderWithApp(routes, { path: "/requests/req-1" });
    fireEvent.click(await screen.findByTestId("request-cancel"));
    expect((await screen.findByTestId("request-outcome")).textContent).toMatch(/^Запит скасовано/);
    expect(calls.find((c) => c.method === "POST")?.url).toBe("/api/requests/req-1/cancel");
  });

  it("shows a deeplink request as a full-screen QR of its link", async () => {
    const deeplink = "https://diia.app/acquirers/offer-request/dynamic/abc?x=1";
    fakeServer((call) =>
      call.url.includes("wait=0")
        ? jsonResponse({ request: sharingRequest({ kind: "deeplink", code: null, deeplink }) })
        : new Promise(() => {}),
    );
    renderWithApp(routes, { path: "/requests/req-1" });
    const image = await screen.findByTestId("deeplink-qr-image");
    expect(image.getAttribute("data-link")).toBe(deeplink);
    expect(image.getAttribute("src")).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
    expect(screen.getByTestId("deeplink-countdown").textContent).toMatch(/2:5\d/);
  });
});

describe("a failed request within its lifetime", () => {
  const reason = { code: "DIIA_UNAVAILABLE", message: "Дія зараз не відповідає." };

  it("keeps long-polling (Diia may still deliver) and says so; the documents would land on this screen", async () => {
    let answered = 0;
    const calls = fakeServer(() => {
      answered++;
      if (answered === 1)
        return jsonResponse({ request: sharingRequest({ status: "failed", reason, version: 2 }) });
      return new Promise(() => {});
    });
    renderWithApp(routes, { path: "/requests/req-1" });
    expect((await screen.findByTestId("request-outcome")).textContent).toBe(reason.message);
    expect(screen.getByTestId("request-still-open").textContent).toContain("документи ще можуть надійти");
    await waitFor(() => expect(calls.length).toBe(2));
    expect(calls[1]?.url).toBe("/api/requests/req-1?wait=25&version=2");
  });

  it("past its lifetime it stops polling and no longer promises anything", async () => {
    const calls = fakeServer(() =>
      jsonResponse({
        request: sharingRequest({
          status: "failed",
          reason,
          expiresAt: new Date(Date.now() - 1000).toISOString(),
        }),
      }),
    );
    renderWithApp(routes, { path: "/requests/req-1" });
    await screen.findByTestId("request-outcome");
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(1);
    expect(screen.queryByTestId("request-still-open")).toBeNull();
  });
});
