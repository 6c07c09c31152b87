// Reading the two CMS layers of a Diia payload: EnvelopedData (key agreement + GOST 28147 CFB) and the SignedData
// inside it, with the strict reader of ./der.ts. Every value used (content, messageDigest, contentType,
// signingTime, the signer's identifier) and every byte the signature is checked over come from one parse tree;
// anything the structures do not define is refused. Every failure is an EnvelopeError with the code the caller sees.
import { createHash } from "node:crypto";
import { Certificate, type DstuPublicKey } from "../../certificate.ts";
import { EnvelopeError } from "../../errors.ts";
import type { PrivateKey } from "../../keys.ts";
import {
  type CurveParams,
  dstuAgree,
  dstuPublicKey,
  dstuVerify,
  gost28147CfbDecrypt,
  gost28147KeyUnwrap,
  gost34311,
} from "../primitives.ts";
import { bytesEqual } from "./bytes.ts";
import {
  checkDer,
  concat,
  explicitInner,
  Fields,
  fail,
  isContext,
  isUniversal,
  type Node,
  octets,
  oid,
  parseOne,
  T,
} from "./der.ts";
import { decodePublicKey, decodeSignature, deriveKek, dstuKeyId, parseDstuKeyParams } from "./dstu.ts";
import { OID } from "./oids.ts";

/**
 * Limits on what an envelope may contain (each refusal has its own code). Diia's envelopes carry one recipient
 * entry, one certificate per set and five signed attributes; the limits leave room and bound the work.
 */
export const LIMITS = {
  /** Recipient infos plus the encrypted keys inside them (TOO_MANY_RECIPIENTS). */
  recipients: 16,
  /** Entries naming one of our certificates, i.e. key agreements tried (TOO_MANY_RECIPIENTS). */
  keyAgreements: 2,
  /** Certificates in one certificate set (TOO_MANY_CERTIFICATES). */
  certificates: 8,
  /** Attributes in one attribute set, and values in one attribute (TOO_MANY_ATTRIBUTES). */
  attributes: 16,
} as const;

const malformed = (what: string, cause?: unknown) => fail("MALFORMED", what, cause);

/** Identifies a certificate the way CMS does: by issuer + serial, or by subjectKeyIdentifier. */
export type CertRef = { issuerNameDer: Uint8Array; serial: Uint8Array } | { keyId: Uint8Array };

const stripZeros = (b: Uint8Array): Uint8Array => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

export function certMatches(cert: Certificate, ref: CertRef): boolean {
  if ("keyId" in ref)
    return cert.keyId !== undefined && cert.keyId === Buffer.from(ref.keyId).toString("hex");
  return (
    bytesEqual(stripZeros(cert.serialBytes), stripZeros(ref.serial)) &&
    bytesEqual(cert.issuerNameDer, ref.issuerNameDer)
  );
}

export function sameCurve(a: CurveParams, b: CurveParams): boolean {
  return (
    a.m === b.m &&
    a.a === b.a &&
    a.b === b.b &&
    a.n === b.n &&
    a.base === b.base &&
    a.ks.length === b.ks.length &&
    a.ks.every((k, i) => k === b.ks[i])
  );
}

const publicKeys = new WeakMap<PrivateKey, bigint>();
const keyIds = new WeakMap<PrivateKey, Uint8Array>();
/** Key identifier of a private key's public key, as IIT computes subjectKeyIdentifier. */
function keyIdOf(key: PrivateKey): Uint8Array {
  let id = keyIds.get(key);
  if (id === undefined) {
    id = dstuKeyId(key.curve, publicKeyOf(key));
    keyIds.set(key, id);
  }
  return id;
}
/** Public point of a private key, computed once per key object (a scalar multiplication). */
export function publicKeyOf(key: PrivateKey): bigint {
  let q = publicKeys.get(key);
  if (q === undefined) {
    q = dstuPublicKey(key.curve, key.d);
    publicKeys.set(key, q);
  }
  return q;
}

const isSeq = (n: Node) => isUniversal(n, T.SEQUENCE, true);
const isSet = (n: Node) => isUniversal(n, T.SET, true);
const isInt = (n: Node) => isUniversal(n, T.INTEGER, false);
const isOid = (n: Node) => isUniversal(n, T.OID, false);
const ctx = (tag: number, constructed: boolean) => (n: Node) =>
  isContext(n, tag) && n.constructed === constructed;
