// Own config so Vitest does not pick up the root vite.config.ts (the web build). One stack for the whole run
// (global setup), files one after another: they share the teller's branch and the sandbox's citizens.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/csp-guard.ts"],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
