import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "../errors.ts";

export interface DataKey {
  key: Buffer;
  /** Where the key came from, for the start log (never the key itself). */
  source: { kind: "env" } | { kind: "file"; path: string; created: boolean };
}

/**
 * The data-encryption key: `STIIKA_DATA_KEY` when set, else `<dataDir>/data.key`, generated on first start with
 * 0600 permissions so the embedded default works on a fresh machine without the documents being stored in clear.
 */
export function resolveDataKey(configured: Buffer | undefined, dataDir: string): DataKey {
  if (configured) return { key: configured, source: { kind: "env" } };
  const file = path.join(dataDir, "data.key");
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  let created = false;
  try {
    // "wx" fails when the file exists, so two first starts never overwrite each other's key.
    writeFileSync(file, `${randomBytes(32).toString("base64")}\n`, { mode: 0o600, flag: "wx" });
    created = true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") {
      throw new AppError("CONFIG_INVALID", "Cannot create the data key file", { cause: e });
    }
  }
  const key = Buffer.from(readFileSync(file, "utf8").trim(), "base64");
  if (key.length !== 32)
    throw new AppError("CONFIG_INVALID", `The data key file ${file} is not 32 bytes of base64`);
  return { key, source: { kind: "file", path: file, created } };
}
