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
import { decodeTextOrBinary } from "./lib/cms/bytes.ts";
import { openEnvelope } from "./lib/cms/read.ts";
import { verifySignedData } from "./lib/cms/verify.ts";

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
  /** The certificate the signature verified with: what a revocation check (OCSP, CRL) is about. */
  signerCertificate: Certificate;
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
  return verifySignedData(inner, options);
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
