// Own config so Vitest does not pick up the root vite.config.ts (the web build).
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: { include: ["test/**/*.test.ts"] },
});
