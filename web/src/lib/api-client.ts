/**
 * The one way the web app talks to the server (`docs/api.md`): same-origin JSON with the session cookie, the
 * `X-CSRF-Token` header on every state-changing call, responses checked with zod, and every failure — the server's
 * `{error:{code,message}}`, a dropped connection, a body that is not what the contract says — thrown as `ApiError`.
 *
 * @example
 * setCsrfToken(login.csrfToken);
 * const { services } = await apiRequest("/api/services", { schema: servicesResponse });
 * try { await apiRequest("/api/requests", { method: "POST", body, schema }) }
 * catch (e) { if (e instanceof ApiError && e.code === "BARCODE_CHECKSUM") … }
 */
import { z } from "zod";
import { AppError } from "./errors.ts";

/** Codes the server sends (see server/src/errors.ts and docs/api.md), plus the client's own three. */
export type ApiErrorCode =
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "SESSION_EXPIRED"
  | "BAD_CREDENTIALS"
  | "RATE_LIMITED"
  | "PASSWORD_CHANGE_REQUIRED"
  | "WEAK_PASSWORD"
  | "CSRF_REJECTED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "BARCODE_CHECKSUM"
  | "NOT_DIIA_QR"
  | "INTERNAL"
  /** No answer: offline, server down, connection dropped. */
  | "NETWORK"
  /** An answer that breaks the contract (not JSON, wrong shape). */
  | "BAD_RESPONSE"
  /** Any other code the server may add; kept as sent so callers can still log it. */
  | (string & {});

export class ApiError extends AppError<ApiErrorCode> {
  /** HTTP status, 0 when there was no answer. */
  readonly status: number;
  /** When the server says trying again makes sense (a sign-in limit, a lockout). */
  readonly retryAfterSeconds: number | undefined;
  /** Wrong PINs still allowed before the locked session ends. */
  readonly attemptsLeft: number | undefined;
  constructor(
    code: ApiErrorCode,
    message: string,
    status: number,
    options?: { cause?: unknown; retryAfterSeconds?: number; attemptsLeft?: number },
  ) {
    super(code, message, options);
    this.status = status;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.attemptsLeft = options?.attemptsLeft;
  }
}

const errorBody = z.object({
  error: z.object({
    code: z.string().min(1),
    message: z.string(),
    retryAfterSeconds: z.number().int().nonnegative().optional(),
    attemptsLeft: z.number().int().nonnegative().optional(),
  }),
});

let csrfToken: string | null = null;
const unauthenticatedListeners = new Set<(error: ApiError) => void>();

/** Kept in memory only (never in storage): it lives as long as the page and the session. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** Called when any call finds the session gone (401), so the shell can show the login/lock screen. */
export function onUnauthenticated(listener: (error: ApiError) => void): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

interface RequestOptions<T> {
  method?: "GET" | "POST" | "PUT" | "DELETE";
  body?: unknown;
  schema: z.ZodType<T>;
  signal?: AbortSignal;
}

async function send(path: string, method: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET" && csrfToken) headers["X-CSRF-Token"] = csrfToken;
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      // Answers carry personal data: never let the HTTP cache keep them.
      cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (cause) {
    if (signal?.aborted) throw cause; // a cancelled query, not a failure to show
    throw new ApiError("NETWORK", "Немає зв’язку із сервером. Перевірте мережу і спробуйте ще раз", 0, {
      cause,
    });
  }
  if (!response.ok) throw await toApiError(response);
  return response;
}

async function toApiError(response: Response): Promise<ApiError> {
  const parsed = errorBody.safeParse(await response.json().catch(() => null));
  const error = parsed.success
    ? new ApiError(parsed.data.error.code, parsed.data.error.message, response.status, {
        retryAfterSeconds: parsed.data.error.retryAfterSeconds,
        attemptsLeft: parsed.data.error.attemptsLeft,
      })
    : new ApiError("BAD_RESPONSE", `Сервер відповів помилкою ${response.status}`, response.status);
  if (response.status === 401) for (const listener of unauthenticatedListeners) listener(error);
  return error;
}

/** A JSON call; the answer is validated against `schema`. */
export async function apiRequest<T>(path: string, options: RequestOptions<T>): Promise<T> {
  const response = await send(path, options.method ?? "GET", options.body, options.signal);
  const json: unknown = await response.json().catch(() => undefined);
  const parsed = options.schema.safeParse(json);
  if (!parsed.success) {
    throw new ApiError("BAD_RESPONSE", "Сервер надіслав неочікувану відповідь", response.status, {
      cause: parsed.error,
    });
  }
  return parsed.data;
}

/** A binary download (PDF), never cached by the browser. */
export async function apiBlob(path: string, options: { signal?: AbortSignal } = {}): Promise<Blob> {
  const response = await send(path, "GET", undefined, options.signal);
  return response.blob();
}
