/**
 * Sandbox PKI: DSTU 4145 key pairs (d uniform in [1, n-1]), a self-signed CA, and end-entity certificates for a
 * signing key (DSTU_PB_257, digitalSignature) and a key-agreement key (DSTU_PB_431, keyAgreement), signed with
 * GOST 34.311 + DSTU 4145. Saved as DER + PEM certificates and PBES2 password-protected key files (IIT's PBES2
 * key format, chosen because our loadKeyStore — jkurwa's reader — opens it like any IIT key file).
 *
 * @example
 * import { createSandboxCa, createSandboxIdentity, saveIdentity, loadIdentity } from "@stiika/diia";
 * const ca = createSandboxCa({ commonName: "Sandbox CA" });
 * const diia = createSandboxIdentity(ca, { commonName: "Дія (sandbox)", organization: "ДП ДІЯ", serialNumber: "1" });
 * await saveIdentity(".data/pki", "diia", diia, "secret");
 * const again = await loadIdentity(".data/pki", "diia", "secret");
 */
import {
  createHash,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign as nodeSign,
  randomBytes,
} from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AccessDescription,
  AlgorithmIdentifier,
  Attribute,
  AttributeTypeAndValue,
  AttributeValue,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  KeyIdentifier,
  KeyUsage,
  KeyUsageFlags,
  Name,
  PolicyInformation,
  PolicyQualifierInfo,
  RelativeDistinguishedName,
  SubjectDirectoryAttributes,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
  Certificate as X509Certificate,
} from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { Certificate, type KeyUsageName, loadCertificate } from "./certificate.ts";
import { KeyError } from "./errors.ts";
import { loadKeyStore, type PrivateKey } from "./keys.ts";
import { dstuKeyId, encodeCertSignature, encodeDstuKeyParams, encodePublicKey } from "./lib/cms/dstu.ts";
import { OID } from "./lib/cms/oids.ts";
import { publicKeyOf, sameCurve } from "./lib/cms/read.ts";
import { encodeKeyStore } from "./lib/keys/encode-store.ts";
import { type CurveParams, dstuSign, dstuStandardCurve, gost34311, randomScalar } from "./lib/primitives.ts";
import type { EcdsaKeyWithCert } from "./signing.ts";
import type { KeyWithCert } from "./wrap.ts";

export type { EcdsaKeyWithCert } from "./signing.ts";
export type { KeyWithCert } from "./wrap.ts";

/** Subject fields for sandbox certificates. */
export interface SubjectInput {
  commonName: string;
  organization?: string;
  serialNumber?: string;
  country?: string;
}

export interface SandboxIdentity {
  signer: KeyWithCert;
  keyAgreement: KeyWithCert;
}

/** A fresh DSTU 4145 key on a standard curve (257 for signing, 431 for key agreement) or on given parameters. */
export function generateKeyPair(curve: 257 | 431 | CurveParams): PrivateKey {
  const params = typeof curve === "number" ? dstuStandardCurve(curve) : curve;
  return { curve: params, d: randomScalar(params.n) };
}

function name(s: SubjectInput): Name {
  const rdn = (type: string, value: AttributeValue) =>
    new RelativeDistinguishedName([new AttributeTypeAndValue({ type, value })]);
  const parts = [
    s.organization === undefined
      ? undefined
      : rdn("2.5.4.10", new AttributeValue({ utf8String: s.organization })),
    rdn("2.5.4.3", new AttributeValue({ utf8String: s.commonName })),
    s.serialNumber === undefined
      ? undefined
      : rdn("2.5.4.5", new AttributeValue({ printableString: s.serialNumber })),
    rdn("2.5.4.6", new AttributeValue({ printableString: s.country ?? "UA" })),
  ];
  return new Name(parts.filter((p): p is RelativeDistinguishedName => p !== undefined));
}

