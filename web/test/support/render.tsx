// Renders a piece of the app with a fresh QueryClient and a memory router, for happy-dom component tests.
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactNode } from "react";
import { MemoryRouter, Routes } from "react-router";
import { LangProvider } from "../../src/lib/i18n.tsx";

export function renderWithApp(
  routes: ReactNode,
  {
    path = "/",
    lang = "uk" as "uk" | "en",
    queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } }),
  } = {},
) {
  const view = render(
    <QueryClientProvider client={queryClient}>
      <LangProvider initial={lang}>
        <MemoryRouter initialEntries={[path]}>
          <Routes>{routes}</Routes>
        </MemoryRouter>
      </LangProvider>
    </QueryClientProvider>,
  );
  return { ...view, queryClient };
}

export type FetchCall = { url: string; method: string; body: unknown; headers: Record<string, string> };

/** Replaces fetch with a router of canned answers; returns the calls made. */
export function fakeServer(handler: (call: FetchCall) => Response | Promise<Response>): FetchCall[] {
  const calls: FetchCall[] = [];
  globalThis.fetch = (async (url: string, init: RequestInit = {}) => {
    const call = {
      url: String(url),
      method: init.method ?? "GET",
      body: typeof init.body === "string" ? JSON.parse(init.body) : undefined,
      headers: (init.headers ?? {}) as Record<string, string>,
    };
    calls.push(call);
    return handler(call);
  }) as typeof fetch;
  return calls;
}

export const jsonResponse = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });
