/**
 * The acquirer session: `GET /api/v1/auth/acquirer/{acquirer_token}` gives a session token living 2 hours (no
 * refresh endpoint exists, spec §1). The token is cached until 5 minutes before that, one fetch is in flight at a
 * time (concurrent callers share it), and a 401 on any call refreshes once and retries that call once.
 *
 * @example
 * const session = createSession(http, { acquirerToken, authAcquirerToken, now: Date.now });
 * const branch = await session.call({ method: "GET", path: `/api/v2/acquirers/branch/${id}`,
 *   response: BranchSchema, idempotent: true });
 */
import { DiiaApiError } from "../errors.ts";
import type { Http, HttpRequest } from "./http.ts";
import { SessionTokenResponseSchema } from "./schemas.ts";

/** Diia's acquirer session lifetime (`acquirerRefreshTokenLifetime`, spec §1). */
export const SESSION_LIFETIME_MS = 2 * 60 * 60 * 1000;
/** Refresh this much early so a token never expires between our check and Diia's. */
export const SESSION_REFRESH_MARGIN_MS = 5 * 60 * 1000;

export interface SessionOptions {
  acquirerToken: string;
  authAcquirerToken?: string | undefined;
  /** Clock in ms since epoch; injectable so tests can move time. */
  now: () => number;
}

export interface DiiaSession {
  /** The current session token, fetched when missing or about to expire. */
  token(): Promise<string>;
  /** Sends `request` with `Authorization: Bearer <session token>`; on 401 refreshes once and retries once. */
  call<T>(request: Omit<HttpRequest<T>, "authorization">): Promise<T>;
}

export function createSession(http: Http, options: SessionOptions): DiiaSession {
  let cached: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const { token } = await http.send({
      method: "GET",
      path: `/api/v1/auth/acquirer/${encodeURIComponent(options.acquirerToken)}`,
      ...(options.authAcquirerToken === undefined
        ? {}
        : { authorization: `Basic ${options.authAcquirerToken}` }),
      response: SessionTokenResponseSchema,
      idempotent: true,
    });
    http.remember(token);
    cached = { token, refreshAt: options.now() + SESSION_LIFETIME_MS - SESSION_REFRESH_MARGIN_MS };
    return token;
  };

  const token = (): Promise<string> => {
    if (cached !== undefined && options.now() < cached.refreshAt) return Promise.resolve(cached.token);
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };

  return {
    token,
    async call(request) {
      const first = await token();
      try {
        return await http.send({ ...request, authorization: `Bearer ${first}` });
      } catch (error) {
        if (!(error instanceof DiiaApiError && error.code === "UNAUTHORIZED")) throw error;
        // Only drop the token that was refused: a concurrent caller may already have fetched a fresh one.
        if (cached?.token === first) cached = undefined;
        // A 401 means Diia refused the call before acting on it, so one retry is safe even for creating calls.
        // A second 401 propagates as UNAUTHORIZED.
        return await http.send({ ...request, authorization: `Bearer ${await token()}` });
      }
    },
  };
}
