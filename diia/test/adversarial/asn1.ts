// A tiny hand DER writer and splitter, independent of src/ (the adversarial envelopes must not come from the code
// under test). Writers take already-encoded children, so a test can put anything anywhere.

export type Bytes = Uint8Array;

export const cat = (...parts: Bytes[]): Bytes => {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** DER length octets (minimal). */
export function len(n: number): Bytes {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export const tlv = (tag: number, ...children: Bytes[]): Bytes => {
  const body = cat(...children);
  return cat(Uint8Array.of(tag), len(body.length), body);
};
/** BER: the same element with an indefinite length and end-of-contents. */
export const indefinite = (tag: number, ...children: Bytes[]): Bytes =>
  cat(Uint8Array.of(tag, 0x80), ...children, Uint8Array.of(0, 0));
/** BER: a length in `octets` length octets where fewer would do. */
export const longLength = (tag: number, body: Bytes, octets = 2): Bytes => {
  const l: number[] = [];
  for (let i = 0, v = body.length; i < octets; i++, v = Math.floor(v / 256)) l.unshift(v % 256);
  return cat(Uint8Array.of(tag, 0x80 | octets, ...l), body);
};

export const seq = (...c: Bytes[]) => tlv(0x30, ...c);
/** A SET with its elements in the order given (a test decides whether they are sorted). */
export const set = (...c: Bytes[]) => tlv(0x31, ...c);
/** A SET sorted as DER wants (X.690 11.6). */
export const sortedSet = (...c: Bytes[]) => set(...[...c].sort(compare));
export const octet = (b: Bytes) => tlv(0x04, b);
export const nul = () => Uint8Array.of(0x05, 0x00);
export const ctx = (n: number, ...c: Bytes[]) => tlv(0xa0 | n, ...c);
export const ctxPrim = (n: number, b: Bytes) => tlv(0x80 | n, b);
export const bits = (b: Bytes) => tlv(0x03, Uint8Array.of(0), b);
export const utc = (text: string) => tlv(0x17, new TextEncoder().encode(text));

export function int(v: number | bigint): Bytes {
  let n = BigInt(v);
  const out: number[] = [];
  do {
    out.unshift(Number(n & 0xffn));
    n >>= 8n;
  } while (n > 0n);
  if ((out[0] ?? 0) & 0x80) out.unshift(0);
  return tlv(0x02, Uint8Array.from(out));
}

export function oid(text: string): Bytes {
  const [a = 0, b = 0, ...rest] = text.split(".").map(Number);
  const out: number[] = [];
  for (const arc of [a * 40 + b, ...rest]) {
    const chunk: number[] = [arc & 0x7f];
    for (let v = Math.floor(arc / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

export function compare(a: Bytes, b: Bytes): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return (a[i] ?? 0) - (b[i] ?? 0);
  return a.length - b.length;
}

/** One DER element at `at`: its tag, whole encoding and contents. */
export function element(buf: Bytes, at = 0): { tag: number; whole: Bytes; body: Bytes } {
  const tag = buf[at] ?? 0;
  let p = at + 1;
  let n = buf[p++] ?? 0;
  if (n & 0x80) {
    const k = n & 0x7f;
    n = 0;
    for (let i = 0; i < k; i++) n = n * 256 + (buf[p++] ?? 0);
  }
  return { tag, whole: buf.subarray(at, p + n), body: buf.subarray(p, p + n) };
}

/** The encodings of the elements inside a constructed element. */
export function items(der: Bytes): Bytes[] {
  const { body } = element(der);
  const out: Bytes[] = [];
  for (let at = 0; at < body.length; ) {
    const e = element(body, at);
    out.push(e.whole);
    at += e.whole.length;
  }
  return out;
}

/** Path of child indexes into a DER tree, e.g. at(ci, 1, 0) = the element inside a ContentInfo's [0]. */
export function at(der: Bytes, ...path: number[]): Bytes {
  let cur = der;
  for (const i of path) {
    const next = items(cur)[i];
    if (next === undefined) throw new Error(`no element ${i} on the path`);
    cur = next;
  }
  return cur;
}

/** The same constructed element with other children (same tag). */
export const rebuild = (der: Bytes, children: Bytes[]): Bytes => tlv(der[0] ?? 0, ...children);

export const OIDS = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  envelopedData: "1.2.840.113549.1.7.3",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  gost34311: "1.2.804.2.1.1.1.1.2.1",
  dstu4145le: "1.2.804.2.1.1.1.1.3.1.1",
  dstuCurve431: "1.2.804.2.1.1.1.1.3.1.1.2.9",
  gost28147Cfb: "1.2.804.2.1.1.1.1.1.1.3",
  gost28147Wrap: "1.2.804.2.1.1.1.1.1.1.5",
  dstuCofactorDh: "1.2.804.2.1.1.1.1.3.4",
} as const;

/** A DER tree the fuzzer can edit: constructed elements have children, primitive ones a body. */
export interface Tree {
  tag: number;
  children?: Tree[];
  body?: Bytes;
}

export function toTree(der: Bytes): Tree {
  const { tag, body } = element(der);
  if ((tag & 0x20) === 0) return { tag, body };
  return { tag, children: items(der).map(toTree) };
}

export const fromTree = (t: Tree): Bytes =>
  t.children ? tlv(t.tag, ...t.children.map(fromTree)) : tlv(t.tag, t.body ?? new Uint8Array());
