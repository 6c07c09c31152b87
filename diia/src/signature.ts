/**
 * Verifies a Дія.Підпис signature: a detached CMS/CAdES SignedData over a file whose hash we sent Diia (spec §7).
 * Succeeds only when the signed messageDigest is exactly `expectedHash`, the DSTU 4145 (or ECDSA) signature over the signed
 * attributes verifies with the certificate the signature carries, that certificate is the one its signed
 * signingCertificate(V2) names, may sign (digitalSignature / nonRepudiation), was issued by one of `trustedCAs`
 * (its signature checks out with that CA's key) and both were valid at the signing time. Revocation is the caller's
 * next step: the result carries the signer's certificate and its issuer, which an OCSP / CRL check needs.
 * Every refusal is an EnvelopeError with a typed code (README "Verifying a signature").
 *
 * @example
 * import { loadCertificates, verifyDetachedSignature, signingDigest } from "@stiika/diia";
 * const trustedCAs = loadCertificates(await readFile("CACertificates.p7b"));
 * const { signerCertificate, signingTime, rnokpp } = verifyDetachedSignature({
 *   signature: signedItem.signature, expectedHash: signingDigest(pdf, "GOST34311"), hashAlgorithm: "GOST34311",
 *   trustedCAs,
 * });
 */
import { verify, X509Certificate } from "node:crypto";
import type { Certificate } from "./certificate.ts";
import { EnvelopeError } from "./errors.ts";
import { bytesEqual, decodeTextOrBinary, toHex } from "./lib/cms/bytes.ts";
import { OID } from "./lib/cms/oids.ts";
import {
  attrsSignatureValid,
  certMatches,
  parseCertificates,
  readSignedData,
  signingCertificateMatches,
} from "./lib/cms/read.ts";
import { gost34311 } from "./lib/primitives.ts";
import { parseRnokpp } from "./rnokpp.ts";
import type { SigningHashAlgorithm } from "./signing.ts";
import type { SignerSummary } from "./unwrap.ts";

/** How far a signingTime may lie ahead of `at` (clocks of phones and of Diia are not ours). */
export const SIGNING_TIME_SKEW_MS = 5 * 60_000;

export interface VerifyDetachedOptions {
  /** The CMS signature: DER bytes, or base64 / PEM text (as `signedItems[].signature` carries it). */
  signature: string | Uint8Array;
  /** The digest we sent as `fileHash` (32 bytes, or its base64), recomputed from the stored file. */
  expectedHash: Uint8Array | string;
  /** `GOST34311` for `signAlgo: "DSTU"` (DSTU 4145 signatures), `SHA256` for `"ECDSA"` (ECDSA signatures). */
  hashAlgorithm: SigningHashAlgorithm;
  /** The qualified CAs a signer's certificate must be issued by (e.g. loadCertificates of a CA bundle). */
  trustedCAs: readonly Certificate[];
  /**
   * When the signature is judged (default now): the certificates must be valid at the signed signingTime, or at
   * `at` when there is none, and a signingTime more than SIGNING_TIME_SKEW_MS after `at` is refused.
   */
  at?: Date;
}

export interface DetachedSignatureResult {
  signer: SignerSummary;
  /** The signer's certificate, as the signature carries it: what a revocation check is about. */
  signerCertificate: Certificate;
  /** The trusted CA that issued it (the OCSP request's issuer, the CRL's signer). */
  issuerCertificate: Certificate;
  signingTime: Date | undefined;
  /**
   * The signer's РНОКПП (10 digits, check digit valid) from the certificate: the ДРФО subjectDirectoryAttribute
   * or the subject serialNumber `TINUA-…`, where Ukrainian qualified certificates carry it; undefined when the
   * certificate has none (e.g. a person without a РНОКПП, or IIT's test user).
   */
  rnokpp: string | undefined;
  /** GOST 34.311 (hex) of the signed attributes: the same signature has the same value, so a replay is seen. */
  signatureDigest: string;
}

const refuse = (code: ConstructorParameters<typeof EnvelopeError>[0], message: string): never => {
  throw new EnvelopeError(code, `refused signature: ${message}`);
};

/** The РНОКПП a certificate names; two different ones are a certificate nobody should rely on. */
function rnokppOf(cert: Certificate): string | undefined {
  const found = new Set<string>();
  const drfo = cert.subject.drfo?.trim();
  if (drfo !== undefined && /^\d{10}$/.test(drfo)) found.add(drfo);
  const tin = /^TINUA-(\d{10})$/.exec(cert.subject.serialNumber?.trim() ?? "")?.[1];
  if (tin !== undefined) found.add(tin);
  if (found.size > 1) refuse("SIGNER_ID_CONFLICT", "the certificate names two different РНОКПП");
  const [value] = found;
  return value !== undefined && parseRnokpp(value).ok ? value : undefined;
}

function expectedDigest(value: Uint8Array | string): Uint8Array {
  const bytes =
    typeof value === "string" && /^[A-Za-z0-9+/]{43}=$/.test(value)
      ? new Uint8Array(Buffer.from(value, "base64"))
      : value;
  if (!(bytes instanceof Uint8Array) || bytes.length !== 32)
    throw new TypeError("expectedHash must be a 32-byte digest or its base64");
  return bytes;
}

