/**
 * Makes a payload the way Diia sends one: CMS SignedData (DSTU 4145 signature with contentType, signingTime and
 * messageDigest) inside CMS EnvelopedData (DSTU 4145 key agreement, GOST 28147 key wrap and CFB encryption),
 * returned as DER. The structure mirrors the real `encodeData` fixture; `unwrap` opens it.
 *
 * @example
 * import { loadKeyStore, loadCertificate, wrap } from "@stiika/diia";
 * const diia = loadKeyStore(await readFile("DiiaTest.pfx"), "Test");
 * const der = wrap(json, {
 *   signer: { key: diia.keys[0], cert: signingCert },
 *   originator: { key: diia.keys[1], cert: keyAgreementCert },
 *   recipientCert: partnerKepCert,
 * });
 */
import type { Certificate } from "./certificate.ts";
import { EnvelopeError, KeyError } from "./errors.ts";
import type { PrivateKey } from "./keys.ts";
import { buildEnvelope, buildSignedData } from "./lib/cms/build.ts";
import { publicKeyOf, sameCurve } from "./lib/cms/read.ts";

export interface KeyWithCert {
  key: PrivateKey;
  cert: Certificate;
}

export interface WrapOptions {
  /** Signing key (DSTU 4145) and its certificate, embedded in the SignedData. */
  signer: KeyWithCert;
  /** The recipient's key-agreement certificate. */
  recipientCert: Certificate;
  /** Sender's static key-agreement key + cert; when absent an ephemeral key is used (originatorKey). */
  originator?: KeyWithCert;
  /** Put the originator certificate into originatorInfo, as Diia does (default true). */
  includeOriginatorInfo?: boolean;
  /** More recipients (same curve as the first), each with its own wrapped copy of the content key. */
  extraRecipients?: readonly Certificate[];
  /** signingTime attribute; defaults to now. */
  signingTime?: Date;
}

function checkPair(pair: KeyWithCert, role: string): void {
  const pk = pair.cert.publicKey;
  if (pk === undefined || !sameCurve(pk.curve, pair.key.curve) || publicKeyOf(pair.key) !== pk.q) {
    throw new KeyError("NO_SUITABLE_KEY", `the ${role} key does not match its certificate`);
  }
}

/** Signs and envelopes `content`; throws KeyError NO_SUITABLE_KEY for mismatched keys/certificates. */
export function wrap(content: Uint8Array, options: WrapOptions): Uint8Array {
  if (!(content instanceof Uint8Array)) throw new EnvelopeError("MALFORMED", "content must be bytes");
  checkPair(options.signer, "signer");
  if (options.originator) checkPair(options.originator, "originator");
  const recipients = [options.recipientCert, ...(options.extraRecipients ?? [])];
  const curve = options.originator?.key.curve ?? options.recipientCert.publicKey?.curve;
  for (const r of recipients) {
    if (r.publicKey === undefined || curve === undefined || !sameCurve(r.publicKey.curve, curve)) {
      throw new KeyError(
        "NO_SUITABLE_KEY",
        "a recipient certificate has no DSTU key on the originator's curve",
      );
    }
  }
  const signed = buildSignedData(content, {
    signer: options.signer,
    signingTime: options.signingTime ?? new Date(),
  });
  return buildEnvelope(signed, {
    ...(options.originator ? { originator: options.originator } : {}),
    recipients,
    includeOriginatorInfo: options.includeOriginatorInfo ?? true,
  });
}
