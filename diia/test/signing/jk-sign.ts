// Detached Дія.Підпис-like signatures made by unmodified jkurwa + gost89 (nothing from src/): jkurwa's own key
// reader opens Key-6.dat, jkurwa's Message builds the CAdES SignedData (contentType, messageDigest, signingTime,
// signingCertificateV2) over a hash, gost89 hashes. Certificates for the attacks are the real ones with their
// TBS edited by hand (../adversarial/asn1.ts) and re-signed by jkurwa with the attacker's key.
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { at, type Bytes, bits, compare, items, octet, rebuild, seq } from "../adversarial/asn1.ts";
import { fixture, KEP_CERT, SIGN_CERT } from "../crypto/fixtures.ts";

const require = createRequire(import.meta.url);
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS libraries, confined to the test helper
type Untyped = any;
const jk: Untyped = require("jkurwa");
const gost89: Untyped = require("gost89");
const algo = gost89.compat.algos();
const buf = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength);

/** A signer as jkurwa sees it: its certificate and private key (jkurwa objects). */
export interface JkSigner {
  readonly cert: Untyped;
  readonly priv: Untyped;
  readonly certDer: Bytes;
}

let box: Untyped;
/** The IIT test user's keys, opened by jkurwa itself (Key-6.dat, password from the fixture README). */
function iitBox(): Untyped {
  box ??= new jk.Box({
    algo,
    keys: [
      {
        keyBuffers: [fixture("Key-6.dat")],
        password: "12345677",
        certBuffers: [fixture(SIGN_CERT), fixture(KEP_CERT)],
      },
    ],
  });
  return box;
}

const signerOf = (key: { cert: Untyped; priv: Untyped }): JkSigner => ({
  cert: key.cert,
  priv: key.priv,
  certDer: Uint8Array.from(key.cert.as_asn1()),
});
/** The IIT test user's signing key and certificate (…FA8F0E00). */
export const iitSigner = (): JkSigner => signerOf(iitBox().keyFor("sign"));
/** The same user's key-agreement key and certificate (keyUsage keyAgreement only). */
export const iitKeyAgreement = (): JkSigner => signerOf(iitBox().keyFor("encrypt"));

export const gostHash = (data: Bytes): Bytes => Uint8Array.from(gost89.gosthash(buf(data)));

/** A fresh private key on the curve of `certDer`'s public key (the attacker's). */
export function attackerKey(certDer: Bytes): Untyped {
  const curve = jk.Certificate.from_asn1(buf(certDer)).pubkey.curve;
  const n = BigInt(`0x${curve.order.toString(true)}`);
  const d = (BigInt(`0x${randomBytes(40).toString("hex")}`) % (n - 1n)) + 1n;
  return new jk.Priv(curve, new jk.Field(d.toString(16), "hex", curve));
}

/**
 * `certDer` with its public key replaced by `priv`'s and its TBS signed by `issuerPriv` (jkurwa, GOST 34.311):
 * the same subject, serial, issuer name and extensions, another key.
 */
export function forgeCertificate(certDer: Bytes, priv: Untyped, issuerPriv: Untyped): Bytes {
  const [tbs = new Uint8Array(), sigAlg = new Uint8Array()] = items(certDer);
  const fields = items(tbs);
  const spkiIndex = fields.findIndex(
    (f, i) => i > 0 && f[0] === 0x30 && at(f, 0)[0] === 0x30 && at(f, 1)[0] === 0x03,
  );
  const spki = fields[spkiIndex] ?? new Uint8Array();
  // jkurwa's serialize() is the OCTET STRING of the little-endian compressed point, as certificates carry it.
  const newSpki = rebuild(spki, [at(spki, 0), bits(Uint8Array.from(priv.pub().serialize()))]);
  const newTbs = rebuild(
    tbs,
    fields.map((f, i) => (i === spkiIndex ? newSpki : f)),
  );
  const sig = issuerPriv.sign(algo.hash(buf(newTbs)), "le");
  return seq(newTbs, sigAlg, bits(octet(Uint8Array.from(sig))));
}

export const jkSignerFor = (certDer: Bytes, priv: Untyped): JkSigner => ({
  cert: jk.Certificate.from_asn1(buf(certDer)),
  priv,
  certDer,
});

/**
 * A detached CMS SignedData by jkurwa over `hash` (GOST 34.311 of the file), signingTime `time`. jkurwa writes
 * the signed attributes in insertion order, not as the sorted SET OF that DER (and RFC 5652 §5.4) requires and IIT
 * writes; they are sorted, then jkurwa signs them again. `edit` may change the attribute list before that.
 */
export function jkDetachedSignature(
  signer: JkSigner,
  hash: Bytes,
  time: Date,
  opts: { attached?: Bytes; edit?: (attrs: Untyped[]) => void } = {},
): Bytes {
  const msg = new jk.models.Message({
    type: "signedData",
    cert: signer.cert,
    data: opts.attached ? buf(opts.attached) : null,
    dataHash: buf(hash),
    signer: signer.priv,
    hash: algo.hash,
    signTime: Math.floor(time.getTime() / 1000),
  });
  const attrs: Untyped[] = msg.info.signerInfos[0].authenticatedAttributes;
  opts.edit?.(attrs);
  const der = (a: Untyped) => at(Uint8Array.from(jk.dstszi2010.Attributes.encode([a], "der")), 0);
  attrs.sort((a, b) => compare(der(a), der(b)));
  msg.attrs = attrs;
  msg.addSignature(algo.hash, signer.priv);
  return Uint8Array.from(msg.as_asn1());
}

/** jkurwa's private key object for scalar `d` on the curve of `certDer`'s key. */
export function jkPriv(certDer: Bytes, d: bigint): Untyped {
  const curve = jk.Certificate.from_asn1(buf(certDer)).pubkey.curve;
  return new jk.Priv(curve, new jk.Field(d.toString(16), "hex", curve));
}
