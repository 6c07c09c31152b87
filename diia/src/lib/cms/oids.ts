// Object identifiers used by Diia's CMS envelopes (mirrored from the real fixture) and our certificates.
export const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  envelopedData: "1.2.840.113549.1.7.3",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  /** ESS signingCertificate (RFC 2634, SHA-1) and signingCertificateV2 (RFC 5035): the signer's certificate hash. */
  signingCertificate: "1.2.840.113549.1.9.16.2.12",
  signingCertificateV2: "1.2.840.113549.1.9.16.2.47",
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  /** ECDSA (Дія.Підпис with signAlgo ECDSA): the key algorithm and the SHA-256 / SHA-384 signature algorithms. */
  ecPublicKey: "1.2.840.10045.2.1",
  ecdsaWithSha256: "1.2.840.10045.4.3.2",
  ecdsaWithSha384: "1.2.840.10045.4.3.3",
  /** DSTU 4145 with little-endian keys and signatures (key and signature algorithm). */
  dstu4145le: "1.2.804.2.1.1.1.1.3.1.1",
  /** Prefix of the named DSTU 4145 polynomial-basis curves: .0 = m163 … .9 = m431. */
  dstuNamedCurvePrefix: "1.2.804.2.1.1.1.1.3.1.1.2.",
  gost34311: "1.2.804.2.1.1.1.1.2.1",
  /** GOST 28147-2009 CFB content encryption, parameters { iv, dke }. */
  gost28147Cfb: "1.2.804.2.1.1.1.1.1.1.3",
  /** GOST 28147-2009 key wrap. */
  gost28147Wrap: "1.2.804.2.1.1.1.1.1.1.5",
  /** dhSinglePass-cofactorDH with the GOST 34.311 KDF (key agreement for KeyAgreeRecipientInfo). */
  dstuCofactorDh: "1.2.804.2.1.1.1.1.3.4",
  subjectKeyIdentifier: "2.5.29.14",
  authorityKeyIdentifier: "2.5.29.35",
  keyUsage: "2.5.29.15",
  basicConstraints: "2.5.29.19",
  subjectDirectoryAttributes: "2.5.29.9",
  extendedKeyUsage: "2.5.29.37",
  crlDistributionPoints: "2.5.29.31",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
  /** AIA access methods (RFC 5280 4.2.2.1). */
  ocsp: "1.3.6.1.5.5.7.48.1",
  caIssuers: "1.3.6.1.5.5.7.48.2",
  /** id-kp-OCSPSigning: a delegated OCSP responder's purpose (RFC 6960 4.2.2.2). */
  ocspSigning: "1.3.6.1.5.5.7.3.9",
  /** id-pkix-ocsp-nonce and id-pkix-ocsp-basic (RFC 6960 4.4.1, 4.2.1). */
  ocspNonce: "1.3.6.1.5.5.7.48.1.2",
  ocspBasic: "1.3.6.1.5.5.7.48.1.1",
  /** CRL entry and CRL extensions (RFC 5280 5.2, 5.3). */
  crlNumber: "2.5.29.20",
  crlReason: "2.5.29.21",
  invalidityDate: "2.5.29.24",
  /** Ukrainian personal tax number (РНОКПП / ДРФО) in subjectDirectoryAttributes. */
  drfo: "1.2.804.2.1.1.1.11.1.4.1.1",
  /** Legal entity code (ЄДРПОУ) in subjectDirectoryAttributes. */
  edrpou: "1.2.804.2.1.1.1.11.1.4.2.1",
} as const;
