/**
 * The teller app: providers (TanStack Query, language, lock) and routes `/login`, `/scan`, `/requests/:id`. The
 * request screen (questionnaire, PDF) is a lazy chunk, so the scan screen's first load stays small.
 *
 * @example
 * createRoot(root).render(<App />);
 */
import { QueryClientProvider } from "@tanstack/react-query";
import { lazy, Suspense, useState } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { LangProvider } from "../lib/i18n.tsx";
import { createQueryClient } from "../lib/query-client.ts";
import { LoginRoute } from "./routes/login.tsx";
import { NotFoundRoute } from "./routes/not-found.tsx";
import { ScanRoute } from "./routes/scan.tsx";
import { TellerLayout } from "./routes/teller-layout.tsx";
import { LockProvider } from "./session.tsx";

const RequestRoute = lazy(() => import("./routes/request.tsx").then((m) => ({ default: m.RequestRoute })));
// Managers' and admins' area (copies, dashboard, admin): its own chunk, never in the teller's first load.
const ManageRoute = lazy(() => import("./routes/manage.tsx").then((m) => ({ default: m.ManageRoute })));

export function App() {
  const [queryClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient}>
      <LangProvider>
        <LockProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginRoute />} />
              <Route element={<TellerLayout />}>
                <Route path="/scan" element={<ScanRoute />} />
                <Route
                  path="/requests/:id"
                  element={
                    <Suspense fallback={null}>
                      <RequestRoute />
                    </Suspense>
                  }
                />
                <Route
                  path="/manage/*"
                  element={
                    <Suspense fallback={null}>
                      <ManageRoute />
                    </Suspense>
                  }
                />
              </Route>
              <Route path="/" element={<Navigate to="/scan" replace />} />
              <Route path="*" element={<NotFoundRoute />} />
            </Routes>
          </BrowserRouter>
        </LockProvider>
      </LangProvider>
    </QueryClientProvider>
  );
}
