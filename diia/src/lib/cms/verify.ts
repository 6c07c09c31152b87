// The SignedData half of `unwrap`: find the signer's certificate, check what it may sign, verify, and report.
import type { Certificate } from "../../certificate.ts";
import { EnvelopeError } from "../../errors.ts";
import type { UnwrapOptions, UnwrapResult } from "../../unwrap.ts";
import { gost34311 } from "../primitives.ts";
import { bytesEqual, toHex } from "./bytes.ts";
import {
  type CertRef,
  certMatches,
  parseCertificates,
  readSignedData,
  type SignedContent,
  signatureValid,
  signingCertificateMatches,
} from "./read.ts";

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

/** Verifies the decrypted ContentInfo(SignedData) `inner`; throws EnvelopeError for anything but a valid one. */
export function verifySignedData(inner: Uint8Array, options: UnwrapOptions): UnwrapResult {
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
    signerCertificate: cert,
  };
}
