// The attacker's toolkit: CMS SignedData / EnvelopedData assembled by hand (./asn1.ts) with unmodified jkurwa +
// gost89 doing the cryptography (test/fast/oracle.ts). Nothing here calls src/ wrap or build code, so a bug shared
// by our writer and our reader cannot hide a forgery. Key material comes from the real test containers.
import { randomBytes } from "node:crypto";
import { type OracleCurve, oracle } from "../fast/oracle.ts";
import {
  at,
  type Bytes,
  bits,
  cat,
  compare,
  ctx,
  ctxPrim,
  element,
  int,
  items,
  nul,
  OIDS,
  octet,
  oid,
  seq,
  set,
  tlv,
  utc,
} from "./asn1.ts";

export interface Key {
  readonly curve: OracleCurve;
  readonly d: bigint;
}

const le = (b: Bytes): bigint => b.reduceRight((acc, x) => (acc << 8n) | BigInt(x), 0n);
const toLe = (v: bigint, n: number): Bytes => {
  const out = new Uint8Array(n);
  for (let i = 0, x = v; i < n; i++, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};
const randomBelow = (limit: bigint): bigint => {
  const r = le(new Uint8Array(randomBytes(Math.ceil(limit.toString(2).length / 8) + 8)));
  return (r % (limit - 1n)) + 1n;
};

/** What a certificate says about itself, read from its DER (no src/ code). */
export function certInfo(der: Bytes) {
  const tbs = at(der, 0);
  const fields = items(tbs);
  const off = (fields[0]?.[0] ?? 0) === 0xa0 ? 1 : 0;
  const serial = fields[off] ?? new Uint8Array();
  const issuer = fields[off + 2] ?? new Uint8Array();
  const spki = fields[off + 5] ?? new Uint8Array();
  const keyBits = element(at(spki, 1)).body.subarray(1);
  const q = le(element(keyBits).body);
  let ski: Bytes | undefined;
  const exts = fields.find((f) => f[0] === 0xa3);
  const skiOid = oid("2.5.29.14");
  for (const ext of exts ? items(at(exts, 0)) : []) {
    const parts = items(ext); // extnID, critical?, extnValue OCTET STRING { SubjectKeyIdentifier }
    const [type, value] = [parts[0], parts.at(-1)];
    if (type && value && compare(type, skiOid) === 0) ski = element(element(value).body).body;
  }
  return { serial, issuer, q, ski, ias: seq(issuer, serial) };
}

/** DSTU 4145 signature by jkurwa over GOST 34.311 (gost89) of `data`: r ‖ s little-endian, as CMS carries it. */
export function sign(key: Key, data: Bytes): Bytes {
  const hash = oracle.hash(data);
  const half = Math.ceil(key.curve.n.toString(2).length / 8);
  for (;;) {
    const sig = oracle.sign(key.curve, key.d, hash, randomBelow(key.curve.n));
    if (sig !== null) return cat(toLe(sig.r, half), toLe(sig.s, half));
  }
}

export const attribute = (type: string, ...values: Bytes[]) => seq(oid(type), set(...values));
export const contentTypeAttr = (type: string = OIDS.data) => attribute(OIDS.contentType, oid(type));
export const digestAttr = (content: Bytes) => attribute(OIDS.messageDigest, octet(oracle.hash(content)));
export const timeAttr = (text = "240101120000Z") => attribute(OIDS.signingTime, utc(text));

/** The three attributes Diia signs, for `content`. */
export const diiaAttrs = (content: Bytes, time?: string) => [
  contentTypeAttr(),
  timeAttr(time),
  digestAttr(content),
];

/** SignerInfo with `attrsSet` (a SET, 0x31…) signed by `key` and carried under [0] IMPLICIT. */
export function signerInfo(opts: {
  sid: Bytes;
  key: Key;
  attrsSet: Bytes;
  /** Sign other bytes than those carried (e.g. the DER while carrying a BER copy). */
  signOver?: Bytes;
  version?: number;
  unsigned?: Bytes;
  extra?: Bytes[];
}): Bytes {
  const signature = sign(opts.key, opts.signOver ?? opts.attrsSet);
  return seq(
    int(opts.version ?? (opts.sid[0] === 0x30 ? 1 : 3)),
    opts.sid,
    seq(oid(OIDS.gost34311)),
    retag(opts.attrsSet, 0xa0),
    seq(oid(OIDS.dstu4145le)),
    octet(signature),
    ...(opts.unsigned ? [opts.unsigned] : []),
    ...(opts.extra ?? []),
  );
}

export const retag = (der: Bytes, tag: number): Bytes => {
  const out = Uint8Array.from(der);
  out[0] = tag;
  return out;
};

/** ContentInfo(SignedData) with the content attached; `fields` after signerInfos are appended as given. */
export function signedData(opts: {
  content: Bytes;
  signerInfos: Bytes[];
  certs: Bytes[];
  eContentType?: string;
  after?: Bytes[];
}): Bytes {
  return seq(
    oid(OIDS.signedData),
    ctx(
      0,
      seq(
        int(1),
        set(seq(oid(OIDS.gost34311))),
        seq(oid(opts.eContentType ?? OIDS.data), ctx(0, octet(opts.content))),
        ...(opts.certs.length > 0 ? [ctx(0, ...opts.certs)] : []),
        set(...opts.signerInfos),
        ...(opts.after ?? []),
      ),
    ),
  );
}

function kdf(zz: Bytes, ukm: Bytes): Bytes {
  const shared = seq(
    seq(oid(OIDS.gost28147Wrap), nul()),
    ctx(0, octet(ukm)),
    ctx(2, octet(Uint8Array.of(0, 0, 1, 0))),
  );
  const z = zz[0] === 0 ? zz.subarray(1) : zz;
  return oracle.hash(cat(z, Uint8Array.of(0, 0, 0, 1), shared));
}

export interface Recipient {
  /** Certificate DER the entry names (issuerAndSerialNumber, or rKeyId when `byKeyId`). */
  names: Bytes;
  /** The public key the content key is wrapped to (defaults to the named certificate's). */
  q?: bigint;
  byKeyId?: boolean;
}

/**
 * EnvelopedData parts: one KeyAgreeRecipientInfo per call of `kari` (an ephemeral originator key on `curve`), the
 * content GOST 28147-CFB encrypted by gost89 under a random key, IV without DKE (gost89's default S-box).
 */
export function envelopeParts(plain: Bytes, curve: OracleCurve) {
  const cek = new Uint8Array(randomBytes(32));
  const iv = new Uint8Array(randomBytes(8));
  const h = curve.a === 0 ? 4n : 2n;
  const limit = (1n << BigInt(curve.m)) / h; // below this jkurwa's cofactor DH is exact
  const kari = (recipients: Recipient[]): Bytes => {
    const d = randomBelow(limit < curve.n ? limit : curve.n);
    const ukm = new Uint8Array(randomBytes(64));
    const half = Math.ceil(curve.m / 8);
    const reks = recipients.map((r) => {
      const info = certInfo(r.names);
      const kek = kdf(oracle.agree(curve, d, r.q ?? info.q), ukm);
      const rid = r.byKeyId ? ctx(0, octet(info.ski ?? new Uint8Array())) : info.ias;
      return seq(rid, octet(oracle.keyWrap(kek, cek, new Uint8Array(randomBytes(8)))));
    });
    const originatorKey = tlv(
      0xa1,
      seq(oid(OIDS.dstu4145le), seq(oid(OIDS.dstuCurve431))),
      bits(octet(toLe(oracle.publicKey(curve, d), half))),
    );
    return ctx(
      1,
      int(3),
      ctx(0, originatorKey),
      ctx(1, octet(ukm)),
      seq(oid(OIDS.dstuCofactorDh), seq(oid(OIDS.gost28147Wrap), nul())),
      seq(...reks),
    );
  };
  const eci = seq(
    oid(OIDS.data),
    seq(oid(OIDS.gost28147Cfb), seq(octet(iv))),
    ctxPrim(0, oracle.cfb(cek, iv, plain, false)),
  );
  return { kari, eci };
}

export const envelopedData = (recipientInfos: Bytes[], eci: Bytes, ...after: Bytes[]): Bytes =>
  seq(oid(OIDS.envelopedData), ctx(0, seq(int(2), set(...recipientInfos), eci, ...after)));

/** The usual case: `plain` enveloped to `recipient` (one KeyAgreeRecipientInfo, one encrypted key). */
export function envelope(plain: Bytes, curve: OracleCurve, recipient: Recipient): Bytes {
  const { kari, eci } = envelopeParts(plain, curve);
  return envelopedData([kari([recipient])], eci);
}

/**
 * Opens the real fixture as an attacker who received it would (jkurwa + gost89): the partner key agrees with
 * the sender key named in the envelope, the KEK unwraps the content key, CFB decrypts.
 */
export function decryptFixture(der: Bytes, kaKey: Key, senderCert: Bytes): Bytes {
  const env = at(der, 1, 0);
  const envItems = items(env);
  const recipientInfos = envItems.find((e) => e[0] === 0x31) ?? new Uint8Array();
  const kari = at(recipientInfos, 0);
  const [, , ukmWrap, , reks] = items(kari);
  const ukm = element(at(ukmWrap ?? new Uint8Array(), 0)).body;
  const wrapped = element(at(reks ?? new Uint8Array(), 0, 1)).body;
  const zz = oracle.agree(kaKey.curve, kaKey.d, certInfo(senderCert).q);
  const cek = oracle.keyUnwrap(kdf(zz, ukm), wrapped);
  const eci = envItems.at(-1) ?? new Uint8Array();
  const iv = element(at(eci, 1, 1, 0)).body;
  const ct = element(items(eci)[2] ?? new Uint8Array()).body;
  return oracle.cfb(cek, iv, ct, true);
}
