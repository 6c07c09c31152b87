// A strict ASN.1 reader for the CMS layers: one parse tree from which both the verified bytes and the values
// read are taken, so the two can never describe different things. BER (indefinite lengths, constructed
// strings) is read where the structure is not signed; `checkDer` says whether a subtree is DER, as the signed
// attributes must be.
import { EnvelopeError, type EnvelopeErrorCode } from "../../errors.ts";

/** Deepest nesting read. The real Diia envelope nests 25 levels (a timestamp token inside a signed attribute). */
export const MAX_DEPTH = 48;
/**
 * Most elements read from one structure. The real envelope has about 210 outside and 330 inside; without a bound
 * a 27 MB part of two-byte elements would be 14 million parse nodes.
 */
export const MAX_ELEMENTS = 10_000;

export interface Node {
  /** Tag class: 0 universal, 1 application, 2 context-specific, 3 private. */
  readonly cls: number;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The whole encoding (identifier, length, contents, end-of-contents when indefinite). */
  readonly bytes: Uint8Array;
  /** Contents octets (without end-of-contents); for constructed nodes, the children's encodings. */
  readonly content: Uint8Array;
  readonly indefinite: boolean;
  /** Length octets in minimal DER form. */
  readonly minimalLength: boolean;
  readonly children: readonly Node[];
}

export const fail = (code: EnvelopeErrorCode, what: string, cause?: unknown): EnvelopeError =>
  new EnvelopeError(code, `${code === "MALFORMED" ? "malformed envelope" : "refused envelope"}: ${what}`, {
    cause,
  });

const truncated = (what: string) => fail("TRUNCATED", `a declared length runs beyond the data (${what})`);

function readNode(
  buf: Uint8Array,
  start: number,
  limit: number,
  depth: number,
  budget: { left: number },
  expandDepth: number,
): Node {
  if (depth > MAX_DEPTH) throw fail("TOO_DEEP", `nesting deeper than ${MAX_DEPTH} levels`);
  if (--budget.left < 0) throw fail("TOO_MANY_ELEMENTS", `more than ${MAX_ELEMENTS} elements`);
  let p = start;
  if (p >= limit) throw truncated("identifier");
  const first = buf[p++] ?? 0;
  const cls = first >> 6;
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let i = 0; ; i++) {
      if (p >= limit) throw truncated("identifier");
      const b = buf[p++] ?? 0;
      if (i === 0 && b === 0x80) throw fail("MALFORMED", "non-minimal tag number");
      if (i >= 3) throw fail("MALFORMED", "tag number too large");
      tagNumber = (tagNumber << 7) | (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
    // Numbers below 31 have one encoding only; another would let [0] pass for something else.
    if (tagNumber < 0x1f) throw fail("MALFORMED", "non-minimal tag number");
  }
  if (p >= limit) throw truncated("length");
  const lb = buf[p++] ?? 0;
  let length = -1;
  let minimalLength = true;
  if (lb < 0x80) length = lb;
  else if (lb === 0x80) {
    if (!constructed) throw fail("MALFORMED", "indefinite length on a primitive element");
    minimalLength = false;
  } else {
    const n = lb & 0x7f;
    if (n > 4) throw truncated("length of more than 4 octets");
    if (p + n > limit) throw truncated("length");
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[p++] ?? 0);
    minimalLength = buf[p - n] !== 0 && length >= 0x80;
  }
  const contentStart = p;
  const children: Node[] = [];
  let contentEnd: number;
  let end: number;
  if (length >= 0) {
    contentEnd = contentStart + length;
    if (contentEnd > limit) throw truncated("contents");
    end = contentEnd;
    if (constructed && depth < expandDepth) {
      for (let q = contentStart; q < contentEnd; ) {
        const child = readNode(buf, q, contentEnd, depth + 1, budget, expandDepth);
        children.push(child);
        q += child.bytes.length;
      }
    }
  } else {
    let q = contentStart;
    for (;;) {
      if (q + 2 > limit) throw truncated("end-of-contents");
      if (buf[q] === 0 && buf[q + 1] === 0) break;
      const child = readNode(buf, q, limit, depth + 1, budget, expandDepth);
      children.push(child);
      q += child.bytes.length;
    }
    contentEnd = q;
    end = q + 2;
  }
  return {
    cls,
    constructed,
    tagNumber,
    bytes: buf.subarray(start, end),
    content: buf.subarray(contentStart, contentEnd),
    indefinite: length < 0,
    minimalLength,
    children,
  };
}

/**
 * Exactly one element filling `buf`; bytes after it are TRAILING_DATA. Constructed elements deeper than
 * `expandDepth` (with a definite length) are left unread, `children` empty: a list of large items (a CA bundle)
 * is split without reading each item's whole tree.
 */
export function parseOne(buf: Uint8Array, what: string, expandDepth = Number.POSITIVE_INFINITY): Node {
  const node = readNode(buf, 0, buf.length, 0, { left: MAX_ELEMENTS }, expandDepth);
  if (node.bytes.length !== buf.length) throw fail("TRAILING_DATA", `bytes after the ${what}`);
  return node;
}

// Universal tag numbers used here.
export const T = {
  BOOLEAN: 1,
  INTEGER: 2,
  BIT_STRING: 3,
  OCTET_STRING: 4,
  NULL: 5,
  OID: 6,
  SEQUENCE: 16,
  SET: 17,
  UTC_TIME: 23,
  GENERALIZED_TIME: 24,
} as const;

export const isUniversal = (n: Node | undefined, tag: number, constructed?: boolean): n is Node =>
  n !== undefined &&
  n.cls === 0 &&
  n.tagNumber === tag &&
  (constructed === undefined || n.constructed === constructed);

