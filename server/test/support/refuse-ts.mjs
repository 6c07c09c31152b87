// Preloaded (`--import`) into the compiled server by compiled.test.ts: any TypeScript module resolved at run time,
// in the main thread or a worker, ends the process with this error.
import { register } from "node:module";

const hook = `export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (/\\.(ts|tsx|mts|cts)$/.test(new URL(r.url).pathname)) throw new Error("TypeScript at run time: " + r.url);
  return r;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
