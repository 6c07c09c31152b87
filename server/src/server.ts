/**
 * Starts and stops the Stiika server: opens (and migrates) the store, creates the first admin on an empty
 * database, and listens. Tests start it on port 0 and talk to it over real HTTP.
 *
 * @example
 * const server = await start({ config: loadConfig(process.env) });
 * console.log(server.url); // http://127.0.0.1:8080
 * await server.stop();
 */

import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "pino";
import type { Config } from "./config.ts";
import { createApp } from "./http/app.ts";
import { answerClientErrors } from "./http/client-error.ts";
import { type Clock, systemClock } from "./lib/clock.ts";
import { resolveDataKey } from "./lib/data-key.ts";
import { createLogger } from "./lib/logger.ts";
import { anchorAuditChain, keyAuditChain } from "./services/audit.ts";
import { type Background, startBackground } from "./services/background.ts";
import { createChangeHub } from "./services/changes.ts";
import type { Services } from "./services/context.ts";
import { ADMIN_LOGIN, bootstrapAdmin } from "./services/employees.ts";
import { createRevocationChecker } from "./services/revocation.ts";
import { openStore } from "./store/open.ts";
import type { Store } from "./store/store.ts";

export interface StartOptions {
  config: Config;
  /** Defaults to pino on stdout at `config.logLevel`. */
  logger?: Logger;
  /** Injected in tests to move time. */
  clock?: Clock;
  /** An already migrated store (tests); otherwise opened from the config and closed by `stop`. */
  store?: Store;
  /** Where the one-time admin password is printed: the terminal, never the log. */
  print?: (text: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  services: Services;
  dataKey: Buffer;
  /** Resolves once Diia is connected and the branch and offers are registered. */
  diiaReady: Promise<void>;
  stop(): Promise<void>;
}

export async function start(opts: StartOptions): Promise<RunningServer> {
  const { config } = opts;
  const log = opts.logger ?? createLogger(config.logLevel, undefined, config.logFormat);
  const print = opts.print ?? ((text: string) => process.stdout.write(text));
  const dataKey = resolveDataKey(config.dataKey, config.dataDir, config.keyDir);
  if (dataKey.source.kind === "file") {
    const { path: file, created, movedFrom } = dataKey.source;
    log.info(
      { file, created, movedFrom },
      created
        ? "generated a new data-encryption key (set STIIKA_DATA_KEY from a secret store in production)"
        : movedFrom
          ? "moved the data-encryption key out of the data folder"
          : "using the data-encryption key file",
    );
  }
  const opened = opts.store ?? (await openStore(config, log));
  // Every append from here on is keyed; a chain from before the key is anchored, a wrong key refused.
  const store = keyAuditChain(opened, dataKey.key);
  try {
    if ((await anchorAuditChain(store, dataKey.key, (opts.clock ?? systemClock)())) === "anchored") {
      log.warn("anchored the audit rows written before the chain was keyed (once, after migration 008)");
    }
  } catch (e) {
    if (!opts.store) await opened.close();
    throw e;
  }
  let changes: Services["changes"];
  try {
    changes = await createChangeHub(store);
  } catch (e) {
    if (!opts.store) await store.close();
    throw e;
  }
  const services: Services = {
    store,
    clock: opts.clock ?? systemClock,
    log,
    config,
    dataKey: dataKey.key,
    diia: { link: undefined, pool: undefined },
    changes,
    revocation: createRevocationChecker({
      ...config.diia.revocation,
      clock: opts.clock ?? systemClock,
      log,
    }),
  };
  try {
    const admin = await bootstrapAdmin(services, config.adminPassword);
    if (admin.created && admin.oneTimePassword !== undefined) {
      // Set apart from the log lines around it, so nobody has to dig for it.
      const rule = "─".repeat(64);
      print(
        `\n${rule}\n  First start: created the administrator.\n    login: ${ADMIN_LOGIN}\n    one-time password: ${admin.oneTimePassword}\n  Change it at first sign-in. It is shown only this once.\n${rule}\n\n`,
      );
    }
    if (admin.created) log.info("created the first administrator");
  } catch (e) {
    await changes.close().catch(() => {});
    if (!opts.store) await store.close();
    throw e;
  }

  const app = createApp(services);
  let server: Server;
  try {
    server = await new Promise((resolve, reject) => {
      const srv = app.listen(config.port, config.host, (err?: Error) => (err ? reject(err) : resolve(srv)));
      answerClientErrors(srv);
    });
  } catch (e) {
    // e.g. the port is taken: release what was opened, so the process can exit with the error.
    await changes.close().catch(() => {});
    if (!opts.store) await store.close();
    throw e;
  }
  // Only once listening: the Diia connection, sweeper and pollers must not run for a server that never started.
  const background: Background = startBackground(services);
  const { port } = server.address() as AddressInfo;
  const host = config.host === "0.0.0.0" || config.host === "::" ? "127.0.0.1" : config.host;
  log.info({ port, driver: store.driver }, "listening");
  return {
    url: `http://${host}:${port}`,
    port,
    services,
    dataKey: dataKey.key,
    diiaReady: background.diiaReady,
    async stop() {
      await background.stop();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Long-polls are idle from the socket's view but hold a response: end them too.
        server.closeAllConnections();
      });
      await changes.close().catch(() => {});
      if (!opts.store) await store.close();
      log.info("stopped");
    },
  };
}
