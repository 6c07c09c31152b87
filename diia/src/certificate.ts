/**
 * X.509 certificates with DSTU 4145 keys, read into a plain model: who (subject/issuer as readable text, with
 * ЄДРПОУ / РНОКПП when present), which key (serial, key ids, curve, public point) and when (validity).
 *
 * @example
 * import { loadCertificate } from "@stiika/diia";
 * const cert = loadCertificate(await readFile("DiiaKey1.cer")); // DER, PEM or base64 text
 * console.log(cert.subject.commonName, cert.serial, cert.keyId, cert.validTo.toISOString());
 */
import { X509Certificate as NodeX509Certificate } from "node:crypto";
import { id_signedData } from "@peculiar/asn1-cms";
import { AsnConvert } from "@peculiar/asn1-schema";
import {
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CRLDistributionPoints,
  ExtendedKeyUsage,
  type GeneralName,
  KeyUsage,
  KeyUsageFlags,
  type Name,
  SubjectDirectoryAttributes,
  SubjectKeyIdentifier,
  Certificate as X509Certificate,
} from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { KeyError } from "./errors.ts";
import { decodeTextOrBinary, firstChildDer, toHex } from "./lib/cms/bytes.ts";
import { explicitInner, Fields, isContext, isUniversal, oid, parseOne, T } from "./lib/cms/der.ts";
import { decodeCertSignature, decodePublicKey, parseDstuKeyParams } from "./lib/cms/dstu.ts";
import { OID } from "./lib/cms/oids.ts";
import { type CurveParams, dstuVerify, gost34311 } from "./lib/primitives.ts";

/** A distinguished name in readable form; fields are present only when the name has them. */
export interface DistinguishedName {
  commonName?: string;
  organization?: string;
  organizationalUnit?: string;
  title?: string;
  /** X.520 serialNumber (IIT puts e.g. "UA-22723472" or a personal number there). */
  serialNumber?: string;
  organizationIdentifier?: string;
  givenName?: string;
  surname?: string;
  country?: string;
  locality?: string;
  state?: string;
  /** Legal entity code ЄДРПОУ (subjectDirectoryAttributes), subject only. */
  edrpou?: string;
  /** Personal tax number РНОКПП / ДРФО (subjectDirectoryAttributes), subject only. */
  drfo?: string;
  /** The whole name as "CN=…, O=…" text, in certificate order. */
  text: string;
}

export type KeyUsageName =
  | "digitalSignature"
  | "nonRepudiation"
  | "keyEncipherment"
  | "dataEncipherment"
  | "keyAgreement"
  | "keyCertSign"
  | "cRLSign"
  | "encipherOnly"
  | "decipherOnly";

/** A DSTU 4145 public key: the curve, the compressed point and the GOST S-box (DKE) bound to the key. */
export interface DstuPublicKey {
  readonly curve: CurveParams;
  readonly q: bigint;
  readonly dke: Uint8Array;
}

const NAME_FIELDS: Record<string, [keyof DistinguishedName, string]> = {
  "2.5.4.3": ["commonName", "CN"],
  "2.5.4.10": ["organization", "O"],
  "2.5.4.11": ["organizationalUnit", "OU"],
  "2.5.4.12": ["title", "T"],
  "2.5.4.5": ["serialNumber", "SERIALNUMBER"],
  "2.5.4.97": ["organizationIdentifier", "OI"],
  "2.5.4.42": ["givenName", "G"],
  "2.5.4.4": ["surname", "SN"],
  "2.5.4.6": ["country", "C"],
  "2.5.4.7": ["locality", "L"],
  "2.5.4.8": ["state", "ST"],
};

const KEY_USAGE_BITS: [KeyUsageName, KeyUsageFlags][] = [
  ["digitalSignature", KeyUsageFlags.digitalSignature],
  ["nonRepudiation", KeyUsageFlags.nonRepudiation],
  ["keyEncipherment", KeyUsageFlags.keyEncipherment],
  ["dataEncipherment", KeyUsageFlags.dataEncipherment],
  ["keyAgreement", KeyUsageFlags.keyAgreement],
  ["keyCertSign", KeyUsageFlags.keyCertSign],
  ["cRLSign", KeyUsageFlags.cRLSign],
  ["encipherOnly", KeyUsageFlags.encipherOnly],
  ["decipherOnly", KeyUsageFlags.decipherOnly],
];

