/**
 * X.509 CRLs (RFC 5280 §5) signed with DSTU 4145 over GOST 34.311, as Ukrainian CAs publish them at the URL a
 * certificate's cRLDistributionPoints names: `buildCrl` writes one (the sandbox's CA), `readCrl` reads one
 * strictly and checks it was issued and signed by the certificate's CA and is current, and `crlStatus` says
 * whether a certificate is on it.
 *
 * @example
 * import { buildCrl, readCrl, crlStatus } from "@stiika/diia";
 * const der = buildCrl({ issuer: ca, thisUpdate: now, nextUpdate: inAnHour, number: 7n, revoked: [] });
 * const crl = readCrl(der, { issuer: ca.cert, now: new Date() }); // throws RevocationError when not usable
 * crlStatus(crl, signerCert); // { status: "good" } | { status: "revoked", revokedAt, reason }
 */
import type { Certificate } from "./certificate.ts";
import { bytesEqual, toHex } from "./lib/cms/bytes.ts";
import { Fields, isContext, isUniversal, T } from "./lib/cms/der.ts";
import { OID } from "./lib/cms/oids.ts";
import {
  crlSignatureAlgorithm,
  parseDer,
  readExtensions,
  reading,
  readTime,
  refuse,
  signatureContent,
  signedBy,
} from "./lib/revocation/read.ts";
import {
  enumerated,
  explicit,
  extension,
  integer,
  integerBytes,
  seq,
  signatureAlgorithm,
  signatureBits,
  time,
  tlv,
} from "./lib/revocation/write.ts";
import type { EcdsaKeyWithCert } from "./signing.ts";
import type { KeyWithCert } from "./wrap.ts";

/** CRLReason (RFC 5280 §5.3.1); 7 is unused. */
export const REVOCATION_REASONS = {
  unspecified: 0,
  keyCompromise: 1,
  cACompromise: 2,
  affiliationChanged: 3,
  superseded: 4,
  cessationOfOperation: 5,
  certificateHold: 6,
  removeFromCRL: 8,
  privilegeWithdrawn: 9,
  aACompromise: 10,
} as const;
export type RevocationReason = keyof typeof REVOCATION_REASONS;
const REASON_NAMES = new Map<number, RevocationReason>(
  Object.entries(REVOCATION_REASONS).map(([k, v]) => [v, k as RevocationReason]),
);

export function reasonName(code: number): RevocationReason | undefined {
  return REASON_NAMES.get(code);
}

export interface RevokedEntry {
  /** The certificate's serial as it encodes it (Certificate.serialBytes). */
  serial: Uint8Array;
  revokedAt: Date;
  reason?: RevocationReason;
}

export interface BuildCrlOptions {
  /** The CA: DSTU 4145, or P-256 (the ECDSA citizen CA; the CRL is then signed ECDSA with SHA-256). */
  issuer: KeyWithCert | EcdsaKeyWithCert;
  thisUpdate: Date;
  nextUpdate: Date;
  /** cRLNumber: grows with every CRL the issuer publishes. */
  number: bigint;
  revoked: readonly RevokedEntry[];
}

/** A v2 CRL with authorityKeyIdentifier and cRLNumber; entries carry their reasonCode when given. */
export function buildCrl(o: BuildCrlOptions): Uint8Array {
  const keyId = o.issuer.cert.keyId;
  const entries = o.revoked.map((r) =>
    seq(
      integerBytes(r.serial),
      time(r.revokedAt),
      ...(r.reason === undefined
        ? []
        : [seq(extension(OID.crlReason, enumerated(REVOCATION_REASONS[r.reason])))]),
    ),
  );
  const tbs = seq(
    integer(1),
    signatureAlgorithm(o.issuer.key),
    o.issuer.cert.subjectNameDer,
    time(o.thisUpdate),
    time(o.nextUpdate),
    ...(entries.length > 0 ? [seq(...entries)] : []),
    explicit(
      0,
      seq(
        ...(keyId ? [extension(OID.authorityKeyIdentifier, seq(tlv(0x80, Buffer.from(keyId, "hex"))))] : []),
        extension(OID.crlNumber, integer(o.number)),
      ),
    ),
  );
  return seq(tbs, signatureAlgorithm(o.issuer.key), signatureBits(o.issuer.key, tbs));
}