const any = () => true;

/** ContentInfo ::= SEQUENCE { contentType, content [0] EXPLICIT ANY }; returns the content element. */
function contentInfoOf(der: Uint8Array, expectedType: string, what: string): Node {
  // Garbage (e.g. a wrongly decrypted first block) is told apart before its lengths are believed.
  if (der[0] !== 0x30) throw malformed(`${what} is not a ContentInfo`);
  const f = new Fields(parseOne(der, what), `${what} ContentInfo`);
  const type = oid(f.required(isOid, "contentType"), "contentType");
  const content = f.required(ctx(0, true), "content");
  f.end();
  if (type !== expectedType) throw malformed(`${what} has an unexpected content type`);
  return explicitInner(content, what);
}

interface AlgorithmIdentifier {
  readonly oid: string;
  readonly params: Node | undefined;
}
function algorithm(node: Node, what: string): AlgorithmIdentifier {
  const f = new Fields(node, what);
  const id = oid(f.required(isOid, "algorithm"), what);
  const params = f.optional(any);
  f.end();
  return { oid: id, params };
}
/** An algorithm that takes no parameters (absent or NULL). */
function bareAlgorithm(node: Node, what: string): string {
  const alg = algorithm(node, what);
  if (
    alg.params !== undefined &&
    !(isUniversal(alg.params, T.NULL, false) && alg.params.content.length === 0)
  )
    throw fail("UNEXPECTED_ELEMENT", `${what} has parameters`);
  return alg.oid;
}

function issuerAndSerial(node: Node, what: string): CertRef {
  const f = new Fields(node, what);
  const issuer = f.required(isSeq, "issuer");
  const serial = f.required(isInt, "serialNumber");
  f.end();
  return { issuerNameDer: issuer.bytes, serial: serial.content };
}

/** CertificateSet ::= SET OF CertificateChoices; only plain X.509 certificates are accepted. */
function certificateSet(node: Node | undefined, what: string): Uint8Array[] {
  if (node === undefined) return [];
  if (node.children.length > LIMITS.certificates)
    throw fail("TOO_MANY_CERTIFICATES", `more than ${LIMITS.certificates} certificates in ${what}`);
  return node.children.map((c) => {
    if (!isSeq(c)) throw fail("UNEXPECTED_ELEMENT", `${what} holds something other than a certificate`);
    return c.bytes;
  });
}

/** Certificates that parse; others cannot identify anyone and are left out. */
export function parseCertificates(ders: readonly Uint8Array[]): Certificate[] {
  const out: Certificate[] = [];
  for (const der of ders) {
    try {
      out.push(Certificate.fromDer(der));
    } catch {}
  }
  return out;
}

/** Attributes ::= SET OF SEQUENCE { attrType, attrValues SET OF ANY }: bounded, each type once. */
function attributes(node: Node, what: string): Map<string, readonly Node[]> {
  if (node.children.length > LIMITS.attributes)
    throw fail("TOO_MANY_ATTRIBUTES", `more than ${LIMITS.attributes} ${what}`);
  const out = new Map<string, readonly Node[]>();
  for (const a of node.children) {
    if (!isSeq(a)) throw fail("UNEXPECTED_ELEMENT", `${what} hold something other than an attribute`);
    const f = new Fields(a, "attribute");
    const type = oid(f.required(isOid, "attrType"), "attrType");
    const values = f.required(isSet, "attrValues");
    f.end();
    if (values.children.length === 0) throw malformed(`an attribute in ${what} has no value`);
    if (values.children.length > LIMITS.attributes)
      throw fail("TOO_MANY_ATTRIBUTES", `an attribute in ${what} has more than ${LIMITS.attributes} values`);
    if (out.has(type)) throw fail("DUPLICATE_ATTRIBUTE", `an attribute appears twice in ${what}`);
    out.set(type, values.children);
  }
  return out;
}

/** The value of a single-valued attribute (contentType, messageDigest, signingTime: RFC 5652 §11). */
function single(attrs: Map<string, readonly Node[]>, type: string): Node | undefined {
  const values = attrs.get(type);
  if (values === undefined) return undefined;
  if (values.length !== 1)
    throw fail("DUPLICATE_ATTRIBUTE", "a single-valued signed attribute has several values");
  return values[0];
}

