/**
 * Data-key rotation (`pnpm --filter @stiika/server key:rotate`): re-seals every sealed value under a new key,
 * rebuilds the search index and re-MACs the audit chain, in one transaction (src/services/key-rotation.ts). Stop
 * every server first; run as the schema's owner (DATABASE_URL as for `migrate`: the audit triggers are switched
 * off for the rotation's transaction). Same configuration as the server otherwise.
 *
 * Where the new key comes from, and where the old one goes:
 * - the key from STIIKA_DATA_KEY (production, a secret store): the new key is STIIKA_NEW_DATA_KEY (or _FILE),
 *   made in the secret store; once this succeeds, put it into STIIKA_DATA_KEY and start the servers (they refuse
 *   the old key).
 * - the embedded default's key file: a new key is generated (or taken from STIIKA_NEW_DATA_KEY) and written to
 *   `<key file>.new` BEFORE the database changes; after the commit it replaces the key file (atomic renames) and
 *   the old key is kept as `<key file>.old-<key id>` for backups from before the rotation.
 * Run it again after a crash at any point: the audit chain's head tells which key the database is under, and the
 * pending `.new` key is reused, so it either finishes the file swap or does the rotation once.
 * Exits 0 when rotated (or already was), 1 when refused (nothing changed), 2 when it cannot run.
 *
 * @example
 * DATABASE_URL=postgresql://stiika_owner@db/stiika STIIKA_DATA_KEY_FILE=/run/secrets/data-key \
 *   STIIKA_NEW_DATA_KEY_FILE=/run/secrets/data-key-next pnpm --filter @stiika/server key:rotate
 * // data key rotated: re-sealed 120 documents, 40 questionnaires, 118 deliveries, 3 samples; …
 */
import { randomBytes } from "node:crypto";
import { existsSync, rmSync } from "node:fs";
import { loadConfig } from "../config.ts";
import { AppError } from "../errors.ts";
import { systemClock } from "../lib/clock.ts";
import { moveKeyFile, readKeyFile, resolveDataKey, writeKeyFileAtomic } from "../lib/data-key.ts";
import { createLogger } from "../lib/logger.ts";
import { keyId } from "../lib/seal.ts";
import { RotationRefused, rotateDataKey } from "../services/key-rotation.ts";
import { openStore } from "../store/open.ts";

const out = (text: string) => process.stdout.write(`${text}\n`);

try {
  const config = loadConfig(process.env);
  const current = resolveDataKey(config.dataKey, config.dataDir, config.keyDir, { create: false });
  const file = current.source.kind === "file" ? current.source.path : undefined;
  let newKey: Buffer;
  let pending: string | undefined;
  if (!file) {
    if (!config.newDataKey) {
      throw new AppError(
        "CONFIG_INVALID",
        "Ключ даних задано в STIIKA_DATA_KEY: задайте новий у STIIKA_NEW_DATA_KEY (або _FILE) зі сховища секретів; the key comes from STIIKA_DATA_KEY, so the new one must come from STIIKA_NEW_DATA_KEY (or _FILE)",
      );
    }
    newKey = config.newDataKey;
  } else {
    pending = `${file}.new`;
    if (existsSync(pending)) {
      newKey = readKeyFile(pending);
      if (config.newDataKey && !config.newDataKey.equals(newKey)) {
        throw new AppError(
          "CONFIG_INVALID",
          `Незавершена ротація чекає з ключем ${pending}: запустіть ще раз без STIIKA_NEW_DATA_KEY; an unfinished rotation's key is pending in ${pending}: run again without STIIKA_NEW_DATA_KEY to finish it`,
        );
      }
    } else {
      newKey = config.newDataKey ?? randomBytes(32);
      writeKeyFileAtomic(pending, newKey); // before the database changes: a committed rotation never lacks its key
    }
  }
  if (keyId(newKey).equals(keyId(current.key))) {
    throw new AppError(
      "CONFIG_INVALID",
      "Новий ключ збігається з поточним; the new data key is the current one",
    );
  }

  const store = await openStore(config, createLogger("silent"));
  let result: Awaited<ReturnType<typeof rotateDataKey>>;
  try {
    result = await rotateDataKey(store, current.key, newKey, systemClock());
  } catch (e) {
    // Refused means rolled back: the pending key was never used and goes. Any other failure (a lost connection
    // during COMMIT) leaves it, since the database may be under it.
    if (e instanceof RotationRefused && pending) rmSync(pending, { force: true });
    throw e;
  } finally {
    await store.close();
  }

  if (result.state === "already")
    out("Базу вже перешифровано новим ключем; the database is already under the new key");
  else {
    out(
      `Ключ даних змінено; data key rotated: re-sealed ${result.documents} documents, ${result.questionnaires} questionnaires, ${result.deliveries} deliveries, ${result.samples} samples; rebuilt ${result.searchRows} search rows; re-MACed ${result.auditRows} audit rows`,
    );
  }
  if (file && pending) {
    const retired = `${file}.old-${keyId(current.key).toString("hex")}`;
    writeKeyFileAtomic(retired, current.key);
    moveKeyFile(pending, file);
    out(
      `Новий ключ: ${file}. Старий збережено в ${retired}: лише для відновлення давніших резервних копій, потім видаліть його; the new key is in ${file}; the old one is kept in ${retired} only for restoring backups from before now — delete it when none needs it`,
    );
  } else {
    out(
      "Тепер запишіть новий ключ у STIIKA_DATA_KEY у сховищі секретів і запустіть сервер (старий ключ він не прийме); now put the new key into STIIKA_DATA_KEY in the secret store and start the servers (they refuse the old key)",
    );
  }
} catch (e) {
  const message = e instanceof Error ? e.message : String(e);
  if (e instanceof RotationRefused) {
    process.stderr.write(`key:rotate refused, nothing changed: ${message}\n`);
    process.exitCode = 1;
  } else {
    process.stderr.write(`key:rotate could not run: ${message}\n`);
    process.exitCode = 2;
  }
}