const USAGE: Record<KeyUsageName, KeyUsageFlags> = {
  digitalSignature: KeyUsageFlags.digitalSignature,
  nonRepudiation: KeyUsageFlags.nonRepudiation,
  keyEncipherment: KeyUsageFlags.keyEncipherment,
  dataEncipherment: KeyUsageFlags.dataEncipherment,
  keyAgreement: KeyUsageFlags.keyAgreement,
  keyCertSign: KeyUsageFlags.keyCertSign,
  cRLSign: KeyUsageFlags.cRLSign,
  encipherOnly: KeyUsageFlags.encipherOnly,
  decipherOnly: KeyUsageFlags.decipherOnly,
};

/**
 * The extensions a qualified Ukrainian certificate carries besides SKI/AKI, keyUsage and basicConstraints, as
 * Diia's own signing certificate (DiiaKey1.cer) has them. Each is written only when given.
 */
export interface CertificateProfile {
  /** extendedKeyUsage purposes (OIDs), e.g. OCSP signing for a delegated responder. */
  extendedKeyUsage?: string[];
  /** certificatePolicies: each policy OID with its CPS URL qualifier. */
  policies?: { oid: string; cpsUrl?: string }[];
  /** qcStatements: QcCompliance, QcPDS (this URL, "en") and the Ukrainian qualified-certificate statement. */
  qualified?: { pdsUrl: string };
  /** cRLDistributionPoints, one full-name URI each. */
  crlUrls?: string[];
  /** authorityInfoAccess: the OCSP responder and where the issuer's certificate is published. */
  ocspUrl?: string;
  caIssuersUrl?: string;
  /** subjectDirectoryAttributes: the subject's ЄДРПОУ (a legal entity's code), as Diia's certificate has it. */
  edrpou?: string;
  /** subjectDirectoryAttributes: a person's РНОКПП (ДРФО), where Ukrainian qualified certificates carry it. */
  drfo?: string;
}

/** OIDs of the extensions and statements a CertificateProfile writes. */
export const CERT_OID = {
  extendedKeyUsage: "2.5.29.37",
  certificatePolicies: "2.5.29.32",
  crlDistributionPoints: "2.5.29.31",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  qcStatements: "1.3.6.1.5.5.7.1.3",
  ocsp: "1.3.6.1.5.5.7.48.1",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  cps: "1.3.6.1.5.5.7.2.1",
  ocspSigning: "1.3.6.1.5.5.7.3.9",
  /** Ukrainian certificate policy of qualified certificates (the one Diia's certificate names). */
  uaQualifiedPolicy: "1.2.804.2.1.1.1.2.2",
  /** Ukrainian extended key usage Diia's signing certificate carries. */
  uaSignerPurpose: "1.2.804.2.1.1.1.3.9",
  qcCompliance: "0.4.0.1862.1.1",
  qcPds: "0.4.0.1862.1.5",
  uaQcStatement: "1.2.804.2.1.1.1.2.1",
} as const;

/** qcStatements as Diia's: SEQUENCE OF { QcCompliance, QcPDS { { url, "en" } }, the Ukrainian statement }. */
function qcStatements(pdsUrl: string): ArrayBuffer {
  const statement = (id: string, info?: asn1js.AsnType) =>
    new asn1js.Sequence({ value: [new asn1js.ObjectIdentifier({ value: id }), ...(info ? [info] : [])] });
  const pds = new asn1js.Sequence({
    value: [
      new asn1js.Sequence({
        value: [new asn1js.IA5String({ value: pdsUrl }), new asn1js.PrintableString({ value: "en" })],
      }),
    ],
  });
  return new asn1js.Sequence({
    value: [
      statement(CERT_OID.qcCompliance),
      statement(CERT_OID.qcPds, pds),
      statement(CERT_OID.uaQcStatement),
    ],
  }).toBER();
}

const uri = (url: string) => new GeneralName({ uniformResourceIdentifier: url });

