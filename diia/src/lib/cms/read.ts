// Reading the two CMS layers of a Diia payload: EnvelopedData (key agreement + GOST 28147 CFB) and the SignedData
// inside it. Every failure becomes an EnvelopeError with the code the caller sees.
import {
  ContentInfo,
  EnvelopedData,
  type IssuerAndSerialNumber,
  type KeyAgreeRecipientInfo,
  SignedData,
  type SignerInfo,
} from "@peculiar/asn1-cms";
import { AsnConvert } from "@peculiar/asn1-schema";
import * as asn1js from "asn1js";
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
import { decodePublicKey, decodeSignature, deriveKek, parseDstuKeyParams } from "./dstu.ts";
import { OID } from "./oids.ts";

const malformed = (what: string, cause?: unknown) =>
  new EnvelopeError("MALFORMED", `malformed envelope: ${what}`, { cause });

function parseAs<T>(der: ArrayBuffer | Uint8Array, type: new () => T, what: string): T {
  try {
    return AsnConvert.parse(der, type);
  } catch (cause) {
    throw malformed(what, cause);
  }
}

/** Identifies a certificate the way CMS does: by issuer + serial, or by subjectKeyIdentifier. */
export type CertRef = { issuerNameDer: Uint8Array; serial: Uint8Array } | { keyId: Uint8Array };

const stripZeros = (b: Uint8Array): Uint8Array => {
  let i = 0;
  while (i < b.length - 1 && b[i] === 0) i++;
  return b.subarray(i);
};

export function refFromIssuerSerial(ias: IssuerAndSerialNumber): CertRef {
  return {
    issuerNameDer: new Uint8Array(AsnConvert.serialize(ias.issuer)),
    serial: new Uint8Array(ias.serialNumber),
  };
}

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
/** Public point of a private key, computed once per key object (a scalar multiplication). */
export function publicKeyOf(key: PrivateKey): bigint {
  let q = publicKeys.get(key);
  if (q === undefined) {
    q = dstuPublicKey(key.curve, key.d);
    publicKeys.set(key, q);
  }
  return q;
}

/** Content of an OCTET STRING given primitive or as BER constructed segments. */
function octetStringContent(node: asn1js.AsnType): Uint8Array {
  if (!(node instanceof asn1js.OctetString)) throw malformed("expected OCTET STRING");
  if (!node.idBlock.isConstructed) return new Uint8Array(node.valueBlock.valueHexView);
  const parts = node.valueBlock.value.map(octetStringContent);
  return new Uint8Array(Buffer.concat(parts));
}

export function contentInfo(der: Uint8Array, expectedType: string, what: string): ArrayBuffer {
  const ci = parseAs(der, ContentInfo, what);
  if (ci.contentType !== expectedType) throw malformed(`${what} has an unexpected content type`);
  return ci.content;
}

export interface EnvelopeKeys {
  readonly keys: readonly PrivateKey[];
  /** Our certificates (to find which recipient entry is ours). */
  readonly ours: readonly Certificate[];
  /** Where the sender's key-agreement certificate may be found when originatorInfo lacks it. */
  readonly senderFallback: readonly Certificate[];
}

function originatorKey(kari: KeyAgreeRecipientInfo, inEnvelope: Certificate[], keys: EnvelopeKeys) {
  const o = kari.originator;
  if (o.originatorKey) {
    const params = o.originatorKey.algorithm.parameters;
    const curve = params ? parseDstuKeyParams(params).curve : undefined;
    const q = decodePublicKey(new Uint8Array(o.originatorKey.publicKey));
    return { curve, q };
  }
  const ref: CertRef | undefined = o.issuerAndSerialNumber
    ? refFromIssuerSerial(o.issuerAndSerialNumber)
    : o.subjectKeyIdentifier
      ? { keyId: new Uint8Array(o.subjectKeyIdentifier.buffer) }
      : undefined;
  if (ref === undefined) return undefined;
  const cert = [...inEnvelope, ...keys.senderFallback].find((c) => c.publicKey && certMatches(c, ref));
  const pk: DstuPublicKey | undefined = cert?.publicKey;
  return pk ? { curve: pk.curve as CurveParams | undefined, q: pk.q } : undefined;
}

