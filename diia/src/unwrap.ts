/**
 * Opens a Diia payload (`encodeData`, file parts): base64/DER CMS EnvelopedData → decrypt with our DSTU
 * key-agreement key → CMS SignedData → verify the DSTU signature (and, when `trust` is given, pin the signer).
 * Succeeds only when the content was both decrypted and its signature verified; every failure is an
 * EnvelopeError with a typed code (README "Error codes": structural refusals, limits, signature and signer).
 *
 * @example
 * import { loadKeyStore, loadCertificate, unwrap } from "@stiika/diia";
 * const keys = loadKeyStore(await readFile("Key-6.dat"), "12345677");
 * const trust = [loadCertificate(await readFile("DiiaKey1.cer"))];
 * const { content, signer, signingTime } = unwrap(encodeData, { keys, trust });
 */
import type { Certificate, DistinguishedName } from "./certificate.ts";
import { EnvelopeError } from "./errors.ts";
import type { KeyStore } from "./keys.ts";
import { bytesEqual, decodeTextOrBinary, toHex } from "./lib/cms/bytes.ts";
import {
  type CertRef,
  certMatches,
  openEnvelope,
  parseCertificates,
  readSignedData,
  type SignedContent,
  signatureValid,
  signingCertificateMatches,
} from "./lib/cms/read.ts";
import { gost34311 } from "./lib/primitives.ts";

export interface UnwrapOptions {
  /**
   * Our key material (private keys + our certificates), e.g. from loadKeyStore. Only recipient entries naming
   * one of these certificates are opened, so the key-agreement certificate must be among them.
   */
  keys: KeyStore;
  /**
   * Pinned signer certificates (Diia's signing certs). When given, the signature must verify with one of them
   * (matched by issuer+serial or keyId); when absent, the signature is verified and the signer reported.
   */
  trust?: readonly Certificate[];
  /** Sender key-agreement certificates used when the envelope has no originatorInfo (e.g. DiiaKey2.cer). */
  senderCertificates?: readonly Certificate[];
  /** Time used for certificate validity when the signature carries no signingTime; defaults to now. */
  now?: Date;
}

export interface SignerSummary {
  subject: DistinguishedName;
  serial: string;
  keyId: string | undefined;
  issuer: DistinguishedName;
  validFrom: Date;
  validTo: Date;
}

export interface UnwrapResult {
  content: Uint8Array;
  signer: SignerSummary;
  signingTime: Date | undefined;
  /** True when the signature verified with a certificate from `trust`; false when no `trust` was given. */
  pinned: boolean;
  /**
   * GOST 34.311 (hex) of the signed attributes the signature covers. The same signature has the same value in
   * whatever envelope it travels, so a store can recognise a signed payload it has already accepted.
   */
  signatureDigest: string;
}

const distinct = (certs: readonly Certificate[]): Certificate[] =>
  certs.filter((c, i) => certs.findIndex((d) => d.equals(c)) === i);

/**
 * The certificate to verify with. Known certificates (the pinned ones, or without `trust` the sender and our own)
 * come first; a certificate the envelope carries for the same signer must then be that very certificate.
 */
function findSigner(ref: CertRef, signed: SignedContent, options: UnwrapOptions): Certificate {
  const known = distinct(
    (options.trust ?? [...(options.senderCertificates ?? []), ...options.keys.certificates]).filter((c) =>
      certMatches(c, ref),
    ),
  );
  if (options.trust !== undefined && known.length === 0)
    throw new EnvelopeError("UNTRUSTED_SIGNER", "the signer is not a trusted certificate");
  // An embedded copy of a known certificate needs no parsing; anything else is parsed to see whom it names.
  const isKnown = (der: Uint8Array) => known.find((k) => bytesEqual(k.der, der));
  const others = signed.certificateDers.filter((der) => isKnown(der) === undefined);
  const claimants = distinct(parseCertificates(others).filter((c) => certMatches(c, ref)));
  if (claimants.length > 0 && (known.length > 0 || claimants.length > 1))
    throw new EnvelopeError("UNTRUSTED_SIGNER", "the envelope carries another certificate for its signer");
  const embedded = signed.certificateDers.map(isKnown).find((k) => k !== undefined);
  const cert = embedded ?? known[0] ?? claimants[0];
  if (cert === undefined) throw new EnvelopeError("UNTRUSTED_SIGNER", "the signer's certificate is unknown");
  return cert;
}

function unwrapUnchecked(envelope: string | Uint8Array, options: UnwrapOptions): UnwrapResult {
  const der = decodeTextOrBinary(envelope);
  if (der === undefined) throw new EnvelopeError("MALFORMED", "malformed envelope: neither DER nor base64");
  const inner = openEnvelope(der, {
    keys: options.keys.keys,
    ours: options.keys.certificates,
    senderFallback: [
      ...(options.senderCertificates ?? []),
      ...(options.trust ?? []),
      ...options.keys.certificates,
    ],
  });
  const signed = readSignedData(inner);
  const cert = findSigner(signed.sid, signed, options);
  if (!cert.keyUsage.includes("digitalSignature") && !cert.keyUsage.includes("nonRepudiation"))
    throw new EnvelopeError("SIGNER_KEY_USAGE", "the signer's certificate is not for signing");
  const attrsHash = gost34311(signed.signedAttrsDer);
  if (cert.publicKey === undefined || !signatureValid(signed, attrsHash, cert.publicKey)) {
    throw new EnvelopeError("BAD_SIGNATURE", "signature verification failed");
  }
  // Verified, so the signer itself says which certificate it signed with: it must be the one we verified with.
  if (!signingCertificateMatches(signed, cert.der))
    throw new EnvelopeError("UNTRUSTED_SIGNER", "the signed signingCertificate names another certificate");
  if (!cert.isValidAt(signed.signingTime ?? options.now ?? new Date())) {
    throw new EnvelopeError(
      "CERT_EXPIRED_AT_SIGNING",
      "the signer's certificate was not valid at signing time",
    );
  }
  return {
    content: signed.content,
    signer: {
      subject: cert.subject,
      serial: cert.serial,
      keyId: cert.keyId,
      issuer: cert.issuer,
      validFrom: cert.validFrom,
      validTo: cert.validTo,
    },
    signingTime: signed.signingTime,
    pinned: options.trust !== undefined,
    signatureDigest: toHex(attrsHash),
  };
}

/** Decrypts and verifies a Diia envelope; throws only EnvelopeError. */
export function unwrap(envelope: string | Uint8Array, options: UnwrapOptions): UnwrapResult {
  try {
    if (options?.keys?.keys === undefined) throw new EnvelopeError("NOT_FOR_US", "no keys given");
    return unwrapUnchecked(envelope, options);
  } catch (cause) {
    if (cause instanceof EnvelopeError) throw cause;
    throw new EnvelopeError("MALFORMED", "malformed envelope", { cause });
  }
}
