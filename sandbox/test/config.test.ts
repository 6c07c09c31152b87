import { afterEach, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_DELAYS_MS, loadSandboxConfig } from "../src/config.ts";
import { SandboxError } from "../src/index.ts";
import { startSandbox, type TestSandbox } from "./helpers.ts";

function configError(env: Record<string, string>): SandboxError {
  try {
    loadSandboxConfig(env);
  } catch (error) {
    if (error instanceof SandboxError) return error;
    throw error;
  }
  throw new Error("expected a configuration error");
}

describe("loadSandboxConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadSandboxConfig({});
    expect(config).toMatchObject({
      port: 8790,
      callbackUrl: "http://127.0.0.1:8080/api/diia/callback",
      retryDelaysMs: DEFAULT_RETRY_DELAYS_MS,
      callbackTimeoutMs: 30_000,
      codeLifetimeMs: 180_000,
      sessionLifetimeMs: 7_200_000,
    });
    expect(config.dataDir.endsWith("/.data/sandbox")).toBe(true);
    expect(config.acquirerToken).toBeUndefined();
  });

  it("reads every SANDBOX_* variable", () => {
    const config = loadSandboxConfig({
      SANDBOX_PORT: "9001",
      SANDBOX_ACQUIRER_TOKEN: "acq-token-1234",
      SANDBOX_AUTH_ACQUIRER_TOKEN: "auth-token-1234",
      SANDBOX_DATA_DIR: "/tmp/x",
      SANDBOX_CALLBACK_URL: "http://localhost:3000/cb",
      SANDBOX_PUBLIC_URL: "https://sandbox.example",
      SANDBOX_RETRY_DELAYS_MS: "10, 20,30",
      SANDBOX_CALLBACK_TIMEOUT_MS: "500",
    });
    expect(config).toMatchObject({
      port: 9001,
      acquirerToken: "acq-token-1234",
      authAcquirerToken: "auth-token-1234",
      dataDir: "/tmp/x",
      callbackUrl: "http://localhost:3000/cb",
      publicUrl: "https://sandbox.example",
      retryDelaysMs: [10, 20, 30],
      callbackTimeoutMs: 500,
    });
  });

  it("names each bad variable on its own line, without echoing secrets", () => {
    const error = configError({
      SANDBOX_PORT: "eighty",
      SANDBOX_CALLBACK_URL: "ftp://host/cb",
      SANDBOX_ACQUIRER_TOKEN: "short",
      SANDBOX_RETRY_DELAYS_MS: "1000,soon",
    });
    expect(error.code).toBe("BAD_CONFIG");
    const lines = error.message.split("\n").slice(1);
    expect(lines).toEqual(
      expect.arrayContaining([
        "SANDBOX_PORT: must be a port number (0–65535)",
        "SANDBOX_CALLBACK_URL: must be an http(s) URL",
        expect.stringMatching(/^SANDBOX_ACQUIRER_TOKEN: must be 8–256 URL-safe characters/),
        "SANDBOX_RETRY_DELAYS_MS.1: must be milliseconds",
      ]),
    );
    expect(lines).toHaveLength(4);
    expect(error.message).not.toContain("short");
  });
});

describe("acquirer token", () => {
  let sandbox: TestSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  it("is generated once, stored in the data dir and kept on restart; a configured one wins", async () => {
    sandbox = await startSandbox();
    const generated = sandbox.state.store.acquirerToken;
    expect(generated).toMatch(/^[A-Za-z0-9_-]{32}$/);
    await sandbox.stop();
    const again = await startSandbox({ dataDir: sandbox.dataDir });
    expect(again.state.store.acquirerToken).toBe(generated);
    await again.stop();
    const configured = await startSandbox({ dataDir: sandbox.dataDir, acquirerToken: "configured-token-1" });
    expect(configured.state.store.acquirerToken).toBe("configured-token-1");
    await configured.stop();
  });
});
