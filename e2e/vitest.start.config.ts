// The start smoke test runs on its own: it needs none of the in-process stack that the main suite's global setup
// builds, and it builds and starts a whole clean copy of the repository itself.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["start/**/*.test.ts"],
  },
});