function readName(name: Name): DistinguishedName {
  const out: DistinguishedName = { text: "" };
  const parts: string[] = [];
  for (const rdn of name) {
    for (const atv of rdn) {
      const value = atv.value.toString();
      const field = NAME_FIELDS[atv.type];
      if (field) (out as unknown as Record<string, string>)[field[0]] = value;
      parts.push(`${field ? field[1] : atv.type}=${value}`);
    }
  }
  out.text = parts.join(", ");
  return out;
}

function stringValue(der: ArrayBuffer): string | undefined {
  const node = asn1js.fromBER(der).result;
  if (node instanceof asn1js.BaseStringBlock) return node.getValue();
  if (node instanceof asn1js.OctetString) return new TextDecoder().decode(node.valueBlock.valueHexView);
  return undefined;
}

/** A parsed certificate; `der` is the exact encoding it was read from. */
export class Certificate {
  readonly der: Uint8Array;
  readonly subject: DistinguishedName;
  readonly issuer: DistinguishedName;
  /** Serial number, lowercase hex as encoded (e.g. "5b63d8…fa8f0e00"). */
  readonly serial: string;
  /** subjectKeyIdentifier, lowercase hex; undefined when the extension is absent. */
  readonly keyId: string | undefined;
  /** authorityKeyIdentifier keyIdentifier, lowercase hex. */
  readonly authorityKeyId: string | undefined;
  readonly validFrom: Date;
  readonly validTo: Date;
  /** keyUsage bits set; empty when the extension is absent. */
  readonly keyUsage: readonly KeyUsageName[];
  /** basicConstraints cA: whether the certificate may certify others (false when the extension is absent). */
  readonly isCA: boolean;
  /** extendedKeyUsage purposes (OIDs); empty when absent. */
  readonly extendedKeyUsage: readonly string[];
  /** Every extension in certificate order: its OID and critical flag. */
  readonly extensions: readonly { oid: string; critical: boolean }[];
  /** authorityInfoAccess: OCSP responder URLs and where the issuer's certificate is published. */
  readonly ocspUrls: readonly string[];
  readonly caIssuersUrls: readonly string[];
  /** cRLDistributionPoints full-name URIs. */
  readonly crlUrls: readonly string[];
  /** The DSTU 4145 key; undefined for other algorithms (such certificates can't take part in envelopes). */
  readonly publicKey: DstuPublicKey | undefined;
  /** DER of the issuer Name and the serial's INTEGER content, for exact IssuerAndSerialNumber matching. */
  readonly issuerNameDer: Uint8Array;
  readonly serialBytes: Uint8Array;
  /** DER of the subject Name: the issuer Name of what this certificate signs (certificates, CRLs). */
  readonly subjectNameDer: Uint8Array;
  readonly #x509: X509Certificate;

