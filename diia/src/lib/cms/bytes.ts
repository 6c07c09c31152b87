// Byte helpers shared by the certificate, key and envelope readers.
import * as asn1js from "asn1js";

export const toHex = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("hex");

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** Base64 text (whitespace and newlines allowed, PEM armour stripped) → bytes; undefined when not base64. */
export function decodeBase64Text(text: string): Uint8Array | undefined {
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
  if (body.length === 0 || body.length % 4 === 1 || !BASE64.test(body)) return undefined;
  return new Uint8Array(Buffer.from(body, "base64"));
}

/**
 * DER as is when it starts like a DER SEQUENCE, otherwise the bytes are read as PEM (any label) or base64 text.
 */
export function decodeTextOrBinary(input: Uint8Array | string): Uint8Array | undefined {
  if (typeof input !== "string") {
    if (input.length > 0 && input[0] === 0x30) return input;
    input = Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1");
  }
  return decodeBase64Text(input);
}

/** Encoded bytes of the first element inside a DER SEQUENCE (e.g. the TBSCertificate of a certificate). */
export function firstChildDer(der: Uint8Array): Uint8Array {
  const node = asn1js.fromBER(der).result;
  const first = node instanceof asn1js.Sequence ? node.valueBlock.value[0] : undefined;
  if (first === undefined) throw new RangeError("not a SEQUENCE");
  return new Uint8Array(first.valueBeforeDecodeView);
}
