/**
 * `createSandbox`: a faithful local Diia — partner API, citizen phone, DSTU-signed deliveries to the partner's
 * callback, and fault injection — listening on a real port. `src/main.ts` runs it for `pnpm sandbox`; tests call
 * it with port 0 and a temporary data dir.
 *
 * @example
 * const sandbox = await createSandbox({ port: 0, dataDir, callbackUrl, retryDelaysMs: [50, 100] });
 * const token = sandbox.state.store.acquirerToken;
 * await fetch(`${sandbox.url}/api/v1/auth/acquirer/${token}`);
 * await sandbox.stop();
 */
import { createServer } from "node:http";
import { join } from "node:path";
import type express from "express";
import { createApp } from "./app.ts";
import { CITIZENS } from "./citizens/citizens.ts";
import { parseSandboxConfig, type SandboxConfigInput } from "./config.ts";
import { buildCallbackPayload } from "./delivery/build-payload.ts";
import { DeliveryQueue } from "./delivery/delivery-queue.ts";
import { renderInWorker } from "./delivery/lib/in-worker.ts";
import { ensureSandboxPki, type SandboxPki } from "./delivery/sandbox-pki.ts";
import { CodeRegistry } from "./state/codes.ts";
import { documentsForConsent } from "./state/consent-actions.ts";
import { ConsentStore } from "./state/consents.ts";
import type { SandboxContext } from "./state/context.ts";
import { Faults } from "./state/faults.ts";
import { PersistentStore } from "./state/persistent-store.ts";
import { signingPayload } from "./state/signing-actions.ts";

export type { SandboxConfig, SandboxConfigInput } from "./config.ts";
export { loadSandboxConfig, parseSandboxConfig } from "./config.ts";
export type { SandboxPki } from "./delivery/sandbox-pki.ts";
export { SandboxError, type SandboxErrorCode } from "./errors.ts";

export type SandboxState = SandboxContext;

export type Sandbox = {
  app: express.Express;
  /** Where it listens, e.g. `http://127.0.0.1:8790`. */
  url: string;
  /** Where people reach it: the configured public URL, else `url`. */
  publicUrl: string;
  state: SandboxState;
  stop: () => Promise<void>;
};

/**
 * `clock` replaces the real time everywhere the sandbox reads it (codes, consents, the envelopes' signingTime),
 * so a test that moves the partner's clock can move Diia's with it.
 */
export async function createSandbox(
  input: SandboxConfigInput = {},
  clock: { now?: () => Date } = {},
): Promise<Sandbox> {
  const config = parseSandboxConfig(input);
  const now = clock.now ?? (() => new Date());
  const store = PersistentStore.open(join(config.dataDir, "state.json"), config.acquirerToken);
  // Listening first: the certificates name this sandbox's own address for OCSP and the CRL, port 0 included.
  let handle: express.Express | undefined;
  const server = createServer((req, res) => {
    if (handle) handle(req, res);
    else res.writeHead(503).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, config.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  // Longer than clients' idle pools, so a reused keep-alive socket is not closed under a request (ECONNRESET).
  server.keepAliveTimeout = 65_000;
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.port;
  const url = `http://${config.host}:${port}`;
  let pki: SandboxPki;
  try {
    pki = await ensureSandboxPki(
      config.pkiDir ?? join(config.dataDir, "pki"),
      config.log,
      config.pkiUrl ?? config.publicUrl ?? url,
    );
  } catch (error) {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }
  const faults = new Faults();
  const citizens = CITIZENS;

  const deliveries = new DeliveryQueue({
    callbackUrl: config.callbackUrl,
    retryDelaysMs: config.retryDelaysMs,
    callbackTimeoutMs: config.callbackTimeoutMs,
    faults,
    now,
    log: config.log,
    prepare: async (consent, options) => {
      if (consent.signing) return signingPayload(consent);
      const citizen = citizens.find((c) => c.id === consent.citizenId);
      if (!citizen) throw new Error("the consent has no citizen");
      const sentAt = now();
      return buildCallbackPayload({
        consent,
        citizen,
        documents: documentsForConsent(citizen, consent),
        sentAt,
        // Signed when prepared: the envelopes' signingTime is the sandbox's time of consent.
        seal: (content) => pki.seal(content, { ...options, signingTime: sentAt }),
        render: renderInWorker,
      });
    },
  });

  const state: SandboxState = {
    config,
    store,
    codes: new CodeRegistry(config.codeLifetimeMs, now),
    consents: new ConsentStore(now, (consent) => deliveries.prepareAhead(consent)),
    faults,
    deliveries,
    citizens,
    now,
    pki,
  };
  const app = createApp(state);
  handle = app;

  return {
    app,
    url,
    publicUrl: (config.publicUrl ?? url).replace(/\/+$/, ""),
    state,
    stop: async () => {
      deliveries.stop();
      // Hung requests (the "hang" fault) would otherwise keep close() waiting forever.
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
