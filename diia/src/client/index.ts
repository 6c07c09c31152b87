/**
 * `createDiiaClient`: the typed client of the Diia partner ("acquirer") API — branches, offers, deeplinks,
 * barcode/QR document requests and document identification — with the session token handled for you.
 * Every failure is a `DiiaApiError` whose `code` is one of HTTP_ERROR, UNAUTHORIZED, TIMEOUT, NETWORK,
 * BAD_RESPONSE, BAD_REQUEST; no token ever appears in its message, its `bodyExcerpt` or the logs.
 *
 * @example
 * const diia = createDiiaClient({
 *   baseUrl: "https://api2s.diia.gov.ua",
 *   acquirerToken: process.env.DIIA_ACQUIRER_TOKEN,
 *   authAcquirerToken: process.env.DIIA_AUTH_ACQUIRER_TOKEN,
 *   logger: pino(),
 * });
 * try {
 *   const { deeplink } = await diia.sharing.createDeeplink(branchId, { offerId, requestId });
 * } catch (e) {
 *   if (e instanceof DiiaApiError && e.code === "HTTP_ERROR" && e.status === 422) console.log(e.diiaError?.data);
 * }
 */
import { z } from "zod";
import { type BranchesApi, createBranchesApi } from "./branches.ts";
import { createHttp, type DiiaLogger, validate } from "./http.ts";
import { createOffersApi, type OffersApi } from "./offers.ts";
import { createSession } from "./session.ts";
import { createSharingApi, type SharingApi } from "./sharing.ts";

export type { DiiaLogger, DiiaRequestLog } from "./http.ts";
export type { BranchesApi, OffersApi, SharingApi };

export interface DiiaClientOptions {
  /** `https://api2.diia.gov.ua` (production), `https://api2s.diia.gov.ua` (test) or the sandbox. */
  baseUrl: string;
  /** The partner's secret that goes in the auth URL path. */
  acquirerToken: string;
  /** Optional Basic credential sent on the auth call. */
  authAcquirerToken?: string;
  /** Per attempt, covering the whole answer; default 10 000. */
  timeoutMs?: number;
  /** Extra attempts for calls safe to repeat, on network errors, timeouts and 500/502/503/504; default 2. */
  retries?: number;
  /** First backoff delay, doubled each retry (with jitter); default 200. */
  retryBaseDelayMs?: number;
  fetch?: typeof fetch;
  logger?: DiiaLogger;
  /** Clock for the session-token cache, ms since epoch; default `Date.now`. */
  now?: () => number;
}

export interface DiiaClient {
  branches: BranchesApi;
  offers: OffersApi;
  sharing: SharingApi;
}

const OptionsSchema = z.object({
  baseUrl: z.url({ protocol: /^https?$/ }),
  acquirerToken: z.string().min(1),
  authAcquirerToken: z.string().min(1).optional(),
  timeoutMs: z.number().int().positive().default(10_000),
  retries: z.number().int().min(0).max(10).default(2),
  retryBaseDelayMs: z.number().min(0).default(200),
  fetch: z.custom<typeof fetch>((v) => typeof v === "function").default(() => globalThis.fetch),
  logger: z
    .custom<DiiaLogger>(
      (v) =>
        typeof v === "object" &&
        v !== null &&
        typeof (v as DiiaLogger).debug === "function" &&
        typeof (v as DiiaLogger).warn === "function",
      "expected { debug, warn } functions",
    )
    .optional(),
  now: z.custom<() => number>((v) => typeof v === "function").default(() => Date.now),
});

/** Builds a client; throws `DiiaApiError` BAD_REQUEST when an option is invalid (values are never echoed). */
export function createDiiaClient(options: DiiaClientOptions): DiiaClient {
  const config = validate(OptionsSchema, options, "Diia client options");
  const secrets = [config.acquirerToken, ...(config.authAcquirerToken ? [config.authAcquirerToken] : [])];
  const http = createHttp({
    baseUrl: config.baseUrl.replace(/\/+$/, ""),
    timeoutMs: config.timeoutMs,
    retries: config.retries,
    retryBaseDelayMs: config.retryBaseDelayMs,
    fetch: config.fetch,
    logger: config.logger,
    secrets,
  });
  const session = createSession(http, {
    acquirerToken: config.acquirerToken,
    authAcquirerToken: config.authAcquirerToken,
    now: config.now,
  });
  return {
    branches: createBranchesApi(session),
    offers: createOffersApi(session),
    sharing: createSharingApi(session),
  };
}
