// Building the two CMS layers the way Diia does (mirrors the real fixture): SignedData with contentType,
// signingTime and messageDigest, inside EnvelopedData v2 with originatorInfo and a KeyAgreeRecipientInfo v3.
import { createHash, KeyObject, sign as nodeSign, randomBytes } from "node:crypto";
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  ContentInfo,
  DigestAlgorithmIdentifiers,
  EncapsulatedContent,
  EncapsulatedContentInfo,
  EncryptedContent,
  EncryptedContentInfo,
  EnvelopedData,
  IssuerAndSerialNumber,
  KeyAgreeRecipientIdentifier,
  KeyAgreeRecipientInfo,
  OriginatorIdentifierOrKey,
  OriginatorInfo,
  OriginatorPublicKey,
  RecipientEncryptedKey,
  RecipientEncryptedKeys,
  RecipientInfo,
  RecipientInfos,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
} from "@peculiar/asn1-cms";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, Name, Certificate as X509Certificate } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import type { Certificate } from "../../certificate.ts";
import type { PrivateKey } from "../../keys.ts";
import {
  DEFAULT_DKE,
  dstuAgree,
  dstuPublicKey,
  dstuSign,
  gost28147CfbEncrypt,
  gost28147KeyWrap,
  gost34311,
  randomScalar,
} from "../primitives.ts";
import { deriveKek, encodeDstuKeyParams, encodePublicKey, encodeSignature } from "./dstu.ts";
import { OID } from "./oids.ts";

const ab = (u: Uint8Array): ArrayBuffer => u.slice().buffer;

function issuerAndSerial(cert: Certificate): IssuerAndSerialNumber {
  return new IssuerAndSerialNumber({
    issuer: AsnConvert.parse(cert.issuerNameDer, Name),
    serialNumber: ab(cert.serialBytes),
  });
}

const certChoice = (cert: Certificate) =>
  new CertificateChoices({ certificate: AsnConvert.parse(cert.der, X509Certificate) });

function timeValue(t: Date): asn1js.AsnType {
  const year = t.getUTCFullYear();
  return year >= 1950 && year < 2050
    ? new asn1js.UTCTime({ valueDate: t })
    : new asn1js.GeneralizedTime({ valueDate: t });
}

export interface SignOptions {
  signer: { key: PrivateKey; cert: Certificate };
  signingTime: Date;
}

/** A detached signature's signer: a DSTU 4145 key, or a P-256 key (Node's crypto) for signAlgo "ECDSA". */
export interface DetachedSignOptions {
  signer: { key: PrivateKey | KeyObject; cert: Certificate };
  signingTime: Date;
}

/** ContentInfo(SignedData) with the content attached, one signer identified by issuer and serial. */
export function buildSignedData(content: Uint8Array, opts: SignOptions): Uint8Array {
  return signedData({ content, digest: gost34311(content) }, opts, false);
}

/**
 * A detached CAdES-BES signature over `digest`, as Дія.Підпис returns: no content, and a signingCertificateV2
 * among the signed attributes. A DSTU key signs a GOST 34.311 digest (DSTU 4145, certificate hash GOST 34.311);
 * a P-256 key a SHA-256 digest (ECDSA with SHA-256, certificate hash SHA-256, as OpenSSL's `cms -sign -cades`).
 */
export function buildDetachedSignature(digest: Uint8Array, opts: DetachedSignOptions): Uint8Array {
  return signedData({ digest }, opts, true);
}

/**
 * signingCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 { hashAlgorithm, certHash } }; SHA-256 is the
 * hashAlgorithm's DEFAULT, which DER leaves out.
 */
function signingCertificateV2(cert: Certificate, sha256: boolean): asn1js.AsnType {
  const id = sha256
    ? [new asn1js.OctetString({ valueHex: createHash("sha256").update(cert.der).digest() })]
    : [
        new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: OID.gost34311 })] }),
        new asn1js.OctetString({ valueHex: gost34311(cert.der) }),
      ];
  return new asn1js.Sequence({
    value: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: id })] })],
  });
}

