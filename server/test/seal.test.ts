import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { AppError } from "../src/errors.ts";
import { defaultKeyFile, resolveDataKey } from "../src/lib/data-key.ts";
import { keyId, open, seal } from "../src/lib/seal.ts";

const key = randomBytes(32);
const ctx = { rowId: "5f0c3a1e-8b2d-4c6f-9a7e-1d2c3b4a5f60", kind: "pdf" };
const pdf = Buffer.from("%PDF-1.7 … a document …");

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    return e instanceof AppError ? e.code : "not an AppError";
  }
  return undefined;
}

describe("seal / open (AES-256-GCM at rest)", () => {
  it("when sealed and opened with the same key and context, then the plaintext comes back", () => {
    const sealed = seal(key, ctx, pdf);
    expect(sealed.subarray(1, 9).equals(keyId(key))).toBe(true);
    expect(sealed.includes(pdf)).toBe(false);
    expect(open([key], ctx, sealed).equals(pdf)).toBe(true);
  });

  it("uses a fresh nonce each time", () => {
    expect(seal(key, ctx, pdf).equals(seal(key, ctx, pdf))).toBe(false);
  });

  it("when any byte of the ciphertext, tag or nonce changes, then opening fails with SEALED_DATA_INVALID", () => {
    const sealed = seal(key, ctx, pdf);
    for (const at of [10, 25, sealed.length - 1]) {
      const bad = Buffer.from(sealed);
      bad[at] = (bad[at] ?? 0) ^ 1;
      expect(codeOf(() => open([key], ctx, bad))).toBe("SEALED_DATA_INVALID");
    }
  });

  it("when the value is moved to another row or another column, then opening fails", () => {
    const sealed = seal(key, ctx, pdf);
    expect(codeOf(() => open([key], { ...ctx, rowId: "another-row" }, sealed))).toBe("SEALED_DATA_INVALID");
    expect(codeOf(() => open([key], { ...ctx, kind: "metadata" }, sealed))).toBe("SEALED_DATA_INVALID");
  });

  it("when the key is not in the keyring, or the value is truncated, then opening fails", () => {
    const sealed = seal(key, ctx, pdf);
    expect(codeOf(() => open([randomBytes(32)], ctx, sealed))).toBe("SEALED_DATA_INVALID");
    expect(codeOf(() => open([key], ctx, sealed.subarray(0, 20)))).toBe("SEALED_DATA_INVALID");
    expect(open([randomBytes(32), key], ctx, sealed).equals(pdf)).toBe(true);
  });
});

describe("resolveDataKey", () => {
  const dirs = () => {
    const root = mkdtempSync(path.join(tmpdir(), "stiika-key-"));
    return { data: path.join(root, "data"), keys: path.join(root, "keys") };
  };

  it("when no key is configured, then one is generated once outside the data folder with 0600 and reused", () => {
    const { data, keys } = dirs();
    const first = resolveDataKey(undefined, data, keys);
    const file = defaultKeyFile(keys, data);
    expect(path.dirname(file)).toBe(keys);
    expect(first.source).toEqual({ kind: "file", path: file, created: true, movedFrom: undefined });
    expect(first.key).toHaveLength(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(keys).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, "utf8").trim()).toBe(first.key.toString("base64"));
    // A backup of the data folder holds no key.
    expect(existsSync(path.join(data, "data.key"))).toBe(false);
    const second = resolveDataKey(undefined, data, keys);
    expect(second.source).toMatchObject({ created: false });
    expect(second.key.equals(first.key)).toBe(true);
    // Another data folder gets a key of its own.
    const other = resolveDataKey(undefined, `${data}-2`, keys);
    expect(other.key.equals(first.key)).toBe(false);
  });

  it("when an older version left the key in the data folder, then it is moved out and stays the same key", () => {
    const { data, keys } = dirs();
    mkdirSync(data, { recursive: true });
    writeFileSync(path.join(data, "data.key"), `${key.toString("base64")}\n`, { mode: 0o644 });
    const r = resolveDataKey(undefined, data, keys);
    expect(r.key.equals(key)).toBe(true);
    expect(r.source).toMatchObject({ kind: "file", created: false, movedFrom: path.join(data, "data.key") });
    expect(existsSync(path.join(data, "data.key"))).toBe(false);
    expect(statSync(defaultKeyFile(keys, data)).mode & 0o777).toBe(0o600);
  });

  it("when a key is configured, then it is used and nothing is written", () => {
    const { data, keys } = dirs();
    const r = resolveDataKey(key, data, keys);
    expect(r).toEqual({ key, source: { kind: "env" } });
    expect(existsSync(keys)).toBe(false);
    expect(existsSync(path.join(data, "data.key"))).toBe(false);
  });
});