/** The profile's extensions in the order Diia's certificate carries them (after keyUsage). */
function profileExtensions(p: CertificateProfile, ca: boolean): Extension[] {
  const ext = (extnID: string, value: unknown, critical = false) =>
    new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const out: Extension[] = [];
  if (p.extendedKeyUsage) out.push(ext(CERT_OID.extendedKeyUsage, new ExtendedKeyUsage(p.extendedKeyUsage)));
  if (p.policies) {
    const policies = p.policies.map(
      (policy) =>
        new PolicyInformation({
          policyIdentifier: policy.oid,
          ...(policy.cpsUrl
            ? {
                policyQualifiers: [
                  new PolicyQualifierInfo({
                    policyQualifierId: CERT_OID.cps,
                    qualifier: new asn1js.IA5String({ value: policy.cpsUrl }).toBER(),
                  }),
                ],
              }
            : {}),
        }),
    );
    out.push(ext(CERT_OID.certificatePolicies, new CertificatePolicies(policies)));
  }
  // A CA's basicConstraints is critical (RFC 5280 4.2.1.9); Diia's end-entity certificate has it non-critical.
  out.push(ext(OID.basicConstraints, new BasicConstraints({ cA: ca }), ca));
  if (p.qualified)
    out.push(
      new Extension({
        extnID: CERT_OID.qcStatements,
        critical: false,
        extnValue: new OctetString(qcStatements(p.qualified.pdsUrl)),
      }),
    );
  if (p.crlUrls?.length)
    out.push(
      ext(
        CERT_OID.crlDistributionPoints,
        new CRLDistributionPoints(
          p.crlUrls.map(
            (url) =>
              new DistributionPoint({
                distributionPoint: new DistributionPointName({ fullName: [uri(url)] }),
              }),
          ),
        ),
      ),
    );
  const access = [
    ...(p.ocspUrl
      ? [new AccessDescription({ accessMethod: CERT_OID.ocsp, accessLocation: uri(p.ocspUrl) })]
      : []),
    ...(p.caIssuersUrl
      ? [new AccessDescription({ accessMethod: CERT_OID.caIssuers, accessLocation: uri(p.caIssuersUrl) })]
      : []),
  ];
  if (access.length > 0) out.push(ext(CERT_OID.authorityInfoAccess, new AuthorityInfoAccessSyntax(access)));
  const directory = [
    ...(p.drfo ? [{ type: OID.drfo, value: p.drfo }] : []),
    ...(p.edrpou ? [{ type: OID.edrpou, value: p.edrpou }] : []),
  ].map(
    ({ type, value }) => new Attribute({ type, values: [new asn1js.PrintableString({ value }).toBER()] }),
  );
  if (directory.length > 0)
    out.push(ext(OID.subjectDirectoryAttributes, new SubjectDirectoryAttributes(directory)));
  return out;
}

/** A fresh P-256 private key (Node's crypto): the key of ECDSA certificates (Дія.Підпис signAlgo "ECDSA"). */
export function generateEcdsaKey(): KeyObject {
  return generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey;
}

export interface IssueOptions {
  /** The key being certified: DSTU 4145, or a P-256 key (Node's crypto). */
  key: PrivateKey | KeyObject;
  subject: SubjectInput;
  keyUsage: KeyUsageName[];
  /** Issuing CA; absent → self-signed CA certificate (basicConstraints cA). A P-256 CA signs ECDSA with SHA-256. */
  issuer?: KeyWithCert | EcdsaKeyWithCert;
  validFrom?: Date;
  validTo?: Date;
  /** Extensions beyond SKI/AKI, keyUsage and basicConstraints (see CertificateProfile). */
  profile?: CertificateProfile;
}

/**
 * Builds and signs an X.509 v3 certificate: SKI, AKI, keyUsage (critical), then the profile's extensions with
 * basicConstraints among them, in the order of Diia's own certificate.
 */