const UTC = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/;
const GENERALIZED = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(?:\.(\d*[1-9]))?Z$/;
/** UTCTime / GeneralizedTime in their DER forms (X.690 11.7–11.8). */
function timeValue(node: Node): Date {
  const text = Buffer.from(node.content).toString("latin1");
  const m = isUniversal(node, T.UTC_TIME, false)
    ? UTC.exec(text)
    : isUniversal(node, T.GENERALIZED_TIME, false)
      ? GENERALIZED.exec(text)
      : null;
  if (m === null) throw malformed("bad signingTime");
  const [, y = "", mo = "", d = "", h = "", mi = "", s = "", frac = ""] = m;
  const year = y.length === 2 ? (Number(y) < 50 ? 2000 : 1900) + Number(y) : Number(y);
  const ms = frac === "" ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
  const t = new Date(Date.UTC(year, Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms));
  if (
    t.getUTCFullYear() !== year ||
    t.getUTCMonth() !== Number(mo) - 1 ||
    t.getUTCDate() !== Number(d) ||
    t.getUTCHours() !== Number(h) ||
    t.getUTCMinutes() !== Number(mi) ||
    t.getUTCSeconds() !== Number(s)
  )
    throw malformed("bad signingTime");
  return t;
}

export interface EnvelopeKeys {
  readonly keys: readonly PrivateKey[];
  /** Our certificates: only recipient entries that name one of them are opened, with its key. */
  readonly ours: readonly Certificate[];
  /** Where the sender's key-agreement certificate may be found when originatorInfo lacks it. */
  readonly senderFallback: readonly Certificate[];
}

interface Originator {
  readonly curve: CurveParams | undefined;
  readonly q: bigint;
}

/** OriginatorIdentifierOrKey (inside the [0] EXPLICIT tag). */
function originatorOf(
  node: Node,
  inEnvelope: () => Certificate[],
  keys: EnvelopeKeys,
): Originator | undefined {
  if (isContext(node, 1) && node.constructed) {
    const f = new Fields(node, "originatorKey");
    const alg = algorithm(f.required(isSeq, "algorithm"), "originatorKey algorithm");
    const bits = f.required((n) => isUniversal(n, T.BIT_STRING, false), "publicKey");
    f.end();
    if (alg.oid !== OID.dstu4145le) return undefined;
    if (bits.content[0] !== 0) throw malformed("bad originator public key");
    try {
      const curve = alg.params ? parseDstuKeyParams(alg.params.bytes).curve : undefined;
      return { curve, q: decodePublicKey(bits.content.subarray(1)) };
    } catch (cause) {
      throw malformed("bad originator public key", cause);
    }
  }
  let ref: CertRef;
  if (isSeq(node)) ref = issuerAndSerial(node, "originator issuerAndSerialNumber");
  else if (isContext(node, 0) && !node.constructed) ref = { keyId: node.content };
  else throw fail("UNEXPECTED_ELEMENT", "unknown originator choice");
  const cert = [...inEnvelope(), ...keys.senderFallback].find((c) => c.publicKey && certMatches(c, ref));
  const pk: DstuPublicKey | undefined = cert?.publicKey;
  return pk ? { curve: pk.curve, q: pk.q } : undefined;
}

/** KeyAgreeRecipientIdentifier: issuerAndSerialNumber, or rKeyId [0] IMPLICIT RecipientKeyIdentifier. */
function recipientRef(node: Node): CertRef {
  if (isSeq(node)) return issuerAndSerial(node, "recipient issuerAndSerialNumber");
  if (isContext(node, 0) && node.constructed) {
    const f = new Fields(node, "rKeyId");
    const keyId = octets(
      f.required((n) => isUniversal(n, T.OCTET_STRING), "subjectKeyIdentifier"),
      "rKeyId",
    );
    f.optional((n) => isUniversal(n, T.GENERALIZED_TIME, false));
    f.optional(isSeq);
    f.end();
    return { keyId };
  }
  throw fail("UNEXPECTED_ELEMENT", "unknown recipient identifier choice");
}