  private constructor(der: Uint8Array, x509: X509Certificate) {
    this.der = der;
    this.#x509 = x509;
    const tbs = x509.tbsCertificate;
    this.issuerNameDer = new Uint8Array(AsnConvert.serialize(tbs.issuer));
    this.subjectNameDer = new Uint8Array(AsnConvert.serialize(tbs.subject));
    this.serialBytes = new Uint8Array(tbs.serialNumber);
    this.serial = toHex(this.serialBytes);
    this.subject = readName(tbs.subject);
    this.issuer = readName(tbs.issuer);
    this.validFrom = tbs.validity.notBefore.getTime();
    this.validTo = tbs.validity.notAfter.getTime();
    let keyId: string | undefined;
    let authorityKeyId: string | undefined;
    let keyUsage: KeyUsageName[] = [];
    let isCA = false;
    const extendedKeyUsage: string[] = [];
    const ocspUrls: string[] = [];
    const caIssuersUrls: string[] = [];
    const crlUrls: string[] = [];
    const uris = (names: readonly GeneralName[] | undefined) =>
      (names ?? []).flatMap((n) => (n.uniformResourceIdentifier ? [n.uniformResourceIdentifier] : []));
    for (const ext of tbs.extensions ?? []) {
      const value = ext.extnValue.buffer;
      if (ext.extnID === OID.extendedKeyUsage) {
        extendedKeyUsage.push(...AsnConvert.parse(value, ExtendedKeyUsage));
      } else if (ext.extnID === OID.authorityInfoAccess) {
        for (const a of AsnConvert.parse(value, AuthorityInfoAccessSyntax)) {
          const [url] = uris([a.accessLocation]);
          if (url && a.accessMethod === OID.ocsp) ocspUrls.push(url);
          if (url && a.accessMethod === OID.caIssuers) caIssuersUrls.push(url);
        }
      } else if (ext.extnID === OID.crlDistributionPoints) {
        for (const dp of AsnConvert.parse(value, CRLDistributionPoints))
          crlUrls.push(...uris(dp.distributionPoint?.fullName));
      } else if (ext.extnID === OID.subjectKeyIdentifier) {
        keyId = toHex(new Uint8Array(AsnConvert.parse(value, SubjectKeyIdentifier).buffer));
      } else if (ext.extnID === OID.authorityKeyIdentifier) {
        const aki = AsnConvert.parse(value, AuthorityKeyIdentifier).keyIdentifier;
        authorityKeyId = aki ? toHex(new Uint8Array(aki.buffer)) : undefined;
      } else if (ext.extnID === OID.basicConstraints) {
        isCA = AsnConvert.parse(value, BasicConstraints).cA;
      } else if (ext.extnID === OID.keyUsage) {
        const bits = AsnConvert.parse(value, KeyUsage).toNumber();
        keyUsage = KEY_USAGE_BITS.filter(([, flag]) => (bits & flag) !== 0).map(([n]) => n);
      } else if (ext.extnID === OID.subjectDirectoryAttributes) {
        for (const attr of AsnConvert.parse(value, SubjectDirectoryAttributes)) {
          const first = attr.values[0];
          const text = first ? stringValue(first) : undefined;
          if (text === undefined) continue;
          if (attr.type === OID.drfo) this.subject.drfo = text;
          if (attr.type === OID.edrpou) this.subject.edrpou = text;
        }
      }
    }
    this.keyId = keyId;
    this.authorityKeyId = authorityKeyId;
    this.keyUsage = keyUsage;
    this.isCA = isCA;
    this.extendedKeyUsage = extendedKeyUsage;
    this.ocspUrls = ocspUrls;
    this.caIssuersUrls = caIssuersUrls;
    this.crlUrls = crlUrls;
    this.extensions = (tbs.extensions ?? []).map((e) => ({ oid: e.extnID, critical: e.critical }));
    const spki = tbs.subjectPublicKeyInfo;
    if (spki.algorithm.algorithm === OID.dstu4145le && spki.algorithm.parameters) {
      const { curve, dke } = parseDstuKeyParams(spki.algorithm.parameters);
      this.publicKey = { curve, dke, q: decodePublicKey(new Uint8Array(spki.subjectPublicKey)) };
    } else {
      this.publicKey = undefined;
    }
  }

  /** Parses DER bytes; throws KeyError BAD_CERTIFICATE when they are not an X.509 certificate. */
  static fromDer(der: Uint8Array): Certificate {
    try {
      const copy = Uint8Array.from(der);
      return new Certificate(copy, AsnConvert.parse(copy, X509Certificate));
    } catch (cause) {
      throw new KeyError("BAD_CERTIFICATE", "not a readable X.509 certificate", { cause });
    }
  }

  /** True at `at` when validFrom ≤ at ≤ validTo. */
  isValidAt(at: Date): boolean {
    return at.getTime() >= this.validFrom.getTime() && at.getTime() <= this.validTo.getTime();
  }

