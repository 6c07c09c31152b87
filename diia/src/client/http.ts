/**
 * Internal HTTP layer of the Diia client (not exported from the package): one JSON call with timeout, typed
 * errors, redaction of secrets, logging, and retries for calls that are safe to repeat.
 *
 * @example
 * const http = createHttp({ baseUrl, timeoutMs: 10_000, retries: 2, retryBaseDelayMs: 200, fetch, secrets: [token] });
 * const { success } = await http.send({ method: "POST", path: "/api/v1/acquirers/document-identification",
 *   body, authorization: `Bearer ${session}`, response: SuccessResponseSchema, idempotent: false });
 */
import type { z } from "zod";
import { DiiaApiError, type DiiaApiErrorCode } from "../errors.ts";
import { type DiiaErrorBody, DiiaErrorBodySchema } from "./schemas.ts";

/** What the optional logger receives for each attempt; `path` never contains tokens. */
export interface DiiaRequestLog {
  method: string;
  path: string;
  /** HTTP status, absent when no answer came (timeout, network). */
  status?: number;
  ms: number;
  attempt: number;
  code?: DiiaApiErrorCode;
}

/** A pino-like logger (`logger.debug(fields, message)`). */
export interface DiiaLogger {
  debug(fields: DiiaRequestLog, message: string): void;
  warn(fields: DiiaRequestLog, message: string): void;
}

export interface HttpConfig {
  baseUrl: string;
  timeoutMs: number;
  retries: number;
  retryBaseDelayMs: number;
  fetch: typeof fetch;
  logger?: DiiaLogger | undefined;
  /** Values that must never reach messages, excerpts or logs (acquirer tokens). */
  secrets: readonly string[];
}

export interface HttpRequest<T> {
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, number | undefined>;
  body?: unknown;
  authorization?: string;
  /** Schema of the JSON answer; without one the answer body is ignored (DELETE may answer empty or 204). */
  response?: z.ZodType<T>;
  /** Whether sending the call twice cannot do anything twice; only such calls are retried. */
  idempotent: boolean;
}

export interface Http {
  send<T>(request: HttpRequest<T>): Promise<T>;
  /** Adds a secret learnt at run time (a session token) to what is redacted. */
  remember(secret: string): void;
}

const EXCERPT_CHARS = 500;
// A 500 from a read is usually transient too; 502/503/504 are gateways and an overloaded Diia (auth answers 503).
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504]);
const REDACTED = "[redacted]";
// JWT-shaped strings, long token-like runs, and credentials after an auth scheme.
const TOKEN_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/eyJ[\w-]*\.[\w-]*(?:\.[\w-]*)*/g, REDACTED],
  [/[A-Za-z0-9+/_=-]{32,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+\S+/gi, `$1 ${REDACTED}`],
];

