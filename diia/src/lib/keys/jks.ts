// Java KeyStore (JKS, version 2) as Ukrainian CAs issue it for DSTU keys: PrivateKeyEntry protected by Sun's
// KeyProtector (SHA-1 keystream + SHA-1 check) holding a PKCS#8 DSTU key, plus certificate chains.
// Own reader instead of jkurwa's jksreader: that one misreads trusted-certificate entries (it skips neither their
// alias nor their timestamp), hands chain certificates over as DER where jkurwa expects PEM, cuts a fixed 24-byte
// header off the key (wrong for short-form DER lengths) and never checks the store's integrity digest.
import { createHash } from "node:crypto";
import * as asn1js from "asn1js";
import { KeyError } from "../../errors.ts";

const MAGIC = 0xfeedfeed;
const SUN_KEY_PROTECTOR = "1.3.6.1.4.1.42.2.17.1.1";
const SHA1_LEN = 20;

export interface JksContents {
  /** Decrypted PKCS#8 PrivateKeyInfo of every key entry. */
  readonly keys: Uint8Array[];
  /** DER of every certificate: key-entry chains and trusted-certificate entries, in file order. */
  readonly certificates: Uint8Array[];
}

export const isJks = (data: Uint8Array): boolean =>
  data.length >= 4 && Buffer.from(data.buffer, data.byteOffset, 4).readUInt32BE(0) === MAGIC;

const sha1 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash("sha1");
  for (const p of parts) h.update(p);
  return h.digest();
};

/** Java hashes passwords as UTF-16BE chars. */
const passwordBytes = (password: string): Buffer => Buffer.from(password, "utf16le").swap16();

class Reader {
  pos = 0;
  private readonly buf: Buffer;
  constructor(buf: Buffer) {
    this.buf = buf;
  }
  take(n: number): Buffer {
    if (n < 0 || this.pos + n > this.buf.length) throw new KeyError("BAD_KEY_STORE", "JKS file is truncated");
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
  u16 = () => this.take(2).readUInt16BE(0);
  u32 = () => this.take(4).readUInt32BE(0);
  utf = () => this.take(this.u16()).toString("utf8");
  bytes = () => this.take(this.u32());
}

/** The protected key bytes inside an EncryptedPrivateKeyInfo, if it uses Sun's KeyProtector. */
function protectedKey(der: Uint8Array): Uint8Array {
  const node = asn1js.fromBER(der).result;
  const [algorithm, data] = node instanceof asn1js.Sequence ? node.valueBlock.value : [];
  const oid = algorithm instanceof asn1js.Sequence ? algorithm.valueBlock.value[0] : undefined;
  if (!(oid instanceof asn1js.ObjectIdentifier) || !(data instanceof asn1js.OctetString)) {
    throw new KeyError("BAD_KEY_STORE", "JKS key entry is not an EncryptedPrivateKeyInfo");
  }
  if (oid.valueBlock.toString() !== SUN_KEY_PROTECTOR) {
    throw new KeyError("BAD_KEY_STORE", "JKS key entry uses an unsupported key protection");
  }
  const bytes = data.valueBlock.valueHexView;
  if (bytes.length < 2 * SHA1_LEN) throw new KeyError("BAD_KEY_STORE", "JKS key entry is too short");
  return bytes;
}

/** Undoes KeyProtector; undefined when the check digest says the password is wrong. */
function unprotect(encrypted: Uint8Array, pw: Buffer): Uint8Array | undefined {
  const salt = encrypted.subarray(0, SHA1_LEN);
  const body = encrypted.subarray(SHA1_LEN, encrypted.length - SHA1_LEN);
  const check = encrypted.subarray(encrypted.length - SHA1_LEN);
  const plain = new Uint8Array(body.length);
  let stream: Uint8Array = salt;
  for (let i = 0; i < body.length; i++) {
    if (i % SHA1_LEN === 0) stream = sha1(pw, stream);
    plain[i] = (body[i] ?? 0) ^ (stream[i % SHA1_LEN] ?? 0);
  }
  return sha1(pw, plain).equals(check) ? plain : undefined;
}

/**
 * Reads and decrypts a JKS. KeyError BAD_PASSWORD when a key entry does not open (or, in a store without keys,
 * the integrity digest fails); BAD_KEY_STORE when the keys open but the digest fails (the file was altered).
 */
export function readJks(data: Uint8Array, password: string): JksContents {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length < 12 + SHA1_LEN) throw new KeyError("BAD_KEY_STORE", "JKS file is truncated");
  const r = new Reader(buf.subarray(0, buf.length - SHA1_LEN));
  if (r.u32() !== MAGIC || r.u32() !== 2) throw new KeyError("BAD_KEY_STORE", "not a version-2 JKS");
  const protectedKeys: Uint8Array[] = [];
  const certificates: Uint8Array[] = [];
  const readCert = () => {
    const type = r.utf();
    const der = r.bytes();
    if (type === "X.509") certificates.push(Uint8Array.from(der));
  };
  for (let count = r.u32(); count > 0; count--) {
    const tag = r.u32();
    r.utf(); // alias
    r.take(8); // creation time
    if (tag === 1) {
      protectedKeys.push(protectedKey(r.bytes()));
      for (let chain = r.u32(); chain > 0; chain--) readCert();
    } else if (tag === 2) {
      readCert();
    } else {
      throw new KeyError("BAD_KEY_STORE", "JKS entry of an unknown kind");
    }
  }
  if (r.pos !== buf.length - SHA1_LEN) throw new KeyError("BAD_KEY_STORE", "JKS file has trailing data");

  const pw = passwordBytes(password);
  const keys: Uint8Array[] = [];
  for (const k of protectedKeys) {
    const plain = unprotect(k, pw);
    if (!plain) throw new KeyError("BAD_PASSWORD", "wrong password for the key container");
    keys.push(plain);
  }
  const digest = sha1(pw, Buffer.from("Mighty Aphrodite", "utf8"), buf.subarray(0, buf.length - SHA1_LEN));
  if (!digest.equals(buf.subarray(buf.length - SHA1_LEN))) {
    // Keys that open prove the password right, so a failing digest means the file was changed.
    if (keys.length > 0) throw new KeyError("BAD_KEY_STORE", "JKS integrity check failed");
    throw new KeyError("BAD_PASSWORD", "wrong password for the key container");
  }
  return { keys, certificates };
}
