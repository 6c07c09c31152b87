// Failures of the scan screen; `code` keys into i18n `errors`, so every failure has a teller-facing sentence.
import { AppError } from "../../../lib/errors.ts";

export type ScanErrorCode =
  | "NO_CAMERA"
  | "PERMISSION_DENIED"
  | "CAMERA_BUSY"
  | "CAMERA_FAILED"
  | "DECODER_FAILED"
  | "NOT_DIIA_QR"
  | "BAD_BARCODE";

export class ScanError extends AppError<ScanErrorCode> {}

/** Maps a getUserMedia rejection (a DOMException by name) to what the teller can act on. */
export function cameraError(cause: unknown): ScanError {
  const name = cause instanceof Error || cause instanceof DOMException ? cause.name : "";
  if (name === "NotAllowedError" || name === "SecurityError") {
    return new ScanError("PERMISSION_DENIED", "camera permission denied", { cause });
  }
  if (name === "NotFoundError" || name === "OverconstrainedError") {
    return new ScanError("NO_CAMERA", "no camera", { cause });
  }
  if (name === "NotReadableError" || name === "AbortError") {
    return new ScanError("CAMERA_BUSY", "camera busy", { cause });
  }
  return new ScanError("CAMERA_FAILED", "camera failed", { cause });
}