interface Kari {
  readonly originator: Node;
  readonly ukm: Uint8Array | undefined;
  readonly supported: boolean;
  readonly keys: readonly { rid: CertRef; encryptedKey: Uint8Array }[];
}

function kariOf(node: Node): Kari {
  const f = new Fields(node, "KeyAgreeRecipientInfo");
  f.required(isInt, "version");
  const originator = explicitInner(f.required(ctx(0, true), "originator"), "originator");
  const ukmNode = f.optional(ctx(1, true));
  const ukm = ukmNode ? octets(explicitInner(ukmNode, "ukm"), "ukm") : undefined;
  const kea = algorithm(f.required(isSeq, "keyEncryptionAlgorithm"), "keyEncryptionAlgorithm");
  const reks = f.required(isSeq, "recipientEncryptedKeys");
  f.end();
  const wrap = kea.params && isSeq(kea.params) ? kea.params.children[0] : undefined;
  const supported =
    kea.oid === OID.dstuCofactorDh &&
    wrap !== undefined &&
    isOid(wrap) &&
    oid(wrap, "wrap") === OID.gost28147Wrap;
  const keys = reks.children.map((rek) => {
    if (!isSeq(rek)) throw fail("UNEXPECTED_ELEMENT", "recipientEncryptedKeys holds something else");
    const g = new Fields(rek, "RecipientEncryptedKey");
    const rid = recipientRef(g.required(any, "rid"));
    const encryptedKey = octets(
      g.required((n) => isUniversal(n, T.OCTET_STRING), "encryptedKey"),
      "encryptedKey",
    );
    g.end();
    return { rid, encryptedKey };
  });
  return { originator, ukm, supported, keys };
}