export const isContext = (n: Node | undefined, tag: number): n is Node =>
  n !== undefined && n.cls === 2 && n.tagNumber === tag;

/** Reads the elements of a SEQUENCE in order; anything left at the end is UNEXPECTED_ELEMENT. */
export class Fields {
  #i = 0;
  readonly #items: readonly Node[];
  readonly #what: string;
  constructor(node: Node, what: string) {
    if (!node.constructed) throw fail("MALFORMED", `${what} is not a constructed element`);
    this.#items = node.children;
    this.#what = what;
  }
  /** The next element when `accept` takes it, else undefined (an absent OPTIONAL field). */
  optional(accept: (n: Node) => boolean): Node | undefined {
    const n = this.#items[this.#i];
    if (n === undefined || !accept(n)) return undefined;
    this.#i++;
    return n;
  }
  required(accept: (n: Node) => boolean, field: string): Node {
    const n = this.optional(accept);
    if (n === undefined) {
      throw this.#items[this.#i] === undefined
        ? fail("MALFORMED", `${this.#what} lacks ${field}`)
        : fail("UNEXPECTED_ELEMENT", `${this.#what} has an unexpected element where ${field} belongs`);
    }
    return n;
  }
  end(): void {
    if (this.#i < this.#items.length)
      throw fail("UNEXPECTED_ELEMENT", `${this.#what} has an element its structure does not define`);
  }
}

/** The single element inside an EXPLICIT tag; anything after it is TRAILING_DATA. */
export function explicitInner(node: Node, what: string): Node {
  if (!node.constructed) throw fail("MALFORMED", `${what} is not a constructed element`);
  const [inner, ...rest] = node.children;
  if (inner === undefined) throw fail("MALFORMED", `${what} is empty`);
  if (rest.length > 0) throw fail("TRAILING_DATA", `bytes after the ${what}`);
  return inner;
}

export function oid(node: Node | undefined, what: string): string {
  if (!isUniversal(node, T.OID, false) || node.content.length === 0)
    throw fail("MALFORMED", `${what} is not an OBJECT IDENTIFIER`);
  const c = node.content;
  const arcs: number[] = [];
  let v = 0;
  for (let i = 0; i < c.length; i++) {
    const b = c[i] ?? 0;
    if (v === 0 && b === 0x80) throw fail("MALFORMED", `${what}: non-minimal OBJECT IDENTIFIER`);
    v = v * 128 + (b & 0x7f);
    if (v > Number.MAX_SAFE_INTEGER / 128) throw fail("MALFORMED", `${what}: arc too large`);
    if ((b & 0x80) === 0) {
      arcs.push(v);
      v = 0;
    } else if (i === c.length - 1) throw fail("MALFORMED", `${what}: truncated OBJECT IDENTIFIER`);
  }
  const [head = 0, ...tail] = arcs;
  const first = head < 40 ? 0 : head < 80 ? 1 : 2;
  return [first, head - first * 40, ...tail].join(".");
}

/** INTEGER contents as a small number (versions). */
export function smallInt(node: Node | undefined, what: string): number {
  if (!isUniversal(node, T.INTEGER, false) || node.content.length === 0 || node.content.length > 4)
    throw fail("MALFORMED", `${what} is not a small INTEGER`);
  let v = 0;
  for (const b of node.content) v = v * 256 + b;
  return (node.content[0] ?? 0) & 0x80 ? v - 256 ** node.content.length : v;
}

/** OCTET STRING contents, primitive or (BER) constructed from primitive segments. */
export function octets(node: Node | undefined, what: string, allowConstructed = true): Uint8Array {
  if (!isUniversal(node, T.OCTET_STRING)) throw fail("MALFORMED", `${what} is not an OCTET STRING`);
  if (!node.constructed) return node.content;
  if (!allowConstructed) throw fail("MALFORMED", `${what} must be a primitive OCTET STRING`);
  return concat(node.children.map((c) => octets(c, what, true)));
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  // X.690 11.6: the shorter encoding is padded with zero octets, so a prefix sorts first.
  return a.length - b.length;
}

// Universal types DER requires in primitive form (X.690 10.2): everything but SEQUENCE, SET and the
// external/embedded-PDV types.
const CONSTRUCTED_UNIVERSAL = new Set([8, 11, T.SEQUENCE, T.SET]);

/**
 * True when `node` and everything inside it is DER (X.690 §10–11), as far as the encoding alone shows:
 * definite, minimal lengths; strings and other simple types primitive; SET elements in ascending order;
 * minimal INTEGERs; BOOLEAN as 00/FF; BIT STRING with its unused-bit count in range.
 */
export function checkDer(node: Node): boolean {
  if (node.indefinite || !node.minimalLength) return false;
  if (node.cls === 0) {
    if (node.constructed !== CONSTRUCTED_UNIVERSAL.has(node.tagNumber)) return false;
    const c = node.content;
    if (node.tagNumber === T.BOOLEAN && (c.length !== 1 || (c[0] !== 0 && c[0] !== 0xff))) return false;
    if (node.tagNumber === T.INTEGER) {
      if (c.length === 0) return false;
      if (c.length > 1 && ((c[0] === 0 && !((c[1] ?? 0) & 0x80)) || (c[0] === 0xff && (c[1] ?? 0) & 0x80)))
        return false;
    }
    if (
      node.tagNumber === T.BIT_STRING &&
      (c.length === 0 || (c[0] ?? 0) > 7 || (c.length === 1 && c[0] !== 0))
    )
      return false;
    if (node.tagNumber === T.SET) {
      for (let i = 1; i < node.children.length; i++) {
        const [a, b] = [node.children[i - 1], node.children[i]];
        if (a && b && compareBytes(a.bytes, b.bytes) > 0) return false;
      }
    }
  }
  return node.children.every(checkDer);
}
