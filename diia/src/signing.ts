/**
 * Дія.Підпис, the partner's side of the request (spec §3.3, §7): the digest Diia wants of each file and the body of
 * the signing deeplink. `fileHash` is the base64 of the 32-byte digest of the file's bytes: GOST 34.311-95 (zero
 * start vector, the DSTU default S-box, as IIT and UAPKI compute it; the Python SDK's test vector for "test data"
 * is `HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=`) for `signAlgo: "DSTU"`, SHA-256 for `"ECDSA"`.
 *
 * @example
 * import { createDiiaClient, signingDeeplinkRequest } from "@stiika/diia";
 * const body = signingDeeplinkRequest({ offerId, requestId, signAlgo: "DSTU",
 *   files: [{ fileName: "zayava.pdf", content: pdfBytes }] });
 * const { deeplink } = await diia.sharing.createSigningDeeplink(branchId, body);
 */
import { createHash, createPublicKey, KeyObject, X509Certificate } from "node:crypto";
import type { Certificate } from "./certificate.ts";
import { validate } from "./client/http.ts";
import {
  type SignAlgo,
  type SigningCallback,
  SigningCallbackSchema,
  type SigningDeeplinkRequest,
  SigningDeeplinkRequestSchema,
} from "./client/schemas.ts";
import { EnvelopeError, KeyError, MetadataError } from "./errors.ts";
import { buildDetachedSignature } from "./lib/cms/build.ts";
import { publicKeyOf, sameCurve } from "./lib/cms/read.ts";
import { gost34311 } from "./lib/primitives.ts";
import type { KeyWithCert } from "./wrap.ts";

/** The hash function of each `signAlgo`. */
export type SigningHashAlgorithm = "GOST34311" | "SHA256";
export const SIGNING_HASH: Readonly<Record<SignAlgo, SigningHashAlgorithm>> = {
  DSTU: "GOST34311",
  ECDSA: "SHA256",
};

/** The 32-byte digest of `content` with `algorithm`. */
export function signingDigest(content: Uint8Array, algorithm: SigningHashAlgorithm): Uint8Array {
  return algorithm === "GOST34311"
    ? gost34311(content)
    : new Uint8Array(createHash("sha256").update(content).digest());
}

/** `fileHash` of a file for a signing deeplink with `signAlgo`: base64 of its digest. */
export function fileHashForSigning(content: Uint8Array, signAlgo: SignAlgo): string {
  return Buffer.from(signingDigest(content, SIGNING_HASH[signAlgo])).toString("base64");
}

export interface SigningFile {
  /** The name the citizen sees and Diia echoes as `signedItems[].name`. */
  fileName: string;
  /** The exact bytes to be signed (the signature is detached: it will verify only over these). */
  content: Uint8Array;
}

/**
 * The body of a signing deeplink for `files`, hashed as `signAlgo` requires and validated as it will be sent
 * (`SigningDeeplinkRequestSchema`); throws DiiaApiError BAD_REQUEST for anything Diia should not be sent.
 */
export function signingDeeplinkRequest(request: {
  offerId: string;
  requestId: string;
  returnLink?: string;
  signAlgo: SignAlgo;
  files: readonly SigningFile[];
}): SigningDeeplinkRequest {
  const hashedFiles = request.files.map((f) => {
    if (!(f?.content instanceof Uint8Array)) return { fileName: f?.fileName, fileHash: "" };
    return { fileName: f.fileName, fileHash: fileHashForSigning(f.content, request.signAlgo) };
  });
  return validate(
    SigningDeeplinkRequestSchema,
    {
      offerId: request.offerId,
      requestId: request.requestId,
      ...(request.returnLink === undefined ? {} : { returnLink: request.returnLink }),
      signAlgo: request.signAlgo,
      data: { hashedFilesSigning: { hashedFiles } },
    },
    "signing deeplink request",
  );
}

/**
 * Reads a signing callback's `encodeData` (base64 of JSON, not encrypted): `{ signedItems: [{ name, signature }] }`.
 * Throws MetadataError NOT_JSON (not base64 JSON) or MALFORMED_METADATA (with the paths of what is wrong, never
 * values). Whether each name is one we sent, for this request, is the caller's check; each signature then goes to
 * `verifyDetachedSignature`.
 */
export function parseSigningCallback(encodeData: string): SigningCallback {
  const text = typeof encodeData === "string" ? encodeData.trim() : "";
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || text.length % 4 !== 0)
    throw new MetadataError("NOT_JSON", "the signing callback's encodeData is not base64");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, "base64").toString("utf8"));
  } catch {
    throw new MetadataError("NOT_JSON", "the signing callback's encodeData is not base64 JSON");
  }
  const parsed = SigningCallbackSchema.safeParse(json);
  if (!parsed.success)
    throw new MetadataError("MALFORMED_METADATA", "the signing callback has no usable signedItems", {
      issues: parsed.error.issues.map((i) => ({ path: i.path.join("."), code: i.code })),
    });
  return parsed.data;
}

/** A signer for signAlgo "ECDSA": a P-256 private key (Node's crypto) and its certificate. */
export interface EcdsaKeyWithCert {
  key: KeyObject;
  cert: Certificate;
}

/** Whether `key` is the private key of `cert`'s public key. */
function ownsCertificate(key: KeyWithCert["key"] | KeyObject, cert: Certificate): boolean {
  if (key instanceof KeyObject) {
    try {
      return key.type === "private" && createPublicKey(key).equals(new X509Certificate(cert.der).publicKey);
    } catch {
      return false;
    }
  }
  const pk = cert.publicKey;
  return pk !== undefined && sameCurve(pk.curve, key.curve) && publicKeyOf(key) === pk.q;
}

/**
 * Signs a file's `hash` as Дія.Підпис does (the sandbox's side): a detached CAdES-BES SignedData (contentType,
 * signingTime, messageDigest = `hash`, signingCertificateV2), DER, with the signer's certificate. A DSTU 4145 key
 * signs a GOST 34.311 hash (signAlgo "DSTU"), a P-256 key a SHA-256 hash (signAlgo "ECDSA").
 * Throws KeyError NO_SUITABLE_KEY when the key is not the certificate's.
 */
export function signDetached(
  hash: Uint8Array,
  options: { signer: KeyWithCert | EcdsaKeyWithCert; signingTime?: Date },
): Uint8Array {
  if (!(hash instanceof Uint8Array) || hash.length !== 32)
    throw new EnvelopeError("MALFORMED", "the hash to sign must be 32 bytes");
  if (!ownsCertificate(options.signer.key, options.signer.cert))
    throw new KeyError("NO_SUITABLE_KEY", "the signer key does not match its certificate");
  return buildDetachedSignature(hash, {
    signer: options.signer,
    signingTime: options.signingTime ?? new Date(),
  });
}
