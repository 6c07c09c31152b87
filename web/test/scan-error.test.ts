import { describe, expect, it } from "vitest";
import { scanText } from "../src/features/scan/i18n.ts";
import { cameraError, ScanError } from "../src/features/scan/lib/scan-error.ts";
import { AppError } from "../src/lib/errors.ts";

describe("cameraError", () => {
  it.each([
    ["NotAllowedError", "PERMISSION_DENIED"],
    ["SecurityError", "PERMISSION_DENIED"],
    ["NotFoundError", "NO_CAMERA"],
    ["OverconstrainedError", "NO_CAMERA"],
    ["NotReadableError", "CAMERA_BUSY"],
    ["AbortError", "CAMERA_BUSY"],
    ["TypeError", "CAMERA_FAILED"],
  ])("maps getUserMedia's %s to %s, keeping the cause", (name, code) => {
    const cause = new DOMException("x", name);
    const error = cameraError(cause);
    expect(error).toBeInstanceOf(ScanError);
    expect(error).toBeInstanceOf(AppError);
    expect(error.code).toBe(code);
    expect(error.cause).toBe(cause);
  });

  it("has a Ukrainian and an English sentence for every code", () => {
    for (const code of Object.keys(scanText.uk.errors)) {
      expect(scanText.en.errors).toHaveProperty(code);
    }
    expect(scanText.uk.errors.PERMISSION_DENIED).toMatch(/дозв/i);
  });
});