/** Decrypts the EnvelopedData; returns the inner plaintext (the SignedData ContentInfo). */
export function openEnvelope(der: Uint8Array, keys: EnvelopeKeys): Uint8Array {
  const env = new Fields(contentInfoOf(der, OID.envelopedData, "envelope"), "EnvelopedData");
  env.required(isInt, "version");
  const originatorInfo = env.optional(ctx(0, true));
  const recipientInfos = env.required(isSet, "recipientInfos");
  const eci = new Fields(env.required(isSeq, "encryptedContentInfo"), "EncryptedContentInfo");
  const unprotected = env.optional(ctx(1, true));
  env.end();
  if (unprotected) attributes(unprotected, "unprotected attributes");

  let originatorCerts: Uint8Array[] = [];
  if (originatorInfo) {
    const oi = new Fields(originatorInfo, "OriginatorInfo");
    originatorCerts = certificateSet(oi.optional(ctx(0, true)), "originatorInfo");
    oi.optional(ctx(1, true)); // crls: not used
    oi.end();
  }
  let parsedOriginatorCerts: Certificate[] | undefined;
  const inEnvelope = () => {
    parsedOriginatorCerts ??= parseCertificates(originatorCerts);
    return parsedOriginatorCerts;
  };

  oid(eci.required(isOid, "contentType"), "contentType");
  const cipher = algorithm(eci.required(isSeq, "contentEncryptionAlgorithm"), "contentEncryptionAlgorithm");
  const encrypted = eci.optional((n) => isContext(n, 0));
  eci.end();
  if (cipher.oid !== OID.gost28147Cfb) throw malformed("unsupported content cipher");
  if (cipher.params === undefined || !isSeq(cipher.params)) throw malformed("bad cipher parameters");
  const cp = new Fields(cipher.params, "cipher parameters");
  const iv = octets(
    cp.required((n) => isUniversal(n, T.OCTET_STRING), "iv"),
    "iv",
  );
  const dkeNode = cp.optional((n) => isUniversal(n, T.OCTET_STRING));
  cp.end();
  const dke = dkeNode === undefined ? undefined : octets(dkeNode, "dke");
  if (iv.length !== 8 || (dke !== undefined && dke.length !== 64)) throw malformed("bad cipher parameters");
  if (encrypted === undefined) throw malformed("no encrypted content");
  // [0] IMPLICIT OCTET STRING: primitive, or (BER) constructed from OCTET STRING segments.
  const ciphertext = encrypted.constructed
    ? concat(encrypted.children.map((c) => octets(c, "encryptedContent")))
    : encrypted.content;

  // Bound the whole recipient list before any arithmetic, then pick the entries that name our certificates.
  let entries = recipientInfos.children.length;
  const karis: Kari[] = [];
  for (const ri of recipientInfos.children) {
    if (isContext(ri, 1) && ri.constructed) {
      const kari = kariOf(ri);
      entries += kari.keys.length;
      karis.push(kari);
    } else if (!(isSeq(ri) || (isContext(ri, 2) && ri.constructed) || isContext(ri, 3) || isContext(ri, 4))) {
      throw fail("UNEXPECTED_ELEMENT", "recipientInfos holds something other than a recipient info");
    }
    if (entries > LIMITS.recipients)
      throw fail("TOO_MANY_RECIPIENTS", `more than ${LIMITS.recipients} recipient entries`);
  }
  if (karis.length === 0) throw malformed("no key-agreement recipient");

  // Which entries are ours: one naming our certificate (its key), or by rKeyId our key's id. A key whose
  // certificate we were not given (a bare key file) can only be matched by elimination: it is tried on entries
  // naming no certificate we know (ours, the sender's, the pinned ones).
  const ours = keys.keys.map((key) => ({ key, q: publicKeyOf(key), id: keyIdOf(key) }));
  const uncertified = ours.filter(
    ({ key, q }) => !keys.ours.some((c) => c.publicKey?.q === q && sameCurve(c.publicKey.curve, key.curve)),
  );
  const attempts: { kari: Kari; encryptedKey: Uint8Array; key: PrivateKey; sender: Originator }[] = [];
  for (const kari of karis) {
    if (!kari.supported) continue;
    const sender = originatorOf(kari.originator, inEnvelope, keys);
    if (sender === undefined) continue;
    const onCurve = ({ key }: { key: PrivateKey }) =>
      sender.curve === undefined || sameCurve(sender.curve, key.curve);
    for (const { rid, encryptedKey } of kari.keys) {
      const pk = keys.ours.find((c) => certMatches(c, rid))?.publicKey;
      const named = pk
        ? ours.filter(({ key, q }) => q === pk.q && sameCurve(key.curve, pk.curve))
        : ours.filter(({ id }) => "keyId" in rid && bytesEqual(id, rid.keyId));
      const candidates =
        named.length > 0 || pk || keys.senderFallback.some((c) => certMatches(c, rid)) ? named : uncertified;
      for (const { key } of candidates.filter(onCurve)) attempts.push({ kari, encryptedKey, key, sender });
    }
  }
  if (attempts.length > LIMITS.keyAgreements)
    throw fail("TOO_MANY_RECIPIENTS", `more than ${LIMITS.keyAgreements} entries could be ours`);

  for (const { kari, encryptedKey, key, sender } of attempts) {
    let zz: Uint8Array;
    try {
      zz = dstuAgree(key.curve, key.d, sender.q);
    } catch {
      continue;
    }
    const cek = gost28147KeyUnwrap(deriveKek(zz, kari.ukm), encryptedKey);
    if (cek !== undefined) return gost28147CfbDecrypt(cek, iv, ciphertext, dke);
  }
  throw new EnvelopeError("NOT_FOR_US", "the envelope cannot be opened with our keys");
}

/** The one SignerInfo of a SignedData, read strictly; every value comes from `signedAttrsDer`'s own tree. */
export interface SignedContent {
  /** The attached content; empty for a detached signature (read with `detached: true`). */
  readonly content: Uint8Array;
  readonly sid: CertRef;
  /** The signer's signedAttrs as the signature covers them: DER, SET OF tag (0x31), RFC 5652 §5.4. */
  readonly signedAttrsDer: Uint8Array;
  readonly messageDigest: Uint8Array | undefined;
  readonly signingTime: Date | undefined;
  readonly signature: Uint8Array;
  /** digestAlgorithm and signatureAlgorithm of the SignerInfo (GOST 34.311 + DSTU 4145, or SHA-256 + ECDSA). */
  readonly digestAlgorithm: string;
  readonly signatureAlgorithm: string;
  /** The signed ESS signingCertificate(V2) references to the signer's certificate: hash algorithm + hash. */
  readonly signingCertificates: readonly { readonly algorithm: string; readonly hash: Uint8Array }[];
  /** DER of the certificates the SignedData carries (unparsed: parsing costs and is needed only sometimes). */
  readonly certificateDers: readonly Uint8Array[];
}