  /**
   * True when `issuer`'s key verifies this certificate's signature: DSTU 4145 over GOST 34.311 of the TBS, or
   * ECDSA with SHA-256 / SHA-384 (the certificates of ECDSA Дія.Підпис signers; checked by Node's X.509).
   */
  isSignedBy(issuer: Certificate): boolean {
    const algorithm = this.#x509.signatureAlgorithm.algorithm;
    if (algorithm === OID.ecdsaWithSha256 || algorithm === OID.ecdsaWithSha384) {
      try {
        return new NodeX509Certificate(this.der).verify(new NodeX509Certificate(issuer.der).publicKey);
      } catch {
        return false;
      }
    }
    const key = issuer.publicKey;
    if (key === undefined || algorithm !== OID.dstu4145le) return false;
    try {
      // Hash the TBS bytes exactly as signed, not a re-encoding of them.
      const tbs = firstChildDer(this.der);
      const sig = decodeCertSignature(new Uint8Array(this.#x509.signatureValue));
      return dstuVerify(key.curve, key.q, gost34311(tbs), sig);
    } catch {
      return false;
    }
  }

  /** Same certificate (byte-identical DER). */
  equals(other: Certificate): boolean {
    return this.der.length === other.der.length && this.der.every((b, i) => b === other.der[i]);
  }
}

/**
 * Reads one certificate from DER bytes, PEM text or bare base64 text.
 * Throws KeyError BAD_CERTIFICATE for anything else.
 */
export function loadCertificate(input: Uint8Array | string): Certificate {
  const der = decodeTextOrBinary(input);
  if (der === undefined)
    throw new KeyError("BAD_CERTIFICATE", "not a certificate (expected DER, PEM or base64)");
  return Certificate.fromDer(der);
}

/**
 * The certificate DERs of a certs-only PKCS#7 (ContentInfo → SignedData → certificates [0]), split without reading
 * the certificates' trees: IIT's test CA bundle has 744 of them, more nodes than a whole-tree parse allows.
 */
function bundleCertificates(der: Uint8Array): Uint8Array[] {
  // ContentInfo (0) → [0] (1) → SignedData (2) → its fields (3) → the items of the certificate set (4, unread).
  const info = new Fields(parseOne(der, "PKCS#7 bundle", 4), "ContentInfo");
  if (
    oid(
      info.required((n) => isUniversal(n, T.OID, false), "contentType"),
      "contentType",
    ) !== id_signedData
  )
    throw new Error("not SignedData");
  const signed = new Fields(
    explicitInner(
      info.required((n) => isContext(n, 0), "content"),
      "content",
    ),
    "SignedData",
  );
  info.end();
  signed.required((n) => isUniversal(n, T.INTEGER, false), "version");
  signed.required((n) => isUniversal(n, T.SET, true), "digestAlgorithms");
  signed.required((n) => isUniversal(n, T.SEQUENCE, true), "encapContentInfo");
  const certs = signed.optional((n) => isContext(n, 0) && n.constructed);
  // Other certificate choices ([0]–[3] alternatives) are not X.509 certificates and are left out, as before.
  return (certs?.children ?? []).filter((c) => isUniversal(c, T.SEQUENCE, true)).map((c) => c.bytes);
}

/**
 * Reads what a caIssuers URL publishes: one certificate (DER, PEM, base64) or a certs-only PKCS#7 bundle (`.p7b`,
 * as Diia's certificate points to). Throws KeyError BAD_CERTIFICATE when it is neither.
 */
export function loadCertificates(input: Uint8Array | string): Certificate[] {
  const der = decodeTextOrBinary(input);
  if (der === undefined) throw new KeyError("BAD_CERTIFICATE", "not a certificate or a PKCS#7 bundle");
  try {
    // A ContentInfo begins with its contentType OID, a certificate with its TBSCertificate.
    if (!isUniversal(parseOne(der, "certificate", 1).children[0], T.OID, false))
      return [Certificate.fromDer(der)];
    return bundleCertificates(der).map((c) => Certificate.fromDer(c));
  } catch (cause) {
    throw new KeyError("BAD_CERTIFICATE", "not a certificate or a PKCS#7 bundle", { cause });
  }
}
