/**
 * Sandbox configuration: read once from the environment (or given by tests) and validated with zod, so a bad
 * value stops the start with one clear line per problem.
 *
 * @example
 * const config = loadSandboxConfig(process.env); // SANDBOX_PORT=8790 SANDBOX_DATA_DIR=/tmp/sbx …
 * const config = parseSandboxConfig({ port: 0, dataDir: tmp, retryDelaysMs: [10, 20] });
 */
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { SandboxError } from "./errors.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Diia's callback retry policy is undocumented; this is the sandbox's choice (see README). */
export const DEFAULT_RETRY_DELAYS_MS = [1_000, 5_000, 30_000, 120_000, 600_000];

const httpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });
const token = z
  .string()
  .regex(/^[A-Za-z0-9._~-]{8,256}$/, "must be 8–256 URL-safe characters (letters, digits, . _ ~ -)");

export const sandboxConfigSchema = z.object({
  port: z.coerce
    .number({ error: "must be a port number (0–65535)" })
    .int("must be a port number (0–65535)")
    .min(0, "must be a port number (0–65535)")
    .max(65535, "must be a port number (0–65535)")
    .default(8790),
  host: z.string().min(1).default("127.0.0.1"),
  /** Acquirer token partners put in the auth URL; generated once and stored in the data dir when absent. */
  acquirerToken: token.optional(),
  /** When set, the auth call must carry `Authorization: Basic <this>`; otherwise any or no header passes. */
  authAcquirerToken: token.optional(),
  dataDir: z.string().min(1).default(`${REPO_ROOT}.data/sandbox`),
  /** Where the PKI lives; defaults to `<dataDir>/pki`. Tests share one to generate keys once. */
  pkiDir: z.string().min(1).optional(),
  callbackUrl: httpUrl.default("http://127.0.0.1:8080/api/diia/callback"),
  /** Base URL people and partners reach the sandbox at; defaults to the listening address. */
  publicUrl: httpUrl.optional(),
  /**
   * Base URL new certificates name for OCSP, the CRL and the CA certificate; defaults to the public URL, else the
   * listening address.
   */
  pkiUrl: httpUrl.optional(),
  /** Partner name Diia shows to citizens and prints on copies (Diia knows it from onboarding). */
  partnerName: z.string().min(1).max(200).default("Стійка Демо Банк"),
  retryDelaysMs: z
    .array(z.number({ error: "must be milliseconds" }).int().min(0), {
      error: "must be a list of milliseconds",
    })
    .max(20)
    .default(DEFAULT_RETRY_DELAYS_MS),
  callbackTimeoutMs: z.number({ error: "must be milliseconds" }).int().min(1).default(30_000),
  codeLifetimeMs: z
    .number()
    .int()
    .min(1)
    .default(3 * 60_000),
  sessionLifetimeMs: z
    .number()
    .int()
    .min(1)
    .default(2 * 60 * 60_000),
  /** Where one-line operational messages go (never tokens or personal data). */
  log: z.custom<(line: string) => void>((v) => typeof v === "function").default(() => () => {}),
});

export type SandboxConfig = z.output<typeof sandboxConfigSchema>;
export type SandboxConfigInput = z.input<typeof sandboxConfigSchema>;

export function parseSandboxConfig(input: SandboxConfigInput): SandboxConfig {
  const result = sandboxConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `${i.path.join(".") || "config"}: ${i.message}`);
  throw new SandboxError("BAD_CONFIG", `Invalid sandbox configuration:\n${lines.join("\n")}`, {
    cause: result.error,
  });
}

const ENV_NAMES: Record<string, keyof SandboxConfigInput> = {
  SANDBOX_PORT: "port",
  SANDBOX_HOST: "host",
  SANDBOX_ACQUIRER_TOKEN: "acquirerToken",
  SANDBOX_AUTH_ACQUIRER_TOKEN: "authAcquirerToken",
  SANDBOX_DATA_DIR: "dataDir",
  SANDBOX_PKI_DIR: "pkiDir",
  SANDBOX_CALLBACK_URL: "callbackUrl",
  SANDBOX_PUBLIC_URL: "publicUrl",
  SANDBOX_PKI_URL: "pkiUrl",
  SANDBOX_PARTNER_NAME: "partnerName",
  SANDBOX_RETRY_DELAYS_MS: "retryDelaysMs",
  SANDBOX_CALLBACK_TIMEOUT_MS: "callbackTimeoutMs",
};
const NUMBER_KEYS = new Set<keyof SandboxConfigInput>(["callbackTimeoutMs"]);

/** Reads `SANDBOX_*` variables; empty values count as unset. Errors name the variable, not the field. */
export function loadSandboxConfig(
  env: Record<string, string | undefined>,
  extra: Partial<SandboxConfigInput> = {},
): SandboxConfig {
  const input: Record<string, unknown> = {};
  for (const [name, key] of Object.entries(ENV_NAMES)) {
    const raw = env[name]?.trim();
    if (!raw) continue;
    if (key === "retryDelaysMs")
      input[key] = raw.split(",").map((s) => (/^\s*\d+\s*$/.test(s) ? Number(s) : s));
    else if (NUMBER_KEYS.has(key)) input[key] = /^\d+$/.test(raw) ? Number(raw) : raw;
    else input[key] = raw;
  }
  try {
    return parseSandboxConfig({ ...input, ...extra } as SandboxConfigInput);
  } catch (error) {
    if (!(error instanceof SandboxError)) throw error;
    let message = error.message;
    for (const [name, key] of Object.entries(ENV_NAMES)) {
      message = message.replaceAll(new RegExp(`^${key}(?=[.:])`, "gm"), name);
    }
    throw new SandboxError("BAD_CONFIG", message, { cause: error.cause });
  }
}
