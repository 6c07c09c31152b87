/**
 * Build-time settings that reach the browser, validated once with readable errors.
 * `VITE_STIIKA_IDLE_LOCK_SECONDS`: seconds without input before the teller screens lock (default 60, 10–3600).
 *
 * @example
 * import { appConfig } from "../config/app-config.ts";
 * useIdle(appConfig.idleLockMs, lock, { enabled: true });
 */
import { z } from "zod";

const schema = z.object({
  VITE_STIIKA_IDLE_LOCK_SECONDS: z.coerce.number().int().min(10).max(3600).default(60),
});

export function parseAppConfig(env: Record<string, unknown>): { idleLockMs: number } {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`web config is invalid: ${problems}`);
  }
  return { idleLockMs: parsed.data.VITE_STIIKA_IDLE_LOCK_SECONDS * 1000 };
}

export const appConfig = parseAppConfig(import.meta.env);
