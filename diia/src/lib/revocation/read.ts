// Strict reading shared by the CRL and OCSP readers: the whole structure is DER (it is signed, and one encoding
// per value is what lets the signed bytes and the values read be the same thing), times are whole-second UTC,
// and extensions are checked for criticality. Every failure is a RevocationError.
import { verify, X509Certificate } from "node:crypto";
import type { Certificate } from "../../certificate.ts";
import { EnvelopeError, RevocationError, type RevocationErrorCode } from "../../errors.ts";
import { checkDer, Fields, isUniversal, type Node, octets, oid, parseOne, T } from "../cms/der.ts";
import { decodeCertSignature } from "../cms/dstu.ts";
import { OID } from "../cms/oids.ts";
import { dstuVerify, gost34311 } from "../primitives.ts";

export const refuse = (code: RevocationErrorCode, what: string, cause?: unknown) =>
  new RevocationError(code, `revocation answer refused: ${what}`, { cause });

/** Parses `der` as one DER element; any structural failure of the shared reader becomes MALFORMED. */
export function parseDer(der: Uint8Array, what: string): Node {
  let node: Node;
  try {
    node = parseOne(der, what);
  } catch (cause) {
    throw refuse("MALFORMED", `the ${what} is not one DER element`, cause);
  }
  if (!checkDer(node)) throw refuse("MALFORMED", `the ${what} is not DER`);
  return node;
}

/** Runs a reader over the shared strict helpers, turning their envelope-flavoured errors into MALFORMED. */
export function reading<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (cause) {
    if (cause instanceof RevocationError) throw cause;
    if (cause instanceof EnvelopeError) throw refuse("MALFORMED", `${what}: ${cause.message}`, cause);
    throw cause;
  }
}

const DIGITS = /^\d+$/;
function timeText(node: Node): string {
  const text = new TextDecoder().decode(node.content);
  if (!text.endsWith("Z") || !DIGITS.test(text.slice(0, -1)))
    throw refuse("MALFORMED", "a time is not YYMMDDHHMMSSZ");
  return text.slice(0, -1);
}

/** UTCTime (YYMMDDHHMMSSZ, 50–99 = 19xx) or GeneralizedTime (YYYYMMDDHHMMSSZ), whole seconds, UTC. */
export function readTime(node: Node | undefined, what: string, generalizedOnly = false): Date {
  let digits: string;
  if (isUniversal(node, T.GENERALIZED_TIME, false)) {
    digits = timeText(node);
    if (digits.length !== 14) throw refuse("MALFORMED", `${what} is not YYYYMMDDHHMMSSZ`);
  } else if (!generalizedOnly && isUniversal(node, T.UTC_TIME, false)) {
    const short = timeText(node);
    if (short.length !== 12) throw refuse("MALFORMED", `${what} is not YYMMDDHHMMSSZ`);
    const yy = Number(short.slice(0, 2));
    digits = `${yy >= 50 ? 19 : 20}${short}`;
  } else {
    throw refuse("MALFORMED", `${what} is not a time`);
  }
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((i, k) =>
    Number(digits.slice(i, k === 0 ? 4 : i + 2)),
  );
  const t = new Date(Date.UTC(y ?? 0, (mo ?? 0) - 1, d, h, mi, s));
  if (
    Number.isNaN(t.getTime()) ||
    t.getUTCMonth() !== (mo ?? 0) - 1 ||
    t.getUTCDate() !== d ||
    t.getUTCHours() !== h ||
    t.getUTCMinutes() !== mi ||
    t.getUTCSeconds() !== s
  )
    throw refuse("MALFORMED", `${what} is not a calendar time`);
  return t;
}

export interface ExtensionValue {
  critical: boolean;
  value: Uint8Array;
}

