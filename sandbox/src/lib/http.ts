// Request validation and Diia-shaped error bodies (`{name, message, code, data}`, HTTP status = code; spec §2).
import type { ErrorRequestHandler } from "express";
import type { z } from "zod";
import { SandboxError, type SandboxErrorCode } from "../errors.ts";

const WIRE: Record<SandboxErrorCode, { status: number; name: string }> = {
  BAD_JSON: { status: 400, name: "BadRequestError" },
  CODE_USED: { status: 400, name: "BadRequestError" },
  CODE_EXPIRED: { status: 400, name: "BadRequestError" },
  UNAUTHORIZED: { status: 401, name: "UnauthorizedError" },
  FORBIDDEN: { status: 403, name: "AccessDeniedError" },
  WRONG_PIN: { status: 403, name: "AccessDeniedError" },
  NOT_FOUND: { status: 404, name: "NotFoundError" },
  CODE_UNKNOWN: { status: 404, name: "NotFoundError" },
  CONFLICT: { status: 409, name: "ConflictError" },
  VALIDATION: { status: 422, name: "ValidationError" },
  INJECTED_FAULT: { status: 503, name: "ServiceUnavailableError" },
  BAD_CONFIG: { status: 500, name: "InternalServerError" },
  BAD_STATE_FILE: { status: 500, name: "InternalServerError" },
};

export function diiaErrorBody(error: SandboxError, status = WIRE[error.code].status) {
  return {
    status,
    body: { name: WIRE[error.code].name, message: error.message, code: status, data: error.data },
  };
}

/** Parses `input` or throws Diia's 422 "Parameter validation error" with one `data.errors` entry per issue. */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    type: issue.code,
    message: issue.message,
    field: issue.path.join(".") || "body",
    ...("expected" in issue ? { expected: issue.expected } : {}),
  }));
  throw new SandboxError("VALIDATION", "Parameter validation error", {
    data: { errors },
    cause: result.error,
  });
}

/** Last middleware: known errors become Diia bodies; anything else a logged, content-free 500. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) return;
    if (error instanceof SandboxError) {
      const { status, body } = diiaErrorBody(error);
      res.status(status).json(body);
      return;
    }
    // body-parser errors: malformed JSON, wrong encoding, too large.
    const status = typeof error?.status === "number" && error.status < 500 ? error.status : 500;
    // The route pattern, not the path: the auth path carries the acquirer token.
    const route = req.route?.path ?? "an unmatched route";
    if (status === 500) log(`internal error on ${req.method} ${route}: ${error?.name ?? "Error"}`);
    const name = status === 500 ? "InternalServerError" : "BadRequestError";
    const message = status === 500 ? "Internal server error" : "Request body is not valid JSON";
    res.status(status).json({ name, message, code: status, data: {} });
  };
}
