/**
 * The server process (`pnpm --filter @stiika/server start`): configuration from the environment, graceful
 * shutdown on SIGTERM / SIGINT.
 *
 * @example
 * PORT=8080 DATABASE_URL=postgresql://… pnpm --filter @stiika/server start
 */
import { loadConfig } from "./config.ts";
import { AppError } from "./errors.ts";
import { start } from "./server.ts";

try {
  const server = await start({ config: loadConfig(process.env) });
  process.stdout.write(`\nStiika is running at ${server.url}\n\n`);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`${signal}: stopping\n`);
    // A stuck connection must not keep the process alive forever.
    setTimeout(() => process.exit(1), 10_000).unref();
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
} catch (e) {
  const message = e instanceof AppError ? e.message : "unexpected failure while starting";
  process.stderr.write(`Stiika server did not start: ${message}\n`);
  if (!(e instanceof AppError)) console.error(e);
  process.exit(1);
}
