// Server failures in the teller's language: every code the server can send has a sentence in both languages here
// (read from the server's own list, so a new code there fails this test until it is worded), English mode shows
// ours, Ukrainian the server's own (possibly more precise) sentence.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/lib/api-client.ts";
import { errorText, knowsErrorCode } from "../src/lib/error-text.ts";

const serverErrors = readFileSync(new URL("../../server/src/errors.ts", import.meta.url), "utf8");
const serverCodes = [
  ...(/export type AppErrorCode =([^;]+);/.exec(serverErrors)?.[1] ?? "").matchAll(/"([A-Z_]+)"/g),
].map((m) => m[1] ?? "");

describe("errorText", () => {
  it("has a sentence for every code the server sends (CONFIG_INVALID never leaves the server)", () => {
    expect(serverCodes.length).toBeGreaterThan(20);
    expect(serverCodes.filter((c) => c !== "CONFIG_INVALID" && !knowsErrorCode(c))).toEqual([]);
  });

  it("speaks English in English mode although the server answered in Ukrainian", () => {
    const e = new ApiError("NOT_FOUND", "Працівника не знайдено", 404);
    expect(errorText(e, "en")).toBe("Not found");
    expect(errorText(e, "uk")).toBe("Працівника не знайдено");
    const offline = new ApiError(
      "NETWORK",
      "Немає зв’язку із сервером. Перевірте мережу і спробуйте ще раз",
      0,
    );
    expect(errorText(offline, "en")).toBe("No connection to the server. Check the network and try again");
    expect(errorText(offline, "uk")).toMatch(/^Немає зв’язку/);
  });

  it("words a code it does not know yet instead of showing it raw", () => {
    const e = new ApiError("SOMETHING_NEW", "Щось нове", 409);
    expect(errorText(e, "en")).toMatch(/^The server refused/);
    expect(errorText(e, "uk")).toBe("Щось нове");
    expect(errorText(new Error("boom"), "en")).not.toContain("boom");
  });

  it("says when a refused sign-in may try again, and how many PIN tries are left", () => {
    const now = new Date(2026, 11, 1, 14, 0, 0).getTime();
    const limited = new ApiError("RATE_LIMITED", "Забагато спроб входу. Спробуйте пізніше", 429, {
      retryAfterSeconds: 12 * 60,
    });
    expect(errorText(limited, "uk", now)).toBe(
      "Забагато спроб входу. Спробуйте знову о 14:12 (через 12 хв).",
    );
    expect(errorText(limited, "en", now)).toBe("Too many sign-in attempts. Try again at 14:12 (in 12 min).");
    const pin = new ApiError("PIN_WRONG", "Неправильний PIN", 403, { attemptsLeft: 1 });
    expect(errorText(pin, "uk")).toBe("Неправильний PIN. Залишилось спроб: 1");
  });
});
