/**
 * The server's configuration, read once at start from the environment and validated with zod. Every bad value is
 * reported by name with what is expected; values themselves are never echoed (some are secrets). Secrets may be
 * given directly or as `<NAME>_FILE` (a path whose content is the secret), never both.
 *
 * @example
 * const config = loadConfig(process.env); // throws AppError("CONFIG_INVALID") listing every problem
 * console.log(config.port, config.databaseUrl ? "postgres" : "pglite");
 */
import { existsSync, readFileSync } from "node:fs";
import { availableParallelism, homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { AppError } from "./errors.ts";
import { type Cidr, parseCidr } from "./lib/cidr.ts";

const REPO_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** Variables that may hold secrets: accepted as `<NAME>_FILE` too, and never logged. */
const SECRET_NAMES = [
  "DATABASE_URL",
  "STIIKA_ADMIN_PASSWORD",
  "STIIKA_DATA_KEY",
  "STIIKA_NEW_DATA_KEY",
  "DIIA_ACQUIRER_TOKEN",
  "DIIA_AUTH_ACQUIRER_TOKEN",
  "DIIA_KEY_PASSWORD",
] as const;

const intIn = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const existingFile = z.string().refine((p) => existsSync(p), "file does not exist");
const fileList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(existingFile.describe("file")));

const base64Key = z
  .string()
  .refine((s) => /^[A-Za-z0-9+/]{43}=$/.test(s.trim()), "must be 32 bytes in base64 (44 characters)")
  .transform((s) => Buffer.from(s.trim(), "base64"));

/** Comma-separated IPv4/IPv6 addresses or CIDR blocks. */
const cidrList = z
  .string()
  .transform((s) =>
    s
      .split(",")
      .map((p) => p.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.string().refine((c) => parseCidr(c) !== undefined, "must be IP addresses or CIDR blocks")))
  .transform((list) => list.map((c) => parseCidr(c) as Cidr));

/**
 * Which proxies may set X-Forwarded-For/-Proto: `false`, a hop count (the proxies in front of us), or the proxies'
 * addresses. Never "every hop": then a client's own X-Forwarded-For picks the address that rate limits see.
 */
const trustProxy = z.string().transform((raw, ctx): false | number | string[] => {
  const s = raw.trim();
  if (s === "false" || s === "0") return false;
  if (/^\d{1,2}$/.test(s) && Number(s) <= 10) return Number(s);
  const list = s
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean);
  if (list.length > 0 && list.every((c) => parseCidr(c) !== undefined)) return list;
  ctx.addIssue({
    code: "custom",
    message:
      "must be false, a hop count (1–10) or a comma-separated list of the proxies' IP addresses / CIDR blocks (true, trusting every hop, is refused)",
  });
  return z.NEVER;
});