/** Decrypts the EnvelopedData; returns the inner plaintext (the SignedData ContentInfo). */
export function openEnvelope(der: Uint8Array, keys: EnvelopeKeys): Uint8Array {
  const env = parseAs(contentInfo(der, OID.envelopedData, "envelope"), EnvelopedData, "EnvelopedData");
  const eci = env.encryptedContentInfo;
  if (eci.contentEncryptionAlgorithm.algorithm !== OID.gost28147Cfb)
    throw malformed("unsupported content cipher");
  const cipherParams = eci.contentEncryptionAlgorithm.parameters;
  if (!cipherParams) throw malformed("missing cipher parameters");
  const [ivNode, dkeNode] = (() => {
    const node = asn1js.fromBER(cipherParams).result;
    if (!(node instanceof asn1js.Sequence)) throw malformed("bad cipher parameters");
    return node.valueBlock.value;
  })();
  if (ivNode === undefined) throw malformed("bad cipher parameters");
  const iv = octetStringContent(ivNode);
  const dke = dkeNode === undefined ? undefined : octetStringContent(dkeNode);
  if (iv.length !== 8 || (dke !== undefined && dke.length !== 64)) throw malformed("bad cipher parameters");
  const ec = eci.encryptedContent;
  const ciphertext = ec?.value
    ? new Uint8Array(ec.value.buffer)
    : ec?.constructedValue
      ? new Uint8Array(Buffer.concat(ec.constructedValue.map((p) => new Uint8Array(p.buffer))))
      : undefined;
  if (ciphertext === undefined) throw malformed("no encrypted content");

  const inEnvelope: Certificate[] = [];
  for (const choice of env.originatorInfo?.certs ?? []) {
    if (!choice.certificate) continue;
    try {
      inEnvelope.push(Certificate.fromDer(new Uint8Array(AsnConvert.serialize(choice.certificate))));
    } catch {}
  }

  const ourKeys = keys.keys.map((key) => ({ key, q: publicKeyOf(key) }));
  let sawKari = false;
  for (const ri of env.recipientInfos) {
    const kari = ri.kari;
    if (!kari) continue;
    sawKari = true;
    const kea = kari.keyEncryptionAlgorithm;
    if (kea.algorithm !== OID.dstuCofactorDh) continue;
    const wrapAlg = kea.parameters ? asn1js.fromBER(kea.parameters).result : undefined;
    const wrapOid = wrapAlg instanceof asn1js.Sequence ? wrapAlg.valueBlock.value[0] : undefined;
    if (!(wrapOid instanceof asn1js.ObjectIdentifier) || wrapOid.valueBlock.toString() !== OID.gost28147Wrap)
      continue;
    const sender = originatorKey(kari, inEnvelope, keys);
    if (sender === undefined) continue;
    const ukm = kari.ukm ? new Uint8Array(kari.ukm.buffer) : undefined;
    for (const rek of kari.recipientEncryptedKeys) {
      const ref: CertRef | undefined = rek.rid.issuerAndSerialNumber
        ? refFromIssuerSerial(rek.rid.issuerAndSerialNumber)
        : rek.rid.rKeyId
          ? { keyId: new Uint8Array(rek.rid.rKeyId.subjectKeyIdentifier.buffer) }
          : undefined;
      const ourCert = ref ? keys.ours.find((c) => certMatches(c, ref)) : undefined;
      // With our certificate known, only its key is tried; without it, every key on the sender's curve.
      const candidates = ourKeys.filter(
        ({ key, q }) =>
          (sender.curve === undefined || sameCurve(sender.curve, key.curve)) &&
          (ourCert === undefined ? keys.ours.length === 0 || ref === undefined : ourCert.publicKey?.q === q),
      );
      for (const { key } of candidates) {
        let zz: Uint8Array;
        try {
          zz = dstuAgree(key.curve, key.d, sender.q);
        } catch {
          continue;
        }
        const cek = gost28147KeyUnwrap(deriveKek(zz, ukm), new Uint8Array(rek.encryptedKey.buffer));
        if (cek !== undefined) return gost28147CfbDecrypt(cek, iv, ciphertext, dke);
      }
    }
  }
  if (!sawKari) throw malformed("no key-agreement recipient");
  throw new EnvelopeError("NOT_FOR_US", "the envelope cannot be opened with our keys");
}

export interface SignedContent {
  readonly content: Uint8Array;
  readonly signerInfo: SignerInfo;
  /** The signer's signedAttrs exactly as encoded (tag [0] included), when present. */
  readonly signedAttrsDer: Uint8Array | undefined;
  readonly certificates: Certificate[];
}

const children = (n: asn1js.AsnType | undefined): asn1js.AsnType[] =>
  n instanceof asn1js.Sequence || n instanceof asn1js.Set || n instanceof asn1js.Constructed
    ? n.valueBlock.value
    : [];