/**
 * Reads a ContentInfo(SignedData). Diia's envelopes carry their content (`detached` false: a signature without
 * content is MALFORMED); Дія.Підпис signatures are detached (`detached` true: a signature carrying content is
 * NOT_DETACHED, since what it covers must be exactly the hash the caller expects, not data it brings along).
 */
export function readSignedData(der: Uint8Array, { detached = false } = {}): SignedContent {
  const sd = new Fields(contentInfoOf(der, OID.signedData, "signed data"), "SignedData");
  sd.required(isInt, "version");
  const digestAlgorithms = sd.required(isSet, "digestAlgorithms");
  const encap = new Fields(sd.required(isSeq, "encapContentInfo"), "EncapsulatedContentInfo");
  const certificateDers = certificateSet(sd.optional(ctx(0, true)), "SignedData");
  sd.optional(ctx(1, true)); // crls: not used
  const signerInfos = sd.required(isSet, "signerInfos");
  sd.end();
  for (const a of digestAlgorithms.children) {
    if (!isSeq(a)) throw fail("UNEXPECTED_ELEMENT", "digestAlgorithms holds something else");
    algorithm(a, "digest algorithm");
  }

  const eContentType = oid(encap.required(isOid, "eContentType"), "eContentType");
  const eContent = encap.optional(ctx(0, true));
  encap.end();
  if (detached && eContent !== undefined)
    throw fail("NOT_DETACHED", "the signature carries content: a detached signature was expected");
  if (!detached && eContent === undefined) throw malformed("detached signatures are not supported here");
  const content =
    eContent === undefined ? new Uint8Array(0) : octets(explicitInner(eContent, "eContent"), "eContent");

  if (signerInfos.children.length > 1) throw fail("MULTIPLE_SIGNERS", "more than one SignerInfo");
  const [siNode] = signerInfos.children;
  if (siNode === undefined || !isSeq(siNode)) throw malformed("expected exactly one signer");
  const si = new Fields(siNode, "SignerInfo");
  si.required(isInt, "version");
  const sidNode = si.required(any, "sid");
  const digestAlg = bareAlgorithm(si.required(isSeq, "digestAlgorithm"), "digestAlgorithm");
  const signedAttrs = si.optional(ctx(0, true));
  const signatureAlg = bareAlgorithm(si.required(isSeq, "signatureAlgorithm"), "signatureAlgorithm");
  const signature = octets(
    si.required((n) => isUniversal(n, T.OCTET_STRING, false), "signature"),
    "signature",
  );
  const unsignedAttrs = si.optional(ctx(1, true));
  si.end();
  let sid: CertRef;
  if (isSeq(sidNode)) sid = issuerAndSerial(sidNode, "signer issuerAndSerialNumber");
  else if (isContext(sidNode, 0) && !sidNode.constructed) sid = { keyId: sidNode.content };
  else throw fail("UNEXPECTED_ELEMENT", "unknown signer identifier choice");
  // Diia's envelopes are DSTU only; a Дія.Підпис signature may also be ECDSA over SHA-256 (signAlgo "ECDSA").
  const dstu = digestAlg === OID.gost34311 && signatureAlg === OID.dstu4145le;
  const ecdsa =
    detached &&
    digestAlg === OID.sha256 &&
    (signatureAlg === OID.ecdsaWithSha256 || signatureAlg === OID.ecPublicKey);
  if (!dstu && !ecdsa) throw malformed("unsupported digest or signature algorithm");
  if (unsignedAttrs) attributes(unsignedAttrs, "unsigned attributes");

  if (eContentType !== OID.data) throw fail("CONTENT_TYPE_MISMATCH", "the signed content is not id-data");
  if (signedAttrs === undefined) throw fail("CONTENT_TYPE_MISMATCH", "no signed attributes (no contentType)");
  const attrs = attributes(signedAttrs, "signed attributes");
  // The signature covers the DER of this very field under the SET OF tag; reading it as DER from the same
  // tree the values come from leaves no second interpretation.
  if (
    signedAttrs.indefinite ||
    !signedAttrs.minimalLength ||
    !checkDer({ ...signedAttrs, cls: 0, tagNumber: T.SET })
  )
    throw fail("SIGNED_ATTRS_NOT_DER", "the signed attributes are not DER");
  const ct = single(attrs, OID.contentType);
  if (ct === undefined || oid(ct, "contentType") !== eContentType)
    throw fail("CONTENT_TYPE_MISMATCH", "the contentType attribute does not match eContentType");
  const md = single(attrs, OID.messageDigest);
  const time = single(attrs, OID.signingTime);
  const signingCertificates = [OID.signingCertificate, OID.signingCertificateV2].flatMap((type) => {
    const value = single(attrs, type);
    return value === undefined ? [] : [essCertId(value, type === OID.signingCertificateV2)];
  });
  const signedAttrsDer = Uint8Array.from(signedAttrs.bytes);
  signedAttrsDer[0] = 0x31;
  return {
    content,
    sid,
    signedAttrsDer,
    messageDigest: md === undefined ? undefined : octets(md, "messageDigest", false),
    signingTime: time === undefined ? undefined : timeValue(time),
    signature,
    digestAlgorithm: digestAlg,
    signatureAlgorithm: signatureAlg,
    signingCertificates,
    certificateDers,
  };
}