const schema = z.object({
  PORT: intIn(0, 65535).default(8080),
  HOST: z.string().min(1).default("0.0.0.0"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  LOG_FORMAT: z.enum(["json", "pretty"], "must be json or pretty").default("json"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL")
    .optional(),
  STIIKA_DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, ".data/server")),
  STIIKA_WEB_DIST: z.string().min(1).default(path.join(REPO_ROOT, "web/dist")),
  STIIKA_ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").optional(),
  STIIKA_SESSION_IDLE_MINUTES: intIn(1, 24 * 60).default(10),
  STIIKA_SESSION_MAX_HOURS: intIn(1, 7 * 24).default(12),
  STIIKA_LOGIN_RATE_LIMIT: intIn(1, 10_000).default(5),
  STIIKA_LOGIN_RATE_WINDOW_MINUTES: intIn(1, 24 * 60).default(15),
  STIIKA_RETENTION_DAYS: intIn(1, 3650).default(30),
  STIIKA_RETENTION_INTERVAL_MINUTES: intIn(1, 7 * 24 * 60).default(60),
  STIIKA_REQUEST_TTL_SECONDS: intIn(10, 24 * 3600).optional(),
  STIIKA_TELLER_ACCESS_MINUTES: intIn(1, 7 * 24 * 60).default(60),
  STIIKA_STATUS_POLL_SECONDS: intIn(1, 3600).default(3),
  STIIKA_SWEEP_SECONDS: intIn(1, 3600).default(5),
  STIIKA_UNWRAP_WORKERS: intIn(1, 16).optional(),
  SANDBOX_DATA_DIR: z.string().min(1).default(path.join(REPO_ROOT, ".data/sandbox")),
  STIIKA_DIIA_WAIT_SECONDS: intIn(0, 3600).default(300),
  STIIKA_DATA_KEY: base64Key.optional(),
  STIIKA_NEW_DATA_KEY: base64Key.optional(),
  STIIKA_KEY_DIR: z.string().min(1).optional(),
  STIIKA_TRUST_PROXY: trustProxy.default(false),
  DIIA_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
    .default("http://127.0.0.1:8790"),
  DIIA_ACQUIRER_TOKEN: z.string().min(1).optional(),
  DIIA_AUTH_ACQUIRER_TOKEN: z.string().min(1).optional(),
  DIIA_KEY_FILE: existingFile.optional(),
  DIIA_KEY_PASSWORD: z.string().min(1).optional(),
  DIIA_KEY_CERT_FILES: fileList.default([]),
  DIIA_TRUSTED_CERT_FILES: fileList.default([]),
  DIIA_SIGNING_CA_FILES: fileList.default([]),
  DIIA_TIMEOUT_SECONDS: intIn(1, 120).default(10),
  // Sent to Diia for a branch whose admin has not set its own contact e-mail yet (the main branch at first start).
  DIIA_CONTACT_EMAIL: z.email("must be an e-mail address").default("branch@stiika.example.com"),
  DIIA_CALLBACK_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9/_.-]*$/, "must be a URL path starting with /")
    .default("/api/diia/callback"),
  DIIA_CALLBACK_ALLOWED_IPS: cidrList.optional(),
  STIIKA_CALLBACK_MAX_UPLOADS: intIn(1, 1000).default(8),
  STIIKA_CALLBACK_MAX_IN_FLIGHT_MB: intIn(1, 16_384).default(256),
  STIIKA_CALLBACK_READ_TIMEOUT_SECONDS: intIn(1, 3600).default(60),
  STIIKA_CALLBACK_RATE_LIMIT: intIn(1, 1_000_000).default(120),
  STIIKA_CALLBACK_KEEP_MB: intIn(0, 16_384).default(64),
  STIIKA_CLOCK_SKEW_SECONDS: intIn(0, 3600).default(120),
  STIIKA_REVOCATION: z.enum(["require", "soft-fail"], "must be require or soft-fail").default("require"),
  STIIKA_REVOCATION_TIMEOUT_SECONDS: intIn(1, 60).default(5),
});

