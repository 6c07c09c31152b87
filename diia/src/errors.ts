import type { DiiaErrorBody } from "./client/schemas.ts";

/**
 * One error family for the whole library: every failure carries a stable string `code` that programs switch on;
 * messages are plain and never contain tokens, keys or personal data (details live in `cause`).
 *
 * @example
 * try { await unwrap(envelope, opts) } catch (e) { if (e instanceof EnvelopeError && e.code === "NOT_FOR_US") … }
 */
export class DiiaError<C extends string = string> extends Error {
  readonly code: C;
  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/**
 * Opening or making a CMS envelope (`unwrap` / `wrap`). Besides the five original codes, the structural refusals
 * (see the package README for when each applies): TRAILING_DATA, UNEXPECTED_ELEMENT, TRUNCATED, MULTIPLE_SIGNERS,
 * DUPLICATE_ATTRIBUTE, CONTENT_TYPE_MISMATCH, SIGNED_ATTRS_NOT_DER, SIGNER_KEY_USAGE and the limits
 * TOO_MANY_RECIPIENTS, TOO_MANY_CERTIFICATES, TOO_MANY_ATTRIBUTES, TOO_MANY_ELEMENTS, TOO_DEEP. Verifying a detached
 * signature (`verifyDetachedSignature`) adds NOT_DETACHED, HASH_MISMATCH, NO_SIGNING_CERTIFICATE_ATTR, UNTRUSTED_CHAIN,
 * SIGNING_TIME_IN_FUTURE and SIGNER_ID_CONFLICT.
 */
export type EnvelopeErrorCode =
  | "MALFORMED"
  | "NOT_FOR_US"
  | "BAD_SIGNATURE"
  | "UNTRUSTED_SIGNER"
  | "CERT_EXPIRED_AT_SIGNING"
  | "TRAILING_DATA"
  | "UNEXPECTED_ELEMENT"
  | "TRUNCATED"
  | "MULTIPLE_SIGNERS"
  | "DUPLICATE_ATTRIBUTE"
  | "CONTENT_TYPE_MISMATCH"
  | "SIGNED_ATTRS_NOT_DER"
  | "SIGNER_KEY_USAGE"
  | "TOO_MANY_RECIPIENTS"
  | "TOO_MANY_CERTIFICATES"
  | "TOO_MANY_ATTRIBUTES"
  | "TOO_MANY_ELEMENTS"
  | "TOO_DEEP"
  | "NOT_DETACHED"
  | "HASH_MISMATCH"
  | "NO_SIGNING_CERTIFICATE_ATTR"
  | "UNTRUSTED_CHAIN"
  | "SIGNING_TIME_IN_FUTURE"
  | "SIGNER_ID_CONFLICT";
export class EnvelopeError extends DiiaError<EnvelopeErrorCode> {}

/**
 * Loading key containers, certificates and generating keys. `UNSUPPORTED_CURVE`: a named standard curve whose
 * parameters we do not carry (only DSTU_PB_257 and DSTU_PB_431, the curves IIT and Diia use).
 */
export type KeyErrorCode =
  | "BAD_KEY_STORE"
  | "BAD_PASSWORD"
  | "BAD_CERTIFICATE"
  | "NO_SUITABLE_KEY"
  | "UNSUPPORTED_CURVE";
export class KeyError extends DiiaError<KeyErrorCode> {}

/**
 * The DSTU 4145 / GOST primitives refused their input (off-curve point, out-of-range scalar, wrong sizes).
 * `unwrap` maps these to EnvelopeError codes; they surface directly only from the low-level primitives.
 */
export type FastCryptoErrorCode =
  | "BAD_INPUT"
  | "BAD_POINT"
  | "BAD_SCALAR"
  | "BAD_SIGNATURE_FORMAT"
  | "KEY_UNWRAP_FAILED";
export class FastCryptoError extends DiiaError<FastCryptoErrorCode> {}

/** Talking to the Diia partner API. */
export type DiiaApiErrorCode =
  | "HTTP_ERROR"
  | "UNAUTHORIZED"
  | "TIMEOUT"
  | "NETWORK"
  | "BAD_RESPONSE"
  | "BAD_REQUEST";
export class DiiaApiError extends DiiaError<DiiaApiErrorCode> {
  /** HTTP status when Diia answered; undefined for timeouts and network failures. */
  readonly status: number | undefined;
  /** First bytes of the response body, with anything token-like removed. */
  readonly bodyExcerpt: string | undefined;
  /** Diia's own error body (`{name, message, code, data}`) when the answer carried one. */
  readonly diiaError: DiiaErrorBody | undefined;
  constructor(
    code: DiiaApiErrorCode,
    message: string,
    options: { status?: number; bodyExcerpt?: string; diiaError?: DiiaErrorBody; cause?: unknown } = {},
  ) {
    super(code, message, { cause: options.cause });
    this.status = options.status;
    this.bodyExcerpt = options.bodyExcerpt;
    this.diiaError = options.diiaError;
  }
}

/** Reading the decrypted `encodeData` metadata JSON (`parseMetadata`). */
export type MetadataErrorCode = "NOT_JSON" | "MALFORMED_METADATA";
/** Where the metadata broke its schema: a dotted path and zod's issue code, never the offending value. */
export interface MetadataIssue {
  path: string;
  code: string;
}
export class MetadataError extends DiiaError<MetadataErrorCode> {
  readonly issues: readonly MetadataIssue[];
  constructor(code: MetadataErrorCode, message: string, options: { issues?: MetadataIssue[] } = {}) {
    super(code, message);
    this.issues = options.issues ?? [];
  }
}

/**
 * A code a citizen shows or types at the counter (Diia barcode, document QR). Messages are Ukrainian and meant
 * to be shown to that person as they are.
 */
export type CitizenCodeErrorCode = "BARCODE_LENGTH" | "BARCODE_CHECKSUM" | "BARCODE_CHARS" | "NOT_DIIA_QR";
export class CitizenCodeError extends DiiaError<CitizenCodeErrorCode> {}

/**
 * Reading or checking a CRL or an OCSP response (`readCrl`, `verifyOcspResponse`). A revoked certificate is not an
 * error (it is a status); these codes mean the answer itself cannot be relied on:
 * - MALFORMED: not a DER structure of the expected shape (trailing bytes, BER, wrong tags, bad times);
 * - UNSUPPORTED: a signature, hash or response type other than DSTU 4145 / GOST 34.311 / id-pkix-ocsp-basic;
 * - UNKNOWN_CRITICAL_EXTENSION: a critical extension we do not understand (e.g. a delta or partitioned CRL);
 * - RESPONDER_ERROR: the OCSP responder answered with an error status (malformedRequest, tryLater, …);
 * - WRONG_ISSUER: the CRL names another issuer than the certificate's;
 * - UNAUTHORIZED_SIGNER: signed by neither the issuing CA nor an OCSP signer it certified (id-kp-OCSPSigning);
 * - BAD_SIGNATURE: the signature does not verify;
 * - CERT_ID_MISMATCH: the response says nothing about the certificate asked for (hash algorithm, issuer name
 *   hash, issuer key hash and serial must all match);
 * - STALE / NOT_YET_VALID: outside thisUpdate … nextUpdate (with the allowed clock skew);
 * - NONCE_MISMATCH: the response does not carry the nonce the request sent.
 */
export type RevocationErrorCode =
  | "MALFORMED"
  | "UNSUPPORTED"
  | "UNKNOWN_CRITICAL_EXTENSION"
  | "RESPONDER_ERROR"
  | "WRONG_ISSUER"
  | "UNAUTHORIZED_SIGNER"
  | "BAD_SIGNATURE"
  | "CERT_ID_MISMATCH"
  | "STALE"
  | "NOT_YET_VALID"
  | "NONCE_MISMATCH";
export class RevocationError extends DiiaError<RevocationErrorCode> {}