/**
 * SigningCertificate(V2) ::= SEQUENCE { certs SEQUENCE OF ESSCertID(v2), policies OPTIONAL }; the first ESSCertID
 * is the signer's: ESSCertIDv2 ::= SEQUENCE { hashAlgorithm DEFAULT sha256, certHash, issuerSerial OPTIONAL }
 * (v1: SHA-1, no algorithm field).
 */
function essCertId(value: Node, v2: boolean): { algorithm: string; hash: Uint8Array } {
  if (!isSeq(value)) throw malformed("bad signingCertificate attribute");
  const f = new Fields(value, "signingCertificate");
  const certs = f.required(isSeq, "certs");
  f.optional(isSeq);
  f.end();
  const [first] = certs.children;
  if (first === undefined || !isSeq(first)) throw malformed("bad signingCertificate attribute");
  const id = new Fields(first, "ESSCertID");
  const alg = v2 ? id.optional(isSeq) : undefined;
  const hash = octets(
    id.required((n) => isUniversal(n, T.OCTET_STRING, false), "certHash"),
    "certHash",
  );
  id.optional(isSeq);
  id.end();
  return {
    algorithm: alg ? algorithm(alg, "ESSCertIDv2 hashAlgorithm").oid : v2 ? OID.sha256 : OID.sha1,
    hash,
  };
}

/** True when every signed signingCertificate reference names `certDer` (hash algorithms: GOST 34.311, SHA-1/256). */
export function signingCertificateMatches(signed: SignedContent, certDer: Uint8Array): boolean {
  return signed.signingCertificates.every(({ algorithm, hash }) => {
    const digest =
      algorithm === OID.gost34311
        ? gost34311(certDer)
        : algorithm === OID.sha256 || algorithm === OID.sha1
          ? new Uint8Array(
              createHash(algorithm === OID.sha1 ? "sha1" : "sha256")
                .update(certDer)
                .digest(),
            )
          : undefined;
    if (digest === undefined) throw malformed("unsupported hash algorithm in signingCertificate");
    return bytesEqual(digest, hash);
  });
}

/**
 * Checks the messageDigest attribute against the content and the DSTU signature over the signed attributes
 * (whose GOST 34.311 hash is passed in, computed once by the caller). False for any mismatch.
 */
export function signatureValid(signed: SignedContent, attrsHash: Uint8Array, key: DstuPublicKey): boolean {
  if (signed.messageDigest === undefined || !bytesEqual(signed.messageDigest, gost34311(signed.content)))
    return false;
  return attrsSignatureValid(signed, attrsHash, key);
}

/** The DSTU signature over the signed attributes alone (a detached signature's messageDigest is the caller's). */
export function attrsSignatureValid(
  signed: SignedContent,
  attrsHash: Uint8Array,
  key: DstuPublicKey,
): boolean {
  let sig: ReturnType<typeof decodeSignature>;
  try {
    sig = decodeSignature(signed.signature);
  } catch {
    return false;
  }
  return dstuVerify(key.curve, key.q, attrsHash, sig);
}
