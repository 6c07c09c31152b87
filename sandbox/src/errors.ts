/**
 * The sandbox's one error class. `code` is stable for programs and tests; messages never carry tokens or
 * personal data. Partner-API errors also carry the Diia error body they become on the wire.
 *
 * @example
 * throw new SandboxError("CODE_EXPIRED", "Code has been expired!", { data: { now, expirationDate } });
 */
import { DiiaError } from "@stiika/diia";

export type SandboxErrorCode =
  | "BAD_CONFIG"
  | "BAD_STATE_FILE"
  | "BAD_JSON"
  | "VALIDATION"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "CODE_USED"
  | "CODE_EXPIRED"
  | "CODE_UNKNOWN"
  | "INJECTED_FAULT"
  | "WRONG_PIN";

export class SandboxError extends DiiaError<SandboxErrorCode> {
  /** Diia's `data` member of the error body (validation issues, code expiry times). */
  readonly data: Record<string, unknown>;
  constructor(
    code: SandboxErrorCode,
    message: string,
    options: { data?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.data = options.data ?? {};
  }
}
