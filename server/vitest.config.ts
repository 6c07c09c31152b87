import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/pg-cluster.ts"],
    include: ["test/**/*.test.ts", "src/**/*.test.ts"],
    testTimeout: 20_000,
    hookTimeout: 30_000,
  },
});
