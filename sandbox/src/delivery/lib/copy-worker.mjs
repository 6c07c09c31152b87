// Worker-thread entry: registers tsx so the TypeScript worker (and @stiika/diia, which ships TS source) loads the
// same way under `pnpm sandbox` (tsx) and under vitest, whose transforms do not reach worker threads.
import { register } from "tsx/esm/api";

register();
await import("./copy-worker.ts");
