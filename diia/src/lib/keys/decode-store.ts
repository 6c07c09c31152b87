// Key-container decoding. The container structures (PKCS#12 bags, PBES2, IIT's own store) and the DSTU key
// inside are parsed with jkurwa: the part of jkurwa that works on the real fixtures. The password KDFs (10,000
// GOST 34.311 rounds, nearly all the time spent here) and the decryption run on our fast primitives; JKS has its
// own reader (jks.ts). Only plain data leaves this file.
import { createRequire } from "node:module";
import { KeyError } from "../../errors.ts";
import { type CurveParams, gost28147CfbDecrypt, iitPasswordKdf, pbkdf2Gost34311 } from "../primitives.ts";
import { isJks, readJks } from "./jks.ts";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to this file
type Untyped = any;
const Priv: Untyped = require("jkurwa/lib/models/Priv.js");
const pbes2: Untyped = require("jkurwa/lib/spec/pbes.js");
const pfx: Untyped = require("jkurwa/lib/spec/pfx.js");
const keystore: Untyped = require("jkurwa/lib/spec/keystore.js");
const gost89: Untyped = require("gost89");

/** IIT tools use 10,000; the cap keeps a crafted container from holding a worker for minutes. */
const MAX_ITERATIONS = 1_000_000;
const IIT_KDF_ROUNDS = 10_000;

export interface DecodedKey {
  readonly curve: CurveParams;
  readonly d: bigint;
}

export interface DecodedStore {
  readonly keys: DecodedKey[];
  /** DER of every certificate found in the container. */
  readonly certificates: Uint8Array[];
}

// asn1.js hands some small integers over as bignums.
const toNumber = (v: Untyped): number => (typeof v === "number" ? v : v.toNumber());
const fieldToBigint = (f: Untyped): bigint => {
  const h: string = f.toString(true);
  return h === "" ? 0n : BigInt(`0x${h}`);
};

function plainKey(priv: Untyped): DecodedKey {
  const c = priv.curve;
  return {
    curve: {
      m: toNumber(c.m),
      ks: c.ks.map(toNumber),
      a: c.param_a.is_zero() ? 0 : 1,
      b: fieldToBigint(c.param_b),
      n: fieldToBigint(c.order),
      base: fieldToBigint(c.base.compress()),
    },
    d: fieldToBigint(priv.d),
  };
}

function tryParse<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

/** Keys of a decrypted PKCS#8 / IIT key structure (IIT puts the second key in an attribute); undefined if none. */
const dstuKeys = (plain: Uint8Array): DecodedKey[] | undefined =>
  tryParse(() => Priv.from_asn1(Buffer.from(plain), true).keys.map(plainKey));

/** Decrypts one encrypted part. The password goes in as gost89 took it (one byte per char), so old files open. */
function openPart(part: Untyped, password: string): Uint8Array {
  const pw = Buffer.from(password, "latin1");
  if (part.format === "PBES2") {
    if (!(part.iters >= 1 && part.iters <= MAX_ITERATIONS)) {
      throw new KeyError("BAD_KEY_STORE", "key container asks for an unreasonable iteration count");
    }
    const key = pbkdf2Gost34311(pw, part.salt, part.iters);
    return gost28147CfbDecrypt(key, part.iv, part.body, part.sbox);
  }
  // IIT's own format: ECB over body ‖ pad (a few hundred bytes, so gost89's block cipher is fine here).
  const ctx = gost89.init();
  ctx.key(iitPasswordKdf(pw, IIT_KDF_ROUNDS));
  return ctx.decrypt(Buffer.concat([part.body, part.pad])).subarray(0, part.body.length);
}

function decodeJks(data: Uint8Array, password: string): DecodedStore {
  const { keys: plainKeys, certificates } = readJks(data, password);
  const keys = plainKeys.flatMap((k) => dstuKeys(k) ?? []);
  if (keys.length === 0)
    throw new KeyError("NO_SUITABLE_KEY", "the container holds no DSTU 4145 private key");
  return { keys, certificates };
}

/** Decodes a password-protected container; KeyError BAD_KEY_STORE / BAD_PASSWORD / NO_SUITABLE_KEY. */
export function decodeKeyStore(input: Uint8Array, password: string): DecodedStore {
  if (isJks(input)) return decodeJks(input, password);
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // Some IIT tools prefix the container with a 6-byte header starting with 'Q'.
  const content = data[0] === 0x51 ? data.subarray(6) : data;
  const parts: Untyped[] | undefined =
    tryParse(() => pfx.pfx_parse(content)) ??
    tryParse(() => pbes2.pbes2_parse(content)) ??
    tryParse(() => [keystore.enc_parse(content)]);
  if (!parts || parts.length === 0) throw new KeyError("BAD_KEY_STORE", "not a supported key container");

  const keys: DecodedKey[] = [];
  const certificates: Uint8Array[] = [];
  let opened = 0;
  for (const part of parts) {
    const plain = openPart(part, password);
    const found = dstuKeys(plain);
    if (found) {
      keys.push(...found);
      opened++;
      continue;
    }
    const certs = tryParse(() => pfx.certbags_from_asn1(Buffer.from(plain)));
    if (certs) {
      for (const c of certs) certificates.push(Uint8Array.from(c));
      opened++;
    }
  }
  // Decryption with a wrong password yields noise that no part decodes from.
  if (opened === 0) throw new KeyError("BAD_PASSWORD", "wrong password for the key container");
  if (keys.length === 0)
    throw new KeyError("NO_SUITABLE_KEY", "the container holds no DSTU 4145 private key");
  return { keys, certificates };
}
