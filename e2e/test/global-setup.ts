// Vitest global setup: the web bundle (built only when stale), then one stack for every test file; torn down after.
import type { TestProject } from "vitest/node";
import { type StackInfo, startStack } from "../lib/stack.ts";
import { ensureWebBuild } from "../lib/web-build.ts";

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const t0 = Date.now();
  const built = ensureWebBuild();
  const stack = await startStack();
  console.info(`e2e stack up in ${Date.now() - t0} ms (web ${built ? "rebuilt" : "up to date"})`);
  const { stop, ...info } = stack;
  project.provide("stack", info);
  return stop;
}
