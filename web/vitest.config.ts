// Own config so Vitest does not pick up the root vite.config.ts (the web build, rooted at web/).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "test/**/*.test.tsx", "src/**/*.test.ts", "src/**/*.test.tsx"],
    // The fake-camera browser test starts Vite and Chromium: give it time on a 2-core machine.
    testTimeout: 20_000,
    hookTimeout: 90_000,
  },
});
