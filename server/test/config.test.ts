import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../src/config.ts";
import { AppError } from "../src/errors.ts";

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    expect((e as AppError).code).toBe("CONFIG_INVALID");
    return (e as AppError).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("loadConfig", () => {
  it("when nothing is set, then the embedded defaults apply", () => {
    const c = loadConfig({});
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBeUndefined();
    expect(c.dataDir.endsWith(path.join(".data", "server"))).toBe(true);
    expect(c.sessionIdleMs).toBe(10 * 60_000);
    expect(c.retentionDays).toBe(30);
    expect(c.dataKey).toBeUndefined();
    expect(c.diia.baseUrl).toBe("http://127.0.0.1:8790");
    expect(c.diia.callbackPath).toBe("/api/diia/callback");
    expect(c.diia.keyCertFiles).toEqual([]);
  });

  it("when values are set, then they are parsed to their types", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const c = loadConfig({
      PORT: "9000",
      DATABASE_URL: "postgresql://app@db.internal:5432/stiika",
      STIIKA_SESSION_IDLE_MINUTES: "3",
      STIIKA_RETENTION_DAYS: "7",
      STIIKA_DATA_KEY: key,
      STIIKA_TRUST_PROXY: "1",
      DIIA_BASE_URL: "https://api2s.diia.gov.ua",
    });
    expect(c).toMatchObject({ port: 9000, sessionIdleMs: 180_000, retentionDays: 7, trustProxy: 1 });
    expect(c.databaseUrl).toBe("postgresql://app@db.internal:5432/stiika");
    expect(c.dataKey?.equals(Buffer.alloc(32, 7))).toBe(true);
    expect(c.diia.baseUrl).toBe("https://api2s.diia.gov.ua");
  });

  it.each([
    ["false", false],
    ["2", 2],
    ["10.0.0.0/8, 192.168.1.7", ["10.0.0.0/8", "192.168.1.7"]],
    ["2001:db8::/32", ["2001:db8::/32"]],
  ])("when STIIKA_TRUST_PROXY is %s, then it is a hop count or the proxies' addresses", (raw, expected) => {
    expect(loadConfig({ STIIKA_TRUST_PROXY: raw }).trustProxy).toEqual(expected);
  });

  it.each(["true", "11", "10.0.0.0/33", "10.0.0.300", "loopback", "1.2.3.4/8/9"])(
    "when STIIKA_TRUST_PROXY is %s, then the start is refused (never every hop, never a bad address)",
    (raw) => {
      expect(problems({ STIIKA_TRUST_PROXY: raw })).toContain(
        "STIIKA_TRUST_PROXY: must be false, a hop count",
      );
    },
  );

  it("when several values are bad, then every one is named with what is expected", () => {
    const message = problems({
      PORT: "eighty",
      DATABASE_URL: "mysql://x",
      STIIKA_SESSION_IDLE_MINUTES: "0",
      STIIKA_DATA_KEY: "c2hvcnQ=",
      DIIA_BASE_URL: "ftp://diia",
      DIIA_KEY_FILE: "/definitely/not/here.dat",
      STIIKA_TRUST_PROXY: "maybe",
    });
    expect(message).toContain("PORT: must be a whole number from 0 to 65535");
    expect(message).toContain("DATABASE_URL: must be a postgres:// or postgresql:// URL");
    expect(message).toContain("STIIKA_SESSION_IDLE_MINUTES: must be at least 1");
    expect(message).toContain("STIIKA_DATA_KEY: must be 32 bytes in base64 (44 characters)");
    expect(message).toContain("DIIA_BASE_URL: must be an http(s) URL");
    expect(message).toContain("DIIA_KEY_FILE: file does not exist");
    expect(message).toContain(
      "STIIKA_TRUST_PROXY: must be false, a hop count (1–10) or a comma-separated list",
    );
  });

  it("never echoes a secret value in the message", () => {
    const message = problems({ STIIKA_ADMIN_PASSWORD: "tiny-pw9", DATABASE_URL: "mysql://user:hunter2@db" });
    expect(message).toContain("STIIKA_ADMIN_PASSWORD: must be at least 12 characters");
    expect(message).not.toContain("tiny-pw9");
    expect(message).not.toContain("hunter2");
  });

  it("when a secret is given as <NAME>_FILE, then the file's content is used without its trailing newline", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stiika-config-"));
    writeFileSync(path.join(dir, "token"), "acquirer-token-value\n");
    writeFileSync(path.join(dir, "password"), "a long enough admin password");
    writeFileSync(path.join(dir, "key.dat"), "k");
    writeFileSync(path.join(dir, "diia.cer"), "c");
    const c = loadConfig({
      DIIA_ACQUIRER_TOKEN_FILE: path.join(dir, "token"),
      DIIA_KEY_FILE: path.join(dir, "key.dat"),
      DIIA_KEY_PASSWORD: "key password",
      DIIA_TRUSTED_CERT_FILES: path.join(dir, "diia.cer"),
      STIIKA_ADMIN_PASSWORD_FILE: path.join(dir, "password"),
    });
    expect(c.diia.acquirerToken).toBe("acquirer-token-value");
    expect(c.diia.sandboxDataDir).toBeUndefined();
    expect(c.adminPassword).toBe("a long enough admin password");
  });

  it("when a secret is given both ways, or its file is missing, then that is an error", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stiika-config-"));
    writeFileSync(path.join(dir, "token"), "x");
    const message = problems({
      DIIA_ACQUIRER_TOKEN: "y",
      DIIA_ACQUIRER_TOKEN_FILE: path.join(dir, "token"),
      DIIA_KEY_PASSWORD_FILE: path.join(dir, "missing"),
    });
    expect(message).toContain(
      "DIIA_ACQUIRER_TOKEN: set either DIIA_ACQUIRER_TOKEN or DIIA_ACQUIRER_TOKEN_FILE, not both",
    );
    expect(message).toContain("DIIA_KEY_PASSWORD_FILE: cannot read the file");
  });

  it("when certificate lists are given, then each listed file must exist", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "stiika-config-"));
    writeFileSync(path.join(dir, "a.cer"), "x");
    const ok = loadConfig({
      DIIA_TRUSTED_CERT_FILES: `${path.join(dir, "a.cer")}, ${path.join(dir, "a.cer")}`,
    });
    expect(ok.diia.trustedCertFiles).toEqual([path.join(dir, "a.cer"), path.join(dir, "a.cer")]);
    const message = problems({
      DIIA_KEY_CERT_FILES: `${path.join(dir, "a.cer")},${path.join(dir, "b.cer")}`,
    });
    expect(message).toContain("DIIA_KEY_CERT_FILES.1: file does not exist");
  });

  it("when no DIIA_* credential is set, then the local sandbox's folder is used; when only some are, that is an error", () => {
    const c = loadConfig({ SANDBOX_DATA_DIR: "/tmp/sbx" });
    expect(c.diia.sandboxDataDir).toBe("/tmp/sbx");
    expect(c.diia.baseUrl).toBe("http://127.0.0.1:8790");
    expect(c.requestTtlMs).toEqual({ code: 300_000, deeplink: 900_000 });
    const message = problems({ DIIA_ACQUIRER_TOKEN: "secret-token-1" });
    expect(message).toContain("DIIA_KEY_FILE: required with the other DIIA_* credentials");
    expect(message).toContain("DIIA_TRUSTED_CERT_FILES: required");
    expect(message).not.toContain("secret-token-1");
  });
});