/** Extensions ::= SEQUENCE SIZE (1..MAX) OF Extension, each OID once; critical ones outside `known` refused. */
export function readExtensions(
  node: Node,
  what: string,
  known: readonly string[],
): Map<string, ExtensionValue> {
  if (!isUniversal(node, T.SEQUENCE, true) || node.children.length === 0)
    throw refuse("MALFORMED", `${what} extensions are not a non-empty SEQUENCE`);
  const out = new Map<string, ExtensionValue>();
  for (const ext of node.children) {
    const f = new Fields(ext, `${what} extension`);
    const id = oid(
      f.required((n) => isUniversal(n, T.OID), "extnID"),
      "extnID",
    );
    const flag = f.optional((n) => isUniversal(n, T.BOOLEAN));
    // DER: the DEFAULT FALSE is never written.
    if (flag && flag.content[0] !== 0xff)
      throw refuse("MALFORMED", `${what} extension writes critical FALSE`);
    const value = octets(
      f.required((n) => isUniversal(n, T.OCTET_STRING), "extnValue"),
      "extnValue",
      false,
    );
    f.end();
    if (out.has(id)) throw refuse("MALFORMED", `${what} has the extension ${id} twice`);
    if (flag && !known.includes(id))
      throw refuse("UNKNOWN_CRITICAL_EXTENSION", `${what} has a critical extension ${id} we do not process`);
    out.set(id, { critical: flag !== undefined, value });
  }
  return out;
}

/** AlgorithmIdentifier with the given OID and absent (or NULL) parameters; another OID is UNSUPPORTED. */
export function expectAlgorithm(node: Node | undefined, want: string, what: string): void {
  if (!isUniversal(node, T.SEQUENCE, true))
    throw refuse("MALFORMED", `${what} is not an AlgorithmIdentifier`);
  const [id, params, ...rest] = node.children;
  const got = oid(id, what);
  if (rest.length > 0 || (params !== undefined && !isUniversal(params, T.NULL, false)))
    throw refuse("MALFORMED", `${what} has unexpected parameters`);
  if (got !== want) throw refuse("UNSUPPORTED", `${what} is ${got}, not ${want}`);
}

/** BIT STRING content (no unused bits) of a signature. */
export function signatureContent(node: Node | undefined): Uint8Array {
  if (!isUniversal(node, T.BIT_STRING, false) || node.content[0] !== 0)
    throw refuse("MALFORMED", "the signature is not a whole-byte BIT STRING");
  return node.content.subarray(1);
}

/** True when `by`'s DSTU key signed GOST 34.311(`tbs`) with the certificate-style signature `bits`. */
export function dstuSignedBy(by: Certificate, tbs: Uint8Array, bits: Uint8Array): boolean {
  if (by.publicKey === undefined) return false;
  try {
    return dstuVerify(by.publicKey.curve, by.publicKey.q, gost34311(tbs), decodeCertSignature(bits));
  } catch {
    return false;
  }
}

export const SIGNATURE_OID = OID.dstu4145le;

/**
 * The signature algorithm of a CRL: DSTU 4145 (GOST 34.311), or ECDSA with SHA-256 (the CA of ECDSA Дія.Підпис
 * certificates); anything else is UNSUPPORTED.
 */
export function crlSignatureAlgorithm(node: Node | undefined, what: string): string {
  const id = isUniversal(node, T.SEQUENCE, true) ? node.children[0] : undefined;
  const got = id !== undefined && isUniversal(id, T.OID, false) ? oid(id, what) : SIGNATURE_OID;
  expectAlgorithm(node, got === OID.ecdsaWithSha256 ? OID.ecdsaWithSha256 : SIGNATURE_OID, what);
  return got;
}

/** True when `by` signed `tbs` with `algorithm` (crlSignatureAlgorithm's): its DSTU key, or its EC key. */
export function signedBy(by: Certificate, algorithm: string, tbs: Uint8Array, bits: Uint8Array): boolean {
  if (algorithm !== OID.ecdsaWithSha256) return dstuSignedBy(by, tbs, bits);
  try {
    const key = new X509Certificate(by.der).publicKey;
    return key.asymmetricKeyType === "ec" && verify("sha256", tbs, { key, dsaEncoding: "der" }, bits);
  } catch {
    return false;
  }
}
