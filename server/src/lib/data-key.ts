import { createHash, randomBytes } from "node:crypto";
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import path from "node:path";
import { AppError } from "../errors.ts";

export interface DataKey {
  key: Buffer;
  /** Where the key came from, for the start log (never the key itself). */
  source: { kind: "env" } | { kind: "file"; path: string; created: boolean; movedFrom?: string | undefined };
}

/** The embedded default's key file for a data folder: in the key folder, named after the data folder. */
export function defaultKeyFile(keyDir: string, dataDir: string): string {
  const id = createHash("sha256").update(path.resolve(dataDir)).digest("hex").slice(0, 16);
  return path.join(keyDir, `data-${id}.key`);
}

/**
 * The data-encryption key: `STIIKA_DATA_KEY` (or `_FILE`) when set — production supplies it from a secret store —
 * else a file generated on first start (0600, in a 0700 folder) so the embedded default works on a fresh machine
 * without the documents being stored in clear. That file lives in the key folder (`STIIKA_KEY_DIR`, by default
 * the user's `~/.config/stiika`), never in the data folder: a copy of the data folder alone decrypts nothing.
 * A key an older version left in `<dataDir>/data.key` is moved there.
 */
export function resolveDataKey(
  configured: Buffer | undefined,
  dataDir: string,
  keyDir: string,
  opts: { create?: boolean } = {},
): DataKey {
  if (configured) return { key: configured, source: { kind: "env" } };
  const file = defaultKeyFile(keyDir, dataDir);
  const legacy = path.join(dataDir, "data.key");
  // The commands that only use the key (audit:verify, key:rotate) never make one: a new key would open nothing.
  if (opts.create === false && !existsSync(file) && !existsSync(legacy)) {
    throw new AppError(
      "CONFIG_INVALID",
      `Немає ключа даних: задайте STIIKA_DATA_KEY (або _FILE) чи STIIKA_KEY_DIR, як для сервера; no data key: expected STIIKA_DATA_KEY or the key file ${file}`,
    );
  }
  mkdirSync(keyDir, { recursive: true, mode: 0o700 });
  let created = false;
  let movedFrom: string | undefined;
  try {
    if (existsSync(legacy) && !existsSync(file)) {
      copyFileSync(legacy, file); // the original is removed below, once the copy is read back
      chmodSync(file, 0o600);
      movedFrom = legacy;
    } else {
      // "wx" fails when the file exists, so two first starts never overwrite each other's key.
      writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
      created = true;
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new AppError("CONFIG_INVALID", `Cannot create the data key file in ${keyDir}`, { cause: e });
    }
  }
  const key = readKeyFile(file);
  if (movedFrom) rmSync(movedFrom);
  return { key, source: { kind: "file", path: file, created, movedFrom } };
}

/** Reads a key file as `resolveDataKey` does: 32 bytes of base64 on one line. */
export function readKeyFile(file: string): Buffer {
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32)
    throw new AppError("CONFIG_INVALID", `The data key file ${file} is not 32 bytes of base64`);
  return key;
}

/**
 * Writes a key file so that a crash leaves either the old file or the whole new one, never half a key: a temporary
 * file (0600) is written and flushed, renamed over `file` (atomic on one file system), and the folder flushed.
 */
export function writeKeyFileAtomic(file: string, key: Buffer): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w", 0o600);
  try {
    writeSync(fd, `${key.toString("base64")}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  moveKeyFile(tmp, file);
}

/** Renames a key file over another (atomic on one file system) and flushes the folder, so the rename survives. */
export function moveKeyFile(from: string, to: string): void {
  renameSync(from, to);
  const dir = openSync(path.dirname(to), "r");
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