function signedData(
  data: { content?: Uint8Array; digest: Uint8Array },
  opts: DetachedSignOptions,
  cades: boolean,
): Uint8Array {
  const { key, cert } = opts.signer;
  const ecdsa = key instanceof KeyObject;
  const digestOid = ecdsa ? OID.sha256 : OID.gost34311;
  const attrs = [
    new Attribute({
      attrType: OID.contentType,
      attrValues: [new asn1js.ObjectIdentifier({ value: OID.data }).toBER()],
    }),
    new Attribute({ attrType: OID.signingTime, attrValues: [timeValue(opts.signingTime).toBER()] }),
    new Attribute({
      attrType: OID.messageDigest,
      attrValues: [new asn1js.OctetString({ valueHex: data.digest }).toBER()],
    }),
    ...(cades
      ? [
          new Attribute({
            attrType: OID.signingCertificateV2,
            attrValues: [signingCertificateV2(cert, ecdsa).toBER()],
          }),
        ]
      : []),
  ];
  // DER orders a SET OF by the encodings (X.690 11.6); the signature covers that DER as a SET (RFC 5652 §5.4).
  const encoded = attrs
    .map((a) => ({ a, der: new Uint8Array(AsnConvert.serialize(a)) }))
    .sort((x, y) => Buffer.compare(x.der, y.der));
  attrs.splice(0, attrs.length, ...encoded.map((e) => e.a));
  const attrsDer = new Uint8Array(
    new asn1js.Set({ value: encoded.map((e) => asn1js.fromBER(e.der).result) }).toBER(),
  );
  const signature = ecdsa
    ? new Uint8Array(nodeSign("sha256", attrsDer, { key, dsaEncoding: "der" }))
    : encodeSignature(key.curve, dstuSign(key.curve, key.d, gost34311(attrsDer)));
  const signerInfo = new SignerInfo({
    version: 1,
    sid: new SignerIdentifier({ issuerAndSerialNumber: issuerAndSerial(cert) }),
    digestAlgorithm: new AlgorithmIdentifier({ algorithm: digestOid }),
    signedAttrs: attrs,
    signatureAlgorithm: new AlgorithmIdentifier({ algorithm: ecdsa ? OID.ecdsaWithSha256 : OID.dstu4145le }),
    signature: new OctetString(signature),
  });
  const sd = new SignedData({
    version: 1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([new AlgorithmIdentifier({ algorithm: digestOid })]),
    encapContentInfo: new EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(data.content === undefined
        ? {}
        : { eContent: new EncapsulatedContent({ single: new OctetString(data.content) }) }),
    }),
    certificates: new CertificateSet([certChoice(cert)]),
    signerInfos: new SignerInfos([signerInfo]),
  });
  return new Uint8Array(
    AsnConvert.serialize(new ContentInfo({ contentType: OID.signedData, content: AsnConvert.serialize(sd) })),
  );
}

export interface EnvelopeOptions {
  /** Static key-agreement key of the sender; absent → an ephemeral key (originatorKey) is generated. */
  originator?: { key: PrivateKey; cert: Certificate };
  recipients: readonly Certificate[];
  includeOriginatorInfo: boolean;
}

/** ContentInfo(EnvelopedData): GOST 28147 CFB content, CEK wrapped per recipient via DSTU 4145 cofactor DH. */
export function buildEnvelope(plaintext: Uint8Array, opts: EnvelopeOptions): Uint8Array {
  const first = opts.recipients[0]?.publicKey;
  if (first === undefined) throw new RangeError("no recipient key");
  const curve = opts.originator?.key.curve ?? first.curve;
  const d = opts.originator?.key.d ?? randomScalar(curve.n);
  const dke = opts.originator?.cert.publicKey?.dke ?? first.dke ?? DEFAULT_DKE;
  const cek = new Uint8Array(randomBytes(32));
  const iv = new Uint8Array(randomBytes(8));
  const ukm = new Uint8Array(randomBytes(64));

  const recipientEncryptedKeys = opts.recipients.map((cert) => {
    const pk = cert.publicKey;
    if (pk === undefined) throw new RangeError("recipient certificate has no DSTU key");
    const kek = deriveKek(dstuAgree(curve, d, pk.q), ukm);
    return new RecipientEncryptedKey({
      rid: new KeyAgreeRecipientIdentifier({ issuerAndSerialNumber: issuerAndSerial(cert) }),
      encryptedKey: new OctetString(gost28147KeyWrap(kek, cek, new Uint8Array(randomBytes(8)))),
    });
  });

  const originator = opts.originator
    ? new OriginatorIdentifierOrKey({ issuerAndSerialNumber: issuerAndSerial(opts.originator.cert) })
    : new OriginatorIdentifierOrKey({
        originatorKey: new OriginatorPublicKey({
          algorithm: new AlgorithmIdentifier({
            algorithm: OID.dstu4145le,
            parameters: encodeDstuKeyParams(curve, dke),
          }),
          publicKey: ab(encodePublicKey(curve, dstuPublicKey(curve, d))),
        }),
      });

  const kari = new KeyAgreeRecipientInfo({
    version: 3,
    originator,
    ukm: new OctetString(ukm),
    keyEncryptionAlgorithm: new AlgorithmIdentifier({
      algorithm: OID.dstuCofactorDh,
      parameters: new asn1js.Sequence({
        value: [new asn1js.ObjectIdentifier({ value: OID.gost28147Wrap }), new asn1js.Null()],
      }).toBER(),
    }),
    recipientEncryptedKeys: new RecipientEncryptedKeys(recipientEncryptedKeys),
  });

  const cipherParams = new asn1js.Sequence({
    value: [new asn1js.OctetString({ valueHex: iv }), new asn1js.OctetString({ valueHex: dke })],
  }).toBER();
  const env = new EnvelopedData({
    version: 2,
    recipientInfos: new RecipientInfos([new RecipientInfo({ kari })]),
    encryptedContentInfo: new EncryptedContentInfo({
      contentType: OID.data,
      contentEncryptionAlgorithm: new AlgorithmIdentifier({
        algorithm: OID.gost28147Cfb,
        parameters: cipherParams,
      }),
      encryptedContent: new EncryptedContent({
        value: new OctetString(gost28147CfbEncrypt(cek, iv, plaintext, dke)),
      }),
    }),
  });
  if (opts.includeOriginatorInfo && opts.originator) {
    env.originatorInfo = new OriginatorInfo({
      certs: new CertificateSet([certChoice(opts.originator.cert)]),
    });
  }
  return new Uint8Array(
    AsnConvert.serialize(
      new ContentInfo({ contentType: OID.envelopedData, content: AsnConvert.serialize(env) }),
    ),
  );
}