export function createHttp(config: HttpConfig): Http {
  const secrets = new Set(config.secrets.filter((s) => s.length > 0));
  // Session tokens are kept only while they can still show up: the current one and the one before.
  let sessionSecrets: string[] = [];

  const redact = (text: string): string => {
    let out = text;
    for (const secret of [...secrets, ...sessionSecrets]) {
      out = out.replaceAll(secret, REDACTED).replaceAll(encodeURIComponent(secret), REDACTED);
    }
    for (const [pattern, replacement] of TOKEN_PATTERNS) out = out.replace(pattern, replacement);
    return out;
  };

  const redactDeep = (value: unknown): unknown => {
    if (typeof value === "string") return redact(value);
    if (Array.isArray(value)) return value.map(redactDeep);
    if (value !== null && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v)]));
    }
    return value;
  };

  const log = (level: "debug" | "warn", fields: DiiaRequestLog, message: string): void => {
    config.logger?.[level](fields, message);
  };

  async function attempt<T>(request: HttpRequest<T>, url: string, safePath: string, n: number): Promise<T> {
    const started = performance.now();
    const fields = (status?: number, code?: DiiaApiErrorCode): DiiaRequestLog => ({
      method: request.method,
      path: safePath,
      ...(status === undefined ? {} : { status }),
      ms: Math.round(performance.now() - started),
      attempt: n,
      ...(code === undefined ? {} : { code }),
    });
    const fail = (error: DiiaApiError): DiiaApiError => {
      log("warn", fields(error.status, error.code), "diia request failed");
      return error;
    };

    const headers: Record<string, string> = {
      Accept: request.method === "DELETE" ? "*/*" : "application/json",
    };
    if (request.authorization !== undefined) headers.Authorization = request.authorization;
    if (request.body !== undefined) headers["Content-Type"] = "application/json; charset=utf-8";

    let status: number | undefined;
    let text: string;
    try {
      const response = await config.fetch(url, {
        method: request.method,
        headers,
        ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
        signal: AbortSignal.timeout(config.timeoutMs),
      });
      status = response.status;
      // The timeout signal also covers reading the body, so a stalled body ends as TIMEOUT as well.
      text = await response.text();
    } catch (cause) {
      const timedOut =
        cause instanceof Error && (cause.name === "TimeoutError" || cause.name === "AbortError");
      throw fail(
        timedOut
          ? new DiiaApiError("TIMEOUT", `Diia did not answer ${request.method} ${safePath} in time`, {
              status,
              cause,
            })
          : new DiiaApiError("NETWORK", `could not reach Diia for ${request.method} ${safePath}`, {
              status,
              cause,
            }),
      );
    }

    const bodyExcerpt = text.length > 0 ? redact(text).slice(0, EXCERPT_CHARS) : undefined;
    if (status < 200 || status > 299) {
      const diiaError = parseDiiaError(text);
      throw fail(
        new DiiaApiError(
          status === 401 ? "UNAUTHORIZED" : "HTTP_ERROR",
          `Diia answered ${status} to ${request.method} ${safePath}`,
          {
            status,
            bodyExcerpt,
            ...(diiaError === undefined ? {} : { diiaError: redactDeep(diiaError) as DiiaErrorBody }),
          },
        ),
      );
    }
    log("debug", fields(status), "diia request");
    if (request.response === undefined) return undefined as T;

    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw fail(
        new DiiaApiError("BAD_RESPONSE", `Diia answered ${request.method} ${safePath} with non-JSON`, {
          status,
          bodyExcerpt,
          cause,
        }),
      );
    }
    const parsed = request.response.safeParse(json);
    if (!parsed.success) {
      throw fail(
        new DiiaApiError(
          "BAD_RESPONSE",
          `Diia answered ${request.method} ${safePath} with an unexpected shape: ${describeIssues(parsed.error)}`,
          { status, bodyExcerpt, cause: parsed.error },
        ),
      );
    }
    return parsed.data;
  }

  return {
    remember(secret) {
      if (secret.length > 0 && !sessionSecrets.includes(secret))
        sessionSecrets = [secret, ...sessionSecrets].slice(0, 2);
    },
    async send(request) {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(request.query ?? {})) {
        if (value !== undefined) search.set(key, String(value));
      }
      const pathWithQuery = search.size > 0 ? `${request.path}?${search}` : request.path;
      const url = config.baseUrl + pathWithQuery;
      // Segment by segment: the long-run pattern would otherwise swallow a whole long path such as
      // /api/v1/acquirers/document-request, while a token in one segment is still caught.
      const safePath = pathWithQuery.split("/").map(redact).join("/");
      // Retrying a call that creates something or starts a delivery could do it twice (a second branch, a
      // second document request that burns the single-use barcode), since a timeout does not say whether Diia
      // acted. So only idempotent calls are retried.
      const maxAttempts = request.idempotent ? config.retries + 1 : 1;
      for (let n = 1; ; n++) {
        try {
          return await attempt(request, url, safePath, n);
        } catch (error) {
          if (n >= maxAttempts || !isTransient(error)) throw error;
          // Exponential backoff with full jitter so clients that failed together do not come back together.
          const delay = config.retryBaseDelayMs * 2 ** (n - 1) * (0.5 + Math.random() / 2);
          await new Promise((resolve) => setTimeout(resolve, delay));
        }
      }
    },
  };
}

function isTransient(error: unknown): boolean {
  if (!(error instanceof DiiaApiError)) return false;
  if (error.code === "TIMEOUT" || error.code === "NETWORK") return true;
  return error.code === "HTTP_ERROR" && error.status !== undefined && TRANSIENT_STATUSES.has(error.status);
}

function parseDiiaError(text: string): DiiaErrorBody | undefined {
  try {
    const parsed = DiiaErrorBodySchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Field paths and rule messages only: zod messages name limits and types, never the offending values. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join(".") : "(root)"}: ${issue.message}`)
    .join("; ");
}

/** Validates a caller's input, turning a failure into BAD_REQUEST before anything is sent. */
export function validate<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new DiiaApiError("BAD_REQUEST", `invalid ${what}: ${describeIssues(parsed.error)}`, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}