export interface Crl {
  issuerNameDer: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
  number: bigint | undefined;
  /** Revoked serials (lowercase hex of the INTEGER content) → when and why. */
  revoked: ReadonlyMap<string, { revokedAt: Date; reason: RevocationReason | undefined }>;
}

export interface ReadCrlOptions {
  /** The CA that issued the certificates this CRL is about: it must have signed the CRL. */
  issuer: Certificate;
  now: Date;
  /** Clock difference tolerated on thisUpdate / nextUpdate (default 2 minutes). */
  skewMs?: number;
}

const intContent = (node: Parameters<typeof isUniversal>[0], what: string): Uint8Array => {
  if (!isUniversal(node, T.INTEGER, false) || node.content.length === 0)
    throw refuse("MALFORMED", `${what} is not an INTEGER`);
  return node.content;
};

function toBigint(bytes: Uint8Array): bigint {
  let v = 0n;
  for (const b of bytes) v = (v << 8n) | BigInt(b);
  return bytes.length > 0 && (bytes[0] ?? 0) & 0x80 ? v - (1n << BigInt(bytes.length * 8)) : v;
}

/**
 * Reads a DER CRL and checks it: v2, DSTU 4145 (or, from an ECDSA CA, ECDSA with SHA-256) in both algorithm fields, issued by `issuer` (name and, when
 * present, authorityKeyIdentifier), signed by its key, the issuer allowed to sign CRLs, and current at `now`.
 * Delta CRLs, indirect entries and other critical extensions are refused (UNKNOWN_CRITICAL_EXTENSION).
 */
