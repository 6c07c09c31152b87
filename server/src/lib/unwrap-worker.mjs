// Worker-thread entry: registers tsx so the TypeScript worker (and @stiika/diia, which ships TS source) load the
// same way under `pnpm start` (tsx) and under vitest, whose transforms do not reach worker threads.
import { register } from "tsx/esm/api";

register();
await import("./unwrap-worker.ts");
