import { defineConfig } from "vitest/config";

// Own config so vitest does not climb to the root vite.config.ts (the web app's).
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 30_000,
  },
});
