// Own config so Vitest does not pick up the root vite.config.ts (the web build).
import { defineConfig } from "vitest/config";

export default defineConfig({
  // Deliveries render PDFs and run DSTU crypto in pure JS: a full-loop test takes seconds.
  test: {
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 30_000,
  },
});