export function issueCertificate(opts: IssueOptions): Certificate {
  const { spki, keyId } = subjectKey(opts.key);
  const signingKey = opts.issuer?.key ?? opts.key;
  const signatureAlgorithm = new AlgorithmIdentifier({
    algorithm: signingKey instanceof KeyObject ? OID.ecdsaWithSha256 : OID.dstu4145le,
  });
  const issuerKeyId = opts.issuer?.cert.keyId ? Buffer.from(opts.issuer.cert.keyId, "hex") : keyId;
  const validFrom = opts.validFrom ?? new Date();
  const validTo = opts.validTo ?? new Date(validFrom.getTime() + 2 * 365 * 86400_000);
  const serial = randomBytes(16);
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x10; // positive, fixed length
  const ext = (extnID: string, value: unknown, critical = false) =>
    new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
  const usage = opts.keyUsage.reduce((acc, u) => acc | USAGE[u], 0);
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: serial.buffer.slice(serial.byteOffset, serial.byteOffset + serial.length),
    signature: signatureAlgorithm,
    issuer: opts.issuer ? AsnConvert.parse(subjectDer(opts.issuer.cert), Name) : name(opts.subject),
    validity: new Validity({ notBefore: validFrom, notAfter: validTo }),
    subject: name(opts.subject),
    subjectPublicKeyInfo: spki,
    extensions: new Extensions([
      ext(OID.subjectKeyIdentifier, new SubjectKeyIdentifier(keyId)),
      ext(
        OID.authorityKeyIdentifier,
        new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(issuerKeyId) }),
      ),
      ext(OID.keyUsage, new KeyUsage(usage), true),
      ...profileExtensions(opts.profile ?? {}, opts.issuer === undefined),
    ]),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature =
    signingKey instanceof KeyObject
      ? new Uint8Array(nodeSign("sha256", tbsDer, { key: signingKey, dsaEncoding: "der" }))
      : encodeCertSignature(signingKey.curve, dstuSign(signingKey.curve, signingKey.d, gost34311(tbsDer)));
  const cert = new X509Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm,
    signatureValue: signature.slice().buffer,
  });
  return Certificate.fromDer(new Uint8Array(AsnConvert.serialize(cert)));
}

/**
 * The SubjectPublicKeyInfo of a key and its key identifier: DSTU keys as IIT writes them (dstuKeyId), P-256 keys
 * as Node exports them, identified by the SHA-1 of the key's BIT STRING (RFC 5280 4.2.1.2, method 1).
 */
function subjectKey(key: PrivateKey | KeyObject): { spki: SubjectPublicKeyInfo; keyId: Uint8Array } {
  if (key instanceof KeyObject) {
    const der = createPublicKey(key).export({ type: "spki", format: "der" });
    const spki = AsnConvert.parse(der, SubjectPublicKeyInfo);
    const keyId = createHash("sha1").update(new Uint8Array(spki.subjectPublicKey)).digest();
    return { spki, keyId: new Uint8Array(keyId) };
  }
  const q = publicKeyOf(key);
  return {
    spki: new SubjectPublicKeyInfo({
      algorithm: new AlgorithmIdentifier({
        algorithm: OID.dstu4145le,
        parameters: encodeDstuKeyParams(key.curve),
      }),
      subjectPublicKey: encodePublicKey(key.curve, q).slice().buffer,
    }),
    keyId: dstuKeyId(key.curve, q),
  };
}

/** DER of a certificate's subject Name (the issuer Name of what it signs). */
function subjectDer(cert: Certificate): Uint8Array {
  return new Uint8Array(
    AsnConvert.serialize(AsnConvert.parse(cert.der, X509Certificate).tbsCertificate.subject),
  );
}

/** A self-signed sandbox CA on DSTU_PB_257. */
export function createSandboxCa(
  subject: SubjectInput,
  validity?: { from?: Date; to?: Date },
  profile?: CertificateProfile,
): KeyWithCert {
  const key = generateKeyPair(257);
  const cert = issueCertificate({
    key,
    subject,
    keyUsage: ["keyCertSign", "cRLSign"],
    ...(profile ? { profile } : {}),
    ...(validity?.from ? { validFrom: validity.from } : {}),
    ...(validity?.to ? { validTo: validity.to } : {}),
  });
  return { key, cert };
}