export interface Config {
  port: number;
  host: string;
  logLevel: z.infer<typeof schema>["LOG_LEVEL"];
  logFormat: z.infer<typeof schema>["LOG_FORMAT"];
  /** Real PostgreSQL when set; otherwise embedded PGlite in `<dataDir>/db`. */
  databaseUrl: string | undefined;
  dataDir: string;
  webDist: string;
  adminPassword: string | undefined;
  sessionIdleMs: number;
  sessionMaxMs: number;
  loginRateLimit: number;
  loginRateWindowMs: number;
  retentionDays: number;
  retentionIntervalMs: number;
  /** Lifetime of a waiting request: the configured one, else 300 s for codes and 900 s for deeplinks. */
  requestTtlMs: { code: number; deeplink: number };
  /** How long the teller who asked may open the documents (managers of the branch always may). */
  tellerAccessMs: number;
  statusPollMs: number;
  sweepMs: number;
  unwrapWorkers: number;
  /** AES-256 data key; undefined means "use or create a key file in `keyDir`" (see `resolveDataKey`). */
  dataKey: Buffer | undefined;
  /** The key `key:rotate` re-seals everything under (only that command reads it). */
  newDataKey: Buffer | undefined;
  /** Where the embedded default keeps its generated key file: never inside `dataDir`. */
  keyDir: string;
  trustProxy: false | number | string[];
  diia: {
    baseUrl: string;
    acquirerToken: string | undefined;
    authAcquirerToken: string | undefined;
    keyFile: string | undefined;
    keyPassword: string | undefined;
    keyCertFiles: string[];
    trustedCertFiles: string[];
    /**
     * The qualified CAs a Дія.Підпис signer must chain to (files, each a .p7b / PEM / DER bundle, e.g. the ЦЗО's
     * CACertificates.p7b and an ECDSA QTSP's); none in sandbox mode = the sandbox's two citizen CAs.
     */
    signingCaFiles: string[];
    callbackPath: string;
    timeoutMs: number;
    /** The contact e-mail of a branch that has none of its own (DIIA_CONTACT_EMAIL). */
    contactEmail: string;
    /** The unauthenticated webhook's limits (see routes/diia-callback.ts); `allowedIps` unset = any source. */
    callback: {
      allowedIps: Cidr[] | undefined;
      maxUploads: number;
      maxInFlightBytes: number;
      readTimeoutMs: number;
      ratePerMinute: number;
      /** Bytes of what did not verify kept (sealed) for support, in all; beyond it only counted. */
      keepBytes: number;
    };
    /** How far Diia's signingTime may lie outside a request's life (clocks differ). */
    clockSkewMs: number;
    /**
     * Checking the signer's certificate online (OCSP, then the CRL, at the URLs it names): what to do when
     * neither answers (decision 005), and how long each request may take.
     */
    revocation: { mode: "require" | "soft-fail"; timeoutMs: number };
    /** No DIIA_* credentials set: the local sandbox, its token and PKI read from this folder. */
    sandboxDataDir: string | undefined;
    /** How long to wait for the sandbox's files before giving up (logged, retried by restarting). */
    waitMs: number;
  };
}

type Env = Record<string, string | undefined>;

/** Replaces `<NAME>_FILE` by the file's content, collecting problems instead of throwing one by one. */
function readSecretFiles(env: Env, problems: string[]): Env {
  const out: Env = { ...env };
  for (const name of SECRET_NAMES) {
    const file = env[`${name}_FILE`];
    if (file === undefined || file === "") continue;
    if (env[name] !== undefined && env[name] !== "") {
      problems.push(`${name}: set either ${name} or ${name}_FILE, not both`);
      continue;
    }
    try {
      out[name] = readFileSync(file, "utf8").replace(/\r?\n$/, "");
    } catch {
      problems.push(`${name}_FILE: cannot read the file`);
    }
  }
  // An empty variable means "not set", as shells and compose files often leave them.
  for (const [k, v] of Object.entries(out)) if (v === "") delete out[k];
  return out;
}