/** ECDSA (DER Ecdsa-Sig-Value) over SHA-256 of the signed attributes, with the certificate's EC key. */
function ecdsaValid(signedAttrsDer: Uint8Array, signature: Uint8Array, cert: Certificate): boolean {
  try {
    const key = new X509Certificate(cert.der).publicKey;
    if (key.asymmetricKeyType !== "ec") return false;
    return verify("sha256", signedAttrsDer, { key, dsaEncoding: "der" }, signature);
  } catch {
    return false;
  }
}

/** The trusted CA that issued `cert`: same name, same key id (when named) and a certificate signature that verifies. */
function issuerOf(cert: Certificate, trustedCAs: readonly Certificate[]): Certificate | undefined {
  return trustedCAs.find(
    (ca) =>
      bytesEqual(ca.subjectNameDer, cert.issuerNameDer) &&
      (cert.authorityKeyId === undefined || cert.authorityKeyId === ca.keyId) &&
      ca.isCA &&
      (ca.keyUsage.length === 0 || ca.keyUsage.includes("keyCertSign")) &&
      !ca.equals(cert) &&
      cert.isSignedBy(ca),
  );
}

function verifyUnchecked(options: VerifyDetachedOptions, expected: Uint8Array): DetachedSignatureResult {
  const der = decodeTextOrBinary(options.signature);
  if (der === undefined) return refuse("MALFORMED", "neither DER nor base64");
  const signed = readSignedData(der, { detached: true });
  // The algorithm is the one we asked Diia for (signAlgo), not the one the signature chooses.
  if (signed.digestAlgorithm !== (options.hashAlgorithm === "GOST34311" ? OID.gost34311 : OID.sha256))
    refuse("MALFORMED", "the signature's digest algorithm is not the one the file was hashed with");
  // What was signed: the hash we sent, nothing else (a signature over another file, or a changed one, stops here).
  if (signed.messageDigest === undefined || !bytesEqual(signed.messageDigest, expected))
    refuse("HASH_MISMATCH", "the signed messageDigest is not the hash of our file");
  // Who signed: the certificate the signature carries for its signer identifier, exactly one.
  const claimants = parseCertificates(signed.certificateDers).filter((c) => certMatches(c, signed.sid));
  const cert = claimants[0];
  if (cert === undefined)
    return refuse("UNTRUSTED_SIGNER", "the signature does not carry its signer's certificate");
  if (claimants.some((c) => !c.equals(cert)))
    refuse("UNTRUSTED_SIGNER", "the signature carries two certificates for its signer");
  if (!cert.keyUsage.includes("digitalSignature") && !cert.keyUsage.includes("nonRepudiation"))
    refuse("SIGNER_KEY_USAGE", "the signer's certificate is not for signing");
  const attrsHash = gost34311(signed.signedAttrsDer);
  const valid =
    signed.digestAlgorithm === OID.gost34311
      ? cert.publicKey !== undefined && attrsSignatureValid(signed, attrsHash, cert.publicKey)
      : ecdsaValid(signed.signedAttrsDer, signed.signature, cert);
  if (!valid) refuse("BAD_SIGNATURE", "signature verification failed");
  // CAdES binds the certificate into what is signed; without it another certificate of the same key could stand in.
  if (signed.signingCertificates.length === 0)
    refuse("NO_SIGNING_CERTIFICATE_ATTR", "the signed attributes do not name the signer's certificate");
  if (!signingCertificateMatches(signed, cert.der))
    refuse("UNTRUSTED_SIGNER", "the signed signingCertificate names another certificate");
  const issuer = issuerOf(cert, options.trustedCAs);
  if (issuer === undefined)
    return refuse("UNTRUSTED_CHAIN", "the signer's certificate is not issued by a trusted CA");
  const at = options.at ?? new Date();
  if (signed.signingTime !== undefined && signed.signingTime.getTime() > at.getTime() + SIGNING_TIME_SKEW_MS)
    refuse("SIGNING_TIME_IN_FUTURE", "the signingTime lies in the future");
  const when = signed.signingTime ?? at;
  if (!cert.isValidAt(when) || !issuer.isValidAt(when))
    refuse("CERT_EXPIRED_AT_SIGNING", "the signer's or its CA's certificate was not valid at signing time");
  return {
    signer: {
      subject: cert.subject,
      serial: cert.serial,
      keyId: cert.keyId,
      issuer: cert.issuer,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
    },
    signerCertificate: cert,
    issuerCertificate: issuer,
    signingTime: signed.signingTime,
    rnokpp: rnokppOf(cert),
    signatureDigest: toHex(attrsHash),
  };
}

/**
 * Verifies a detached Дія.Підпис signature over `expectedHash`; refusals are EnvelopeError (see the module doc).
 * An `expectedHash` that is no 32-byte digest is the caller's mistake, a TypeError.
 */
export function verifyDetachedSignature(options: VerifyDetachedOptions): DetachedSignatureResult {
  const expected = expectedDigest(options.expectedHash);
  try {
    return verifyUnchecked(options, expected);
  } catch (cause) {
    if (cause instanceof EnvelopeError) throw cause;
    throw new EnvelopeError("MALFORMED", "malformed signature", { cause });
  }
}