/** A self-signed P-256 sandbox CA (ECDSA with SHA-256): the issuer of ECDSA Дія.Підпис certificates. */
export function createEcdsaSandboxCa(
  subject: SubjectInput,
  validity?: { from?: Date; to?: Date },
  profile?: CertificateProfile,
): EcdsaKeyWithCert {
  const key = generateEcdsaKey();
  const cert = issueCertificate({
    key,
    subject,
    keyUsage: ["keyCertSign", "cRLSign"],
    ...(profile ? { profile } : {}),
    ...(validity?.from ? { validFrom: validity.from } : {}),
    ...(validity?.to ? { validTo: validity.to } : {}),
  });
  return { key, cert };
}

/**
 * A party with a signing key (257) and a key-agreement key (431), both certified by `ca`; `profile` adds the
 * same extensions to both (as Diia's two certificates share them).
 */
export function createSandboxIdentity(
  ca: KeyWithCert,
  subject: SubjectInput,
  validity?: { from?: Date; to?: Date },
  profile?: CertificateProfile,
): SandboxIdentity {
  const make = (curve: 257 | 431, keyUsage: KeyUsageName[]): KeyWithCert => {
    const key = generateKeyPair(curve);
    const cert = issueCertificate({
      key,
      subject,
      keyUsage,
      issuer: ca,
      ...(profile ? { profile } : {}),
      ...(validity?.from ? { validFrom: validity.from } : {}),
      ...(validity?.to ? { validTo: validity.to } : {}),
    });
    return { key, cert };
  };
  return {
    signer: make(257, ["digitalSignature", "nonRepudiation"]),
    keyAgreement: make(431, ["keyAgreement"]),
  };
}

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`;

/**
 * Writes `<base>-sign.{cer,pem,key}` and `<base>-kep.{cer,pem,key}` (keys: PBES2 under `password`) to `folder`.
 * Returns the written paths.
 */
export async function saveIdentity(folder: string, base: string, id: SandboxIdentity, password: string) {
  await mkdir(folder, { recursive: true });
  const written: string[] = [];
  for (const [suffix, pair] of [
    ["sign", id.signer],
    ["kep", id.keyAgreement],
  ] as const) {
    const stem = join(folder, `${base}-${suffix}`);
    await writeFile(`${stem}.cer`, pair.cert.der);
    await writeFile(`${stem}.pem`, pem(pair.cert.der));
    await writeFile(`${stem}.key`, encodeKeyStore(pair.key, password), { mode: 0o600 });
    written.push(`${stem}.cer`, `${stem}.pem`, `${stem}.key`);
  }
  return written;
}

/** Writes a CA as `<base>.cer`, `<base>.pem` and `<base>.key` (PBES2). */
export async function saveCa(folder: string, base: string, ca: KeyWithCert, password: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, `${base}.cer`), ca.cert.der);
  await writeFile(join(folder, `${base}.pem`), pem(ca.cert.der));
  await writeFile(join(folder, `${base}.key`), encodeKeyStore(ca.key, password), { mode: 0o600 });
}

async function loadPair(stem: string, password: string): Promise<KeyWithCert> {
  const cert = loadCertificate(await readFile(`${stem}.pem`, "utf8"));
  const key = loadKeyStore(await readFile(`${stem}.key`), password).keys[0];
  if (
    key === undefined ||
    !cert.publicKey ||
    !sameCurve(key.curve, cert.publicKey.curve) ||
    publicKeyOf(key) !== cert.publicKey.q
  ) {
    throw new KeyError("NO_SUITABLE_KEY", "the saved key does not match its certificate");
  }
  return { key, cert };
}

/** Reads back what saveIdentity wrote, through the same loaders used for real key material. */
export async function loadIdentity(folder: string, base: string, password: string): Promise<SandboxIdentity> {
  return {
    signer: await loadPair(join(folder, `${base}-sign`), password),
    keyAgreement: await loadPair(join(folder, `${base}-kep`), password),
  };
}

/** Reads back what saveCa wrote. */
export function loadCa(folder: string, base: string, password: string): Promise<KeyWithCert> {
  return loadPair(join(folder, base), password);
}
