// Key-container decoding stays on jkurwa's parsers (IIT Key-6.dat, PBES2, PKCS#12, JKS): they are the part of
// jkurwa that works on the real fixtures. Only plain data leaves this file.
import { createRequire } from "node:module";
import { KeyError } from "../../errors.ts";
import type { CurveParams } from "../primitives.ts";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to this file
type Untyped = any;
const Priv: Untyped = require("jkurwa/lib/models/Priv.js");
const pbes2: Untyped = require("jkurwa/lib/spec/pbes.js");
const pfx: Untyped = require("jkurwa/lib/spec/pfx.js");
const keystore: Untyped = require("jkurwa/lib/spec/keystore.js");
const gost89: Untyped = require("gost89");
// jksreader is jkurwa's own dependency; resolve it from there.
const jksreader: Untyped = createRequire(require.resolve("jkurwa"))("jksreader");

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

function decodeJks(store: Untyped, password: string): DecodedStore {
  const keys: DecodedKey[] = [];
  const certificates: Uint8Array[] = [];
  for (const part of store.material) {
    const raw = tryParse(() => jksreader.decode(part.key, password));
    if (!raw) throw new KeyError("BAD_PASSWORD", "wrong password for the key container");
    const inner = tryParse(() => Priv.from_asn1(raw, true));
    if (!inner) throw new KeyError("BAD_KEY_STORE", "JKS entry holds no DSTU private key");
    for (const k of inner.keys) keys.push(plainKey(k));
    for (const pem of part.certs) {
      certificates.push(
        new Uint8Array(Buffer.from(String(pem).replace(/-----[^-]+-----|\s+/g, ""), "base64")),
      );
    }
  }
  return { keys, certificates };
}

/** Decodes a password-protected container; KeyError BAD_KEY_STORE / BAD_PASSWORD / NO_SUITABLE_KEY. */
export function decodeKeyStore(input: Uint8Array, password: string): DecodedStore {
  const data = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  // Some IIT tools prefix the container with a 6-byte header starting with 'Q'.
  const content = data[0] === 0x51 ? data.subarray(6) : data;
  const jks = tryParse(() => jksreader.parse(content));
  if (jks) return decodeJks(jks, password);

  const parts: Untyped[] | undefined =
    tryParse(() => pfx.pfx_parse(content)) ??
    tryParse(() => pbes2.pbes2_parse(content)) ??
    tryParse(() => [keystore.enc_parse(content)]);
  if (!parts || parts.length === 0) throw new KeyError("BAD_KEY_STORE", "not a supported key container");

  const algo = gost89.compat.algos();
  const keys: DecodedKey[] = [];
  const certificates: Uint8Array[] = [];
  let opened = 0;
  for (const part of parts) {
    const plain = tryParse(() => algo.storeload(part, password));
    if (!plain) continue;
    const store = tryParse(() => Priv.from_asn1(plain, true));
    if (store) {
      for (const k of store.keys) keys.push(plainKey(k));
      opened++;
      continue;
    }
    const certs = tryParse(() => pfx.certbags_from_asn1(plain));
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
