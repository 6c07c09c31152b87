// @vitest-environment happy-dom
// Retention per branch: a manager sees and edits only their branch's own period (empty = follow the default,
// sent as null); an admin also edits the default. The server decides who may change what; the screen must send
// exactly what the person chose.
import { cleanup, fireEvent, screen, waitFor } from "@testing-library/react";
import { Route } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { RetentionSetting } from "../src/features/copies/components/retention-setting.tsx";
import { ApiError } from "../src/lib/api-client.ts";
import { errorText } from "../src/lib/error-text.ts";
import { fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";

afterEach(cleanup);

const branch = (id: string, name: string, days: number | null) => ({
  id,
  name,
  days,
  effectiveDays: days ?? 30,
});
const answer = (branches: ReturnType<typeof branch>[]) => ({
  retention: { default: { days: 30, source: "config" }, branches },
});

const notFound = new ApiError("NOT_FOUND", "Не знайдено", 404);

describe("retention setting", () => {
  it("a manager empties their branch's period to follow the default; no default field is offered", async () => {
    const calls = fakeServer((call) =>
      jsonResponse(answer([branch("b1", "Відділення на Хрещатику", call.method === "PUT" ? null : 7)])),
    );
    renderWithApp(<Route path="/manage/copies" element={<RetentionSetting lang="uk" isAdmin={false} />} />, {
      path: "/manage/copies",
    });
    const field = (await screen.findByTestId("retention-branch-b1-days")) as HTMLInputElement;
    expect(field.value).toBe("7");
    expect(screen.queryByTestId("retention-default")).toBeNull();
    expect(screen.getByText(/Порожнє поле — як за замовчуванням, днів: 30/)).toBeTruthy();
    fireEvent.change(field, { target: { value: "" } });
    fireEvent.click(screen.getByTestId("retention-branch-b1-save"));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    const put = calls.find((c) => c.method === "PUT");
    expect(put?.url).toBe("/api/manage/retention/branches/b1");
    expect(put?.body).toEqual({ days: null });
    expect(await screen.findByText("Збережено")).toBeTruthy();
  });

  it("an admin sets the default and one branch; the server's refusal is shown", async () => {
    const calls = fakeServer((call) => {
      if (call.url.endsWith("/branches/b2"))
        return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
      return jsonResponse(answer([branch("b1", "Перше", null), branch("b2", "Друге", 5)]));
    });
    renderWithApp(<Route path="/manage/copies" element={<RetentionSetting lang="en" isAdmin />} />, {
      path: "/manage/copies",
    });
    const def = (await screen.findByTestId("retention-default-days")) as HTMLInputElement;
    expect(def.value).toBe("30");
    fireEvent.change(def, { target: { value: "14" } });
    fireEvent.click(screen.getByTestId("retention-default-save"));
    await waitFor(() => expect(calls.some((c) => c.method === "PUT")).toBe(true));
    expect(calls.find((c) => c.method === "PUT")).toMatchObject({
      url: "/api/manage/retention",
      body: { days: 14 },
    });

    fireEvent.change(screen.getByTestId("retention-branch-b2-days"), { target: { value: "3" } });
    fireEvent.click(screen.getByTestId("retention-branch-b2-save"));
    await waitFor(() => expect(calls.filter((c) => c.method === "PUT")).toHaveLength(2));
    expect(calls.filter((c) => c.method === "PUT")[1]?.body).toEqual({ days: 3 });
    await waitFor(() =>
      expect(screen.getByTestId("retention-branch-b2").textContent).toContain(errorText(notFound, "en")),
    );
  });
});
