// Setup file of every e2e test file: a test in which the browser reported a CSP violation fails, so the policy the
// server sends is proven to allow exactly what the app does.
import { afterEach, expect } from "vitest";
import { cspViolations } from "../lib/browser.ts";

afterEach(() => {
  expect(cspViolations.splice(0), "Content-Security-Policy violations").toEqual([]);
});