export function loadConfig(env: Env): Config {
  const problems: string[] = [];
  const resolved = readSecretFiles(env, problems);
  const parsed = schema.safeParse(resolved);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(`${issue.path.join(".")}: ${issue.message}`);
  }
  if (problems.length > 0 || !parsed.success) {
    throw new AppError("CONFIG_INVALID", `Invalid configuration:\n  - ${problems.join("\n  - ")}`);
  }
  const e = parsed.data;
  // Real Diia needs all of its credentials; no token, key or password means the local sandbox (whose signer is
  // pinned unless DIIA_TRUSTED_CERT_FILES names others).
  const credentials = [e.DIIA_ACQUIRER_TOKEN, e.DIIA_KEY_FILE, e.DIIA_KEY_PASSWORD];
  const sandbox = credentials.every((v) => v === undefined);
  const required = {
    DIIA_ACQUIRER_TOKEN: e.DIIA_ACQUIRER_TOKEN,
    DIIA_KEY_FILE: e.DIIA_KEY_FILE,
    DIIA_KEY_PASSWORD: e.DIIA_KEY_PASSWORD,
    DIIA_TRUSTED_CERT_FILES: e.DIIA_TRUSTED_CERT_FILES.length > 0 ? "set" : undefined,
  };
  const missing = Object.entries(required).filter(([, v]) => v === undefined);
  if (!sandbox && missing.length > 0) {
    throw new AppError(
      "CONFIG_INVALID",
      `Invalid configuration:\n  - ${missing.map(([k]) => `${k}: required with the other DIIA_* credentials (unset them all for the local sandbox)`).join("\n  - ")}`,
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.STIIKA_DATA_DIR),
    webDist: path.resolve(e.STIIKA_WEB_DIST),
    adminPassword: e.STIIKA_ADMIN_PASSWORD,
    sessionIdleMs: e.STIIKA_SESSION_IDLE_MINUTES * 60_000,
    sessionMaxMs: e.STIIKA_SESSION_MAX_HOURS * 3_600_000,
    loginRateLimit: e.STIIKA_LOGIN_RATE_LIMIT,
    loginRateWindowMs: e.STIIKA_LOGIN_RATE_WINDOW_MINUTES * 60_000,
    retentionDays: e.STIIKA_RETENTION_DAYS,
    retentionIntervalMs: e.STIIKA_RETENTION_INTERVAL_MINUTES * 60_000,
    requestTtlMs: {
      code: (e.STIIKA_REQUEST_TTL_SECONDS ?? 300) * 1000,
      deeplink: (e.STIIKA_REQUEST_TTL_SECONDS ?? 900) * 1000,
    },
    tellerAccessMs: e.STIIKA_TELLER_ACCESS_MINUTES * 60_000,
    statusPollMs: e.STIIKA_STATUS_POLL_SECONDS * 1000,
    sweepMs: e.STIIKA_SWEEP_SECONDS * 1000,
    // One core stays for the event loop and the database.
    unwrapWorkers: e.STIIKA_UNWRAP_WORKERS ?? Math.max(1, Math.min(2, availableParallelism())),
    dataKey: e.STIIKA_DATA_KEY,
    newDataKey: e.STIIKA_NEW_DATA_KEY,
    keyDir: path.resolve(
      e.STIIKA_KEY_DIR ??
        path.join(env.XDG_CONFIG_HOME || path.join(env.HOME || homedir(), ".config"), "stiika"),
    ),
    trustProxy: e.STIIKA_TRUST_PROXY,
    diia: {
      baseUrl: e.DIIA_BASE_URL,
      acquirerToken: e.DIIA_ACQUIRER_TOKEN,
      authAcquirerToken: e.DIIA_AUTH_ACQUIRER_TOKEN,
      keyFile: e.DIIA_KEY_FILE,
      keyPassword: e.DIIA_KEY_PASSWORD,
      keyCertFiles: e.DIIA_KEY_CERT_FILES,
      trustedCertFiles: e.DIIA_TRUSTED_CERT_FILES,
      signingCaFiles: e.DIIA_SIGNING_CA_FILES,
      callbackPath: e.DIIA_CALLBACK_PATH,
      timeoutMs: e.DIIA_TIMEOUT_SECONDS * 1000,
      contactEmail: e.DIIA_CONTACT_EMAIL,
      callback: {
        allowedIps: e.DIIA_CALLBACK_ALLOWED_IPS,
        maxUploads: e.STIIKA_CALLBACK_MAX_UPLOADS,
        maxInFlightBytes: e.STIIKA_CALLBACK_MAX_IN_FLIGHT_MB * 1024 * 1024,
        readTimeoutMs: e.STIIKA_CALLBACK_READ_TIMEOUT_SECONDS * 1000,
        ratePerMinute: e.STIIKA_CALLBACK_RATE_LIMIT,
        keepBytes: e.STIIKA_CALLBACK_KEEP_MB * 1024 * 1024,
      },
      clockSkewMs: e.STIIKA_CLOCK_SKEW_SECONDS * 1000,
      revocation: { mode: e.STIIKA_REVOCATION, timeoutMs: e.STIIKA_REVOCATION_TIMEOUT_SECONDS * 1000 },
      sandboxDataDir: sandbox ? path.resolve(e.SANDBOX_DATA_DIR) : undefined,
      waitMs: e.STIIKA_DIIA_WAIT_SECONDS * 1000,
    },
  };
}