/** Raw bytes of the first signer's signedAttrs: the signature covers them as encoded, not as re-encoded. */
function rawSignedAttrs(der: Uint8Array): Uint8Array | undefined {
  const ci = asn1js.fromBER(der).result;
  const sd = children(children(ci)[1])[0];
  const signerInfos = children(sd).at(-1);
  const first = children(signerInfos)[0];
  const attrs = children(first).find((n) => n.idBlock.tagClass === 3 && n.idBlock.tagNumber === 0);
  return attrs ? new Uint8Array(attrs.valueBeforeDecodeView) : undefined;
}

export function readSignedData(der: Uint8Array): SignedContent {
  const sd = parseAs(contentInfo(der, OID.signedData, "signed data"), SignedData, "SignedData");
  const e = sd.encapContentInfo.eContent;
  let content: Uint8Array;
  if (e?.single) content = new Uint8Array(e.single.buffer);
  else if (e?.any) content = octetStringContent(asn1js.fromBER(e.any).result);
  else throw malformed("detached signatures are not supported");
  const signerInfo = sd.signerInfos[0];
  if (signerInfo === undefined || sd.signerInfos.length !== 1) throw malformed("expected exactly one signer");
  const certificates: Certificate[] = [];
  for (const choice of sd.certificates ?? []) {
    if (!choice.certificate) continue;
    try {
      certificates.push(Certificate.fromDer(new Uint8Array(AsnConvert.serialize(choice.certificate))));
    } catch {}
  }
  return { content, signerInfo, certificates, signedAttrsDer: rawSignedAttrs(der) };
}

export function signerRef(si: SignerInfo): CertRef {
  if (si.sid.issuerAndSerialNumber) return refFromIssuerSerial(si.sid.issuerAndSerialNumber);
  if (si.sid.subjectKeyIdentifier) return { keyId: new Uint8Array(si.sid.subjectKeyIdentifier.buffer) };
  throw malformed("no signer identifier");
}

function attrValue(si: SignerInfo, type: string): asn1js.AsnType | undefined {
  const attrs = (si.signedAttrs ?? []).filter((a) => a.attrType === type);
  if (attrs.length > 1) throw malformed("repeated signed attribute");
  const first = attrs[0]?.attrValues[0];
  return first ? asn1js.fromBER(first).result : undefined;
}

export function signingTimeOf(si: SignerInfo): Date | undefined {
  const node = attrValue(si, OID.signingTime);
  if (node === undefined) return undefined;
  if (node instanceof asn1js.UTCTime || node instanceof asn1js.GeneralizedTime) {
    const t = node.toDate();
    if (!Number.isNaN(t.getTime())) return t;
  }
  throw malformed("bad signingTime");
}

/**
 * Checks the DSTU signature (and the messageDigest attribute) of `si` over `content` with `key`.
 * Returns false for any mismatch; unsupported algorithms are MALFORMED.
 */
export function signatureValid(signed: SignedContent, key: DstuPublicKey): boolean {
  const { signerInfo: si, content } = signed;
  if (si.digestAlgorithm.algorithm !== OID.gost34311) throw malformed("unsupported digest algorithm");
  if (si.signatureAlgorithm.algorithm !== OID.dstu4145le) throw malformed("unsupported signature algorithm");
  let signedBytes = content;
  if (si.signedAttrs !== undefined) {
    const digest = attrValue(si, OID.messageDigest);
    if (!(digest instanceof asn1js.OctetString)) return false;
    if (!bytesEqual(new Uint8Array(digest.valueBlock.valueHexView), gost34311(content))) return false;
    const ct = attrValue(si, OID.contentType);
    if (
      ct !== undefined &&
      !(ct instanceof asn1js.ObjectIdentifier && ct.valueBlock.toString() === OID.data)
    ) {
      return false;
    }
    if (!signed.signedAttrsDer) throw malformed("signed attributes unavailable");
    // The signature covers the attributes' DER with the SET tag, not the [0] IMPLICIT tag they travel under.
    signedBytes = Uint8Array.from(signed.signedAttrsDer);
    signedBytes[0] = 0x31;
  }
  let sig: ReturnType<typeof decodeSignature>;
  try {
    sig = decodeSignature(new Uint8Array(si.signature.buffer));
  } catch {
    return false;
  }
  return dstuVerify(key.curve, key.q, gost34311(signedBytes), sig);
}
