import { createHash, randomBytes } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
export function resolveDataKey(configured: Buffer | undefined, dataDir: string, keyDir: string): DataKey {
  if (configured) return { key: configured, source: { kind: "env" } };
  const file = defaultKeyFile(keyDir, dataDir);
  const legacy = path.join(dataDir, "data.key");
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
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32)
    throw new AppError("CONFIG_INVALID", `The data key file ${file} is not 32 bytes of base64`);
  if (movedFrom) rmSync(movedFrom);
  return { key, source: { kind: "file", path: file, created, movedFrom } };
}
