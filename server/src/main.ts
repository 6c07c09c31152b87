/**
 * The server process (`pnpm --filter @stiika/server start`): configuration from the environment, graceful
 * shutdown on SIGTERM / SIGINT, also when the signal comes while it is still starting.
 *
 * @example
 * PORT=8080 DATABASE_URL=postgresql://… pnpm --filter @stiika/server start
 */
import { loadConfig } from "./config.ts";
import { AppError } from "./errors.ts";
import { type RunningServer, start } from "./server.ts";

let server: RunningServer | undefined;
let stopRequested: string | undefined;

function shutdown(signal: string) {
  if (stopRequested) return;
  stopRequested = signal;
  process.stderr.write(`${signal}: stopping\n`);
  // A stuck connection must not keep the process alive forever.
  setTimeout(() => process.exit(1), 10_000).unref();
  // Still starting: the stop happens as soon as the start finishes.
  server?.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));

try {
  server = await start({ config: loadConfig(process.env) });
  if (stopRequested) {
    await server.stop();
    process.exit(0);
  }
  process.stdout.write(`\nStiika is running at ${server.url} — open it in a browser. Ctrl-C stops it.\n\n`);
} catch (e) {
  const message = e instanceof AppError ? e.message : "unexpected failure while starting";
  process.stderr.write(`Stiika server did not start: ${message}\n`);
  if (!(e instanceof AppError)) console.error(e);
  process.exit(1);
}
