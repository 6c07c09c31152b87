/**
 * Opens a Diia payload (`encodeData`, file parts): base64/DER CMS EnvelopedData → decrypt with our DSTU
 * key-agreement key → CMS SignedData → verify the DSTU signature (and, when `trust` is given, pin the signer).
 * Succeeds only when the content was both decrypted and its signature verified; every failure is an
 * EnvelopeError (`MALFORMED`, `NOT_FOR_US`, `BAD_SIGNATURE`, `UNTRUSTED_SIGNER`, `CERT_EXPIRED_AT_SIGNING`).
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
import { decodeTextOrBinary } from "./lib/cms/bytes.ts";
import {
  type CertRef,
  certMatches,
  openEnvelope,
  readSignedData,
  signatureValid,
  signerRef,
  signingTimeOf,
} from "./lib/cms/read.ts";

export interface UnwrapOptions {
  /** Our key material (private keys + our certificates), e.g. from loadKeyStore. */
  keys: KeyStore;
  /**
   * Pinned signer certificates (Diia's signing certs). When given, the signature must verify with one of them
   * (matched by DER, issuer+serial or keyId); when absent, the signature is verified and the signer reported.
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
}

function findSigner(ref: CertRef, embedded: Certificate[], options: UnwrapOptions): Certificate {
  if (options.trust !== undefined) {
    // Verify with the PINNED certificate itself, never with a look-alike carried in the message.
    const pinned = options.trust.find(
      (t) => certMatches(t, ref) || embedded.some((e) => certMatches(e, ref) && e.equals(t)),
    );
    if (pinned === undefined)
      throw new EnvelopeError("UNTRUSTED_SIGNER", "the signer is not a trusted certificate");
    return pinned;
  }
  const found = [...embedded, ...(options.senderCertificates ?? []), ...options.keys.certificates].find((c) =>
    certMatches(c, ref),
  );
  if (found === undefined) throw new EnvelopeError("UNTRUSTED_SIGNER", "the signer's certificate is unknown");
  return found;
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
  const signingTime = signingTimeOf(signed.signerInfo);
  const cert = findSigner(signerRef(signed.signerInfo), signed.certificates, options);
  if (cert.publicKey === undefined || !signatureValid(signed, cert.publicKey)) {
    throw new EnvelopeError("BAD_SIGNATURE", "signature verification failed");
  }
  if (!cert.isValidAt(signingTime ?? options.now ?? new Date())) {
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
    signingTime,
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
