// @vitest-environment happy-dom
// Managers' late deliveries: each shows when the client consented and why it is late; attaching posts to the
// server and hands the request id to the caller (who opens the copy); deleting asks first.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it, vi } from "vitest";
import { LateDeliveriesList } from "../src/features/late-deliveries/components/late-deliveries-list.tsx";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const late = {
  id: "d0000000-0000-4000-8000-000000000001",
  requestId: "c0ffee00-0000-4000-8000-000000000001",
  receivedAt: "2026-03-01T09:20:00.000Z",
  consentedAt: "2026-03-01T09:04:00.000Z",
  reason: "expired",
  documentTypes: ["internal-passport"],
  documentTitles: ["Паспорт громадянина України (ID-картка)"],
  request: {
    kind: "barcode",
    status: "expired",
    service: "Відкриття рахунку",
    createdAt: "2026-03-01T09:00:00.000Z",
    expiresAt: "2026-03-01T09:05:00.000Z",
    employee: { id: "e1", name: "Марія Теллер" },
  },
};

describe("late deliveries", () => {
  it("shows the reason and attaches on the manager's decision", async () => {
    let attached = false;
    const calls = fakeServer((call) => {
      if (call.method === "POST") {
        attached = true;
        return jsonResponse({ attached: true, requestId: late.requestId });
      }
      return jsonResponse({ deliveries: attached ? [] : [late] });
    });
    const onAttached = vi.fn();
    renderWithApp(
      <Route
        path="/manage/late"
        element={<LateDeliveriesList lang="uk" typeTitle={(t) => t} onAttached={onAttached} />}
      />,
      { path: "/manage/late" },
    );
    expect((await screen.findByTestId("late-reason")).textContent).toBe("запит сплив");
    fireEvent.click(screen.getByTestId("late-attach"));
    await waitFor(() => expect(onAttached).toHaveBeenCalledWith(late.requestId));
    expect(calls.find((c) => c.method === "POST")?.url).toBe(`/api/manage/late-deliveries/${late.id}/attach`);
    expect(await screen.findByTestId("late-empty")).toBeTruthy();
  });

  it("deletes only after the manager confirms", async () => {
    const calls = fakeServer((call) =>
      call.method === "DELETE" ? jsonResponse({ deleted: true }) : jsonResponse({ deliveries: [late] }),
    );
    renderWithApp(
      <Route
        path="/manage/late"
        element={<LateDeliveriesList lang="uk" typeTitle={(t) => t} onAttached={() => {}} />}
      />,
      { path: "/manage/late" },
    );
    await screen.findByTestId("late-delivery");
    // happy-dom has no dialogs: the manager answers "no", then "yes".
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    window.confirm = confirm;
    fireEvent.click(screen.getByTestId("late-delete"));
    expect(calls.some((c) => c.method === "DELETE")).toBe(false);
    fireEvent.click(screen.getByTestId("late-delete"));
    await waitFor(() => expect(calls.some((c) => c.method === "DELETE")).toBe(true));
    expect(confirm).toHaveBeenCalledTimes(2);
  });
});
