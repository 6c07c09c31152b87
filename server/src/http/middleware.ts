import type { ErrorRequestHandler, NextFunction, Request, RequestHandler, Response } from "express";
import type { Logger } from "pino";
import type { z } from "zod";
import { AppError } from "../errors.ts";
import { type Area, canEnter, refuse } from "../services/access.ts";
import { authenticate, csrfMatches, type Session } from "../services/auth.ts";
import type { Services } from "../services/context.ts";

/**
 * Over https the session cookie carries the `__Host-` prefix: the browser then takes it only with Secure, Path=/
 * and no Domain, so a sibling subdomain or a plain-http response cannot plant or overwrite it.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? "__Host-stiika_session" : "stiika_session";
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export function readCookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      // A value that is not valid percent-encoding cannot be one of our tokens: treat it as absent.
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/** The session a `requireSession` middleware put on the response. */
export function sessionOf(res: Response): Session {
  const session = res.locals.session as Session | undefined;
  if (!session) throw new AppError("UNAUTHENTICATED");
  return session;
}

/**
 * CSRF, first line: a state-changing request that carries an Origin header must come from our own origin.
 * Browsers send Origin on every cross-site POST, so a forged form or fetch is refused before any work is done.
 */
export const sameOrigin: RequestHandler = (req, _res, next) => {
  const origin = req.headers.origin;
  if (SAFE_METHODS.has(req.method) || origin === undefined) return next();
  let host: string | undefined;
  try {
    host = new URL(origin).host;
  } catch {
    host = undefined;
  }
  next(host !== undefined && host === req.headers.host ? undefined : new AppError("CSRF_REJECTED"));
};

/**
 * Requires a live session. CSRF, second line (synchronizer token): every state-changing request must also send
 * the session's token in `X-CSRF-Token`; the token is only readable by our own pages (login answer, GET /api/me).
 * While a one-time password is unchanged only the routes marked `allowPasswordChange` work; while the screen is
 * locked (a PIN can reopen it) only those marked `allowLocked` (unlock, logout). `area` (default the counter,
 * open to every role) is the part of the app the route belongs to: services/access.ts decides who enters it.
 */
export function requireSession(
  s: Services,
  opts: { allowPasswordChange?: boolean; allowLocked?: boolean; area?: Area } = {},
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const session = await authenticate(s, readCookie(req, sessionCookieName(req.secure)), {
      allowLocked: opts.allowLocked ?? false,
    });
    if (!SAFE_METHODS.has(req.method) && !csrfMatches(session, req.get("x-csrf-token"))) {
      throw new AppError("CSRF_REJECTED");
    }
    if (session.employee.mustChangePassword && !opts.allowPasswordChange)
      throw new AppError("PASSWORD_CHANGE_REQUIRED");
    refuse(canEnter(session.employee, opts.area ?? "counter"));
    res.locals.session = session;
    next();
  };
}

/** Parses a request part with zod; a mismatch is a BAD_REQUEST naming the fields, never echoing values. */
export function parse<T>(schema: z.ZodType<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) {
    const fields = [...new Set(r.error.issues.map((i) => i.path.join(".") || "тіло запиту"))].join(", ");
    throw new AppError("BAD_REQUEST", `Неправильні або відсутні поля: ${fields}`, { cause: r.error });
  }
  return r.data;
}

/** One line per request: method, path without the query (it may carry codes), status, duration. */
export function requestLog(log: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on("finish", () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      log.info({ method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) }, "request");
    });
    next();
  };
}

/**
 * The client's own fault, found before our code runs: the router's undecodable `%` escape in a path parameter
 * (a URIError with status 400) or body-parser's refusals (a `type` such as `charset.unsupported`, status 4xx).
 * Errors of our dependencies that merely carry a status (an upstream 404) are not the client's fault.
 */
function isClientFault(err: unknown): err is { status: number; type?: string } {
  if (typeof err !== "object" || err === null) return false;
  const { status, type } = err as { status?: unknown; type?: unknown };
  return (
    typeof status === "number" &&
    status >= 400 &&
    status < 500 &&
    (err instanceof URIError || typeof type === "string")
  );
}
const CLIENT_FAULT_MESSAGES: Record<string, string> = {
  "charset.unsupported": "Тіло запиту має бути JSON у кодуванні UTF-8",
  "encoding.unsupported": "Тіло запиту має бути JSON у кодуванні UTF-8",
  "request.aborted": "Запит перервано",
  "request.size.invalid": "Довжина тіла запиту не збігається з заголовком",
};

const NUL_MESSAGE = "Текст у запиті містить недопустимий символ NUL";
/**
 * JSON.parse reviver for API bodies: PostgreSQL text cannot hold U+0000, so a NUL anywhere (a login, a name, a
 * key) is refused while parsing, as the client's fault, before it can reach a query and fail there.
 */
export function refuseNul(key: string, value: unknown): unknown {
  if (key.includes("\u0000") || (typeof value === "string" && value.includes("\u0000")))
    throw new Error(NUL_MESSAGE);
  return value;
}

/** The one error middleware: AppError → its status and code; anything else → a logged 500. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, _req, res, _next) => {
    let e: AppError;
    if (err instanceof AppError) e = err;
    else if (err?.type === "entity.too.large")
      e = new AppError("PAYLOAD_TOO_LARGE", undefined, { cause: err });
    else if (err?.type === "entity.parse.failed")
      e = new AppError("BAD_REQUEST", err.message === NUL_MESSAGE ? NUL_MESSAGE : "Тіло запиту не є JSON", {
        cause: err,
      });
    else if (isClientFault(err))
      e = new AppError(
        "BAD_REQUEST",
        CLIENT_FAULT_MESSAGES[err.type ?? ""] ?? "Адреса запиту закодована неправильно",
        {
          cause: err,
        },
      );
    else {
      // Only the message and stack: driver errors carry row values in other fields.
      log.error({ err: { message: String(err?.message ?? err), stack: err?.stack } }, "unhandled error");
      e = new AppError("INTERNAL", undefined, { cause: err });
    }
    if (e.status >= 500 && e.code !== "INTERNAL")
      log.error({ code: e.code, err: { message: e.message } }, "request failed");
    if (e.retryAfterSeconds !== undefined) res.set("Retry-After", String(e.retryAfterSeconds));
    res.status(e.status).json({
      error: {
        code: e.code,
        message: e.message,
        ...(e.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: e.retryAfterSeconds }),
        ...(e.attemptsLeft === undefined ? {} : { attemptsLeft: e.attemptsLeft }),
      },
    });
  };
}
