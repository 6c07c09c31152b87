// Writes one private key as a password-protected PBES2 container (PBKDF2 with HMAC-GOST34311, GOST 28147 CFB):
// the PBES2 key-file format of IIT tools, which decode-store.ts (jkurwa's pbes2_parse) reads back.
// jkurwa's own PBES2 encoder fails with asn1.js 5.4.1, so the outer DER is built here with asn1js.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import * as asn1js from "asn1js";
import { type CurveParams, DEFAULT_DKE, gost28147CfbEncrypt, pbkdf2Gost34311 } from "../primitives.ts";
import type { DecodedKey } from "./decode-store.ts";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to this file
type Untyped = any;
const jk: Untyped = require("jkurwa");

const PBES2 = "1.2.840.113549.1.5.13";
const PBKDF2 = "1.2.840.113549.1.5.12";
const HMAC_GOST34311 = "1.2.804.2.1.1.1.1.1.2";
const GOST28147_CFB = "1.2.804.2.1.1.1.1.1.1.3";
const ITERATIONS = 10000;

function jkPriv(curve: CurveParams, d: bigint): Untyped {
  const c = new jk.Curve({
    m: curve.m,
    ks: [...curve.ks],
    a: [curve.a],
    b: curve.b.toString(16),
    order: curve.n.toString(16),
    kofactor: [curve.a === 0 ? 4 : 2],
    base: curve.base.toString(16),
  });
  return c.pkey(d.toString(16), "hex");
}

/** DER of a PBES2 container holding `key`, encrypted under `password`. */
export function encodeKeyStore(key: DecodedKey, password: string): Uint8Array {
  const raw: Buffer = jkPriv(key.curve, key.d).as_asn1();
  const iv = randomBytes(8);
  const salt = randomBytes(32);
  // Password bytes as decode-store.ts reads them.
  const body = gost28147CfbEncrypt(
    pbkdf2Gost34311(Buffer.from(password, "latin1"), salt, ITERATIONS),
    iv,
    raw,
  );
  const seq = (...value: asn1js.AsnType[]) => new asn1js.Sequence({ value });
  const oid = (value: string) => new asn1js.ObjectIdentifier({ value });
  const oct = (b: Uint8Array) => new asn1js.OctetString({ valueHex: b });
  const der = seq(
    seq(
      oid(PBES2),
      seq(
        seq(
          oid(PBKDF2),
          seq(
            oct(salt),
            new asn1js.Integer({ value: ITERATIONS }),
            seq(oid(HMAC_GOST34311), new asn1js.Null()),
          ),
        ),
        seq(oid(GOST28147_CFB), seq(oct(iv), oct(DEFAULT_DKE))),
      ),
    ),
    oct(body),
  ).toBER();
  return new Uint8Array(der);
}
