/**
 * UNMODIFIED jkurwa's own unwrap path (Box → Message: decrypt, then verify), for comparison in the benches.
 * The one change is made here, in memory, not in the package: jkurwa declares EnvelopedData as RFC 2315 has it,
 * so Diia's `originatorInfo [0] IMPLICIT` field fails to parse. We register RFC 5652's definition
 * (OriginatorInfo ::= SEQUENCE { certs [0] IMPLICIT SET OF Certificate OPTIONAL, … }), reusing jkurwa's own
 * RecipientInfo / EncryptedContentInfo entities so everything else stays jkurwa's.
 *
 * @example
 * const box = jkurwaBox(key6, "12345677", [signCertDer, kepCertDer]);
 * await jkurwaUnwrap(box, envelopeDer); // plaintext, or throws when jkurwa did not decrypt AND verify
 */
import { createRequire } from "node:module";

const jkRequire = createRequire(createRequire(import.meta.url).resolve("jkurwa"));
// biome-ignore lint/suspicious/noExplicitAny: untyped CommonJS internals of jkurwa, confined to the harness
type Untyped = any;
const jk: Untyped = jkRequire("./index.js");
const asn1: Untyped = jkRequire("asn1.js");
const spec: Untyped = jkRequire("./spec/dstszi2010.js");
const rfc3280: Untyped = jkRequire("./spec/rfc3280.js");
const gost89: Untyped = createRequire(import.meta.url)("gost89");

let patched = false;
function fixEnvelopedDataSpec(): void {
  if (patched) return;
  const original = spec.ContentInfo.contentModel.envelopedData;
  // asn1.js keeps the parsed definition as a node tree: root → seq → keyed children.
  const fields: Untyped[] = original._getDecoder("der").tree._baseState.children[0]._baseState.children;
  const field = (key: string) => fields.find((c) => c._baseState.key === key)._baseState;
  const RecipientInfo = field("recipientInfos").args[0];
  const EncryptedContentInfo = field("encryptedContentInfo").use;
  const OriginatorInfo = asn1.define("OriginatorInfo5652", function (this: Untyped) {
    this.seq().obj(this.key("certs").optional().implicit(0).setof(rfc3280.Certificate));
  });
  spec.ContentInfo.contentModel.envelopedData = asn1.define("EnvelopedData5652", function (this: Untyped) {
    this.seq().obj(
      this.key("version").int(),
      this.key("originatorInfo").optional().implicit(0).use(OriginatorInfo),
      this.key("recipientInfos").setof(RecipientInfo),
      this.key("encryptedContentInfo").use(EncryptedContentInfo),
    );
  });
  patched = true;
}

export function jkurwaBox(keyStore: Uint8Array, password: string, certificates: Uint8Array[]): Untyped {
  fixEnvelopedDataSpec();
  return new jk.Box({
    algo: gost89.compat.algos(),
    keys: [
      { keyBuffers: [Buffer.from(keyStore)], password, certBuffers: certificates.map((c) => Buffer.from(c)) },
    ],
  });
}

/** jkurwa's unwrap; a result counts only with no error and both a decryption and a verified-signature step. */
export async function jkurwaUnwrap(box: Untyped, envelope: Uint8Array): Promise<Uint8Array> {
  const info = await box.unwrap(Buffer.from(envelope));
  const pipe: Untyped[] = info.pipe ?? [];
  const ok = info.error === undefined && pipe.some((s) => s.enc) && pipe.some((s) => s.signed === true);
  if (!ok) throw new Error(`jkurwa did not open the envelope (${info.error ?? "incomplete pipe"})`);
  return new Uint8Array(info.content);
}
