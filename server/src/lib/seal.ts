import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { AppError } from "../errors.ts";

/**
 * Encryption at rest for document rows: AES-256-GCM, a random 96-bit nonce per value, and the row id plus the
 * kind of value as additional data, so a ciphertext copied onto another row or column fails to open.
 *
 * Layout: version (1 byte) | key id (8 bytes) | nonce (12) | tag (16) | ciphertext.
 * The key id lets a later key rotation keep old rows readable (a keyring of several keys).
 */
const VERSION = 1;
const KEY_ID_LEN = 8;
const NONCE_LEN = 12;
const TAG_LEN = 16;
const HEADER_LEN = 1 + KEY_ID_LEN + NONCE_LEN + TAG_LEN;

export interface SealContext {
  /** The id of the row the value belongs to. */
  rowId: string;
  /** Which value of the row (e.g. "pdf", "envelope", "metadata"). */
  kind: string;
}

/** First 8 bytes of SHA-256 of the key: identifies the key without revealing it. */
export function keyId(key: Buffer): Buffer {
  return createHash("sha256").update(key).digest().subarray(0, KEY_ID_LEN);
}

function aad(ctx: SealContext): Buffer {
  return Buffer.from(JSON.stringify([ctx.rowId, ctx.kind]), "utf8");
}

export function seal(key: Buffer, ctx: SealContext, plaintext: Buffer): Buffer {
  const nonce = randomBytes(NONCE_LEN);
  const cipher = createCipheriv("aes-256-gcm", key, nonce);
  cipher.setAAD(aad(ctx));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), keyId(key), nonce, cipher.getAuthTag(), body]);
}

/** Opens a sealed value with whichever key of `keys` it was sealed with; any tampering is SEALED_DATA_INVALID. */
export function open(keys: readonly Buffer[], ctx: SealContext, sealed: Buffer): Buffer {
  if (sealed.length < HEADER_LEN || sealed[0] !== VERSION) {
    throw new AppError("SEALED_DATA_INVALID", "sealed value is malformed");
  }
  const id = sealed.subarray(1, 1 + KEY_ID_LEN);
  const key = keys.find((k) => keyId(k).equals(id));
  if (!key) throw new AppError("SEALED_DATA_INVALID", "sealed with an unknown key");
  const nonce = sealed.subarray(1 + KEY_ID_LEN, 1 + KEY_ID_LEN + NONCE_LEN);
  const tag = sealed.subarray(1 + KEY_ID_LEN + NONCE_LEN, HEADER_LEN);
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, nonce);
    decipher.setAAD(aad(ctx));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(sealed.subarray(HEADER_LEN)), decipher.final()]);
  } catch (e) {
    throw new AppError("SEALED_DATA_INVALID", "sealed value failed authentication", { cause: e });
  }
}