export function readCrl(der: Uint8Array, o: ReadCrlOptions): Crl {
  const skew = o.skewMs ?? 120_000;
  return reading("CRL", () => {
    const root = parseDer(der, "CRL");
    const outer = new Fields(root, "CertificateList");
    const tbsNode = outer.required((n) => isUniversal(n, T.SEQUENCE, true), "tbsCertList");
    const outerAlg = outer.required((n) => isUniversal(n, T.SEQUENCE, true), "signatureAlgorithm");
    const sig = signatureContent(outer.required((n) => isUniversal(n, T.BIT_STRING), "signatureValue"));
    outer.end();

    const f = new Fields(tbsNode, "TBSCertList");
    const version = f.optional((n) => isUniversal(n, T.INTEGER));
    if (version?.content.length !== 1 || version.content[0] !== 1)
      throw refuse("MALFORMED", "the CRL is not version 2");
    const innerAlg = f.required((n) => isUniversal(n, T.SEQUENCE, true), "signature");
    const issuerName = f.required((n) => isUniversal(n, T.SEQUENCE, true), "issuer");
    const thisUpdate = readTime(
      f.required(() => true, "thisUpdate"),
      "thisUpdate",
    );
    const nextNode = f.optional((n) => isUniversal(n, T.UTC_TIME) || isUniversal(n, T.GENERALIZED_TIME));
    const list = f.optional((n) => isUniversal(n, T.SEQUENCE, true));
    const extsNode = f.optional((n) => isContext(n, 0));
    f.end();
    const algorithm = crlSignatureAlgorithm(innerAlg, "the CRL's signature algorithm");
    if (!bytesEqual(innerAlg.bytes, outerAlg.bytes))
      throw refuse("MALFORMED", "the CRL's two signature algorithms differ");
    // RFC 5280 §5.1.2.5: conforming issuers always say when the next CRL comes; without it freshness is unknowable.
    if (!nextNode) throw refuse("MALFORMED", "the CRL has no nextUpdate");
    const nextUpdate = readTime(nextNode, "nextUpdate");

    if (!bytesEqual(issuerName.bytes, o.issuer.subjectNameDer))
      throw refuse("WRONG_ISSUER", "the CRL is issued by another name than the certificate's issuer");
    let number: bigint | undefined;
    if (extsNode) {
      const [inner, ...rest] = extsNode.children;
      if (inner === undefined || rest.length > 0)
        throw refuse("MALFORMED", "crlExtensions is not one element");
      const exts = readExtensions(inner, "CRL", [OID.authorityKeyIdentifier]);
      const aki = exts.get(OID.authorityKeyIdentifier);
      if (aki) {
        const a = new Fields(parseDer(aki.value, "authorityKeyIdentifier"), "authorityKeyIdentifier");
        const keyId = a.optional((n) => n.cls === 2 && n.tagNumber === 0 && !n.constructed);
        if (keyId && o.issuer.keyId !== undefined && toHex(keyId.content) !== o.issuer.keyId)
          throw refuse("WRONG_ISSUER", "the CRL's authorityKeyIdentifier names another key");
      }
      const num = exts.get(OID.crlNumber);
      if (num) number = toBigint(intContent(parseDer(num.value, "cRLNumber"), "cRLNumber"));
    }
    if (!o.issuer.keyUsage.includes("cRLSign"))
      throw refuse("UNAUTHORIZED_SIGNER", "the issuer's certificate does not allow signing CRLs");
    if (!signedBy(o.issuer, algorithm, tbsNode.bytes, sig))
      throw refuse("BAD_SIGNATURE", "the CRL's signature does not verify");

    const now = o.now.getTime();
    if (thisUpdate.getTime() > now + skew)
      throw refuse("NOT_YET_VALID", "the CRL's thisUpdate is in the future");
    if (nextUpdate.getTime() < now - skew) throw refuse("STALE", "the CRL's nextUpdate has passed");

    const revoked = new Map<string, { revokedAt: Date; reason: RevocationReason | undefined }>();
    for (const entry of list?.children ?? []) {
      const e = new Fields(entry, "revoked certificate");
      const serial = toHex(
        intContent(
          e.required((n) => isUniversal(n, T.INTEGER), "userCertificate"),
          "serial",
        ),
      );
      const revokedAt = readTime(
        e.required(() => true, "revocationDate"),
        "revocationDate",
      );
      const entryExts = e.optional((n) => isUniversal(n, T.SEQUENCE, true));
      e.end();
      let reason: RevocationReason | undefined;
      if (entryExts) {
        // certificateIssuer (indirect CRL) is critical and not among these, so such an entry is refused.
        const exts = readExtensions(entryExts, "CRL entry", [OID.crlReason, OID.invalidityDate]);
        const code = exts.get(OID.crlReason);
        if (code) {
          const node = parseDer(code.value, "reasonCode");
          if (!isUniversal(node, 10, false) || node.content.length !== 1)
            throw refuse("MALFORMED", "reasonCode is not an ENUMERATED");
          reason = reasonName(node.content[0] ?? -1);
          if (reason === undefined) throw refuse("MALFORMED", "reasonCode is not a CRLReason");
        }
      }
      if (revoked.has(serial)) throw refuse("MALFORMED", "the CRL lists a serial twice");
      revoked.set(serial, { revokedAt, reason });
    }
    return { issuerNameDer: issuerName.bytes, thisUpdate, nextUpdate, number, revoked };
  });
}

export type CertificateStatus =
  | { status: "good" }
  | { status: "revoked"; revokedAt: Date; reason: RevocationReason | undefined }
  | { status: "unknown" };

/** Whether `cert` is on `crl` (read with readCrl for the certificate's issuer). removeFromCRL counts as good. */
export function crlStatus(crl: Crl, cert: Certificate): CertificateStatus {
  if (!bytesEqual(crl.issuerNameDer, cert.issuerNameDer))
    throw refuse("WRONG_ISSUER", "the CRL is about another issuer's certificates");
  const entry = crl.revoked.get(cert.serial);
  if (!entry || entry.reason === "removeFromCRL") return { status: "good" };
  return { status: "revoked", ...entry };
}
