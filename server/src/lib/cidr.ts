/**
 * IP allow-lists: `parseCidr("203.0.113.0/24")`, `cidrContains(list, ip)`. IPv4 and IPv6; an IPv4-mapped IPv6
 * address (`::ffff:203.0.113.5`, how a dual-stack socket reports IPv4 peers) matches IPv4 blocks.
 *
 * @example
 * const list = ["10.0.0.0/8", "2001:db8::/32"].map((c) => parseCidr(c)!);
 * cidrContains(list, "::ffff:10.1.2.3"); // true
 */
import { isIPv4, isIPv6 } from "node:net";

export interface Cidr {
  /** The address as a 128-bit number (IPv4 as IPv4-mapped IPv6). */
  base: bigint;
  /** Prefix length within the 128 bits. */
  bits: number;
  text: string;
}

function ipToBigint(ip: string): bigint | undefined {
  if (isIPv4(ip)) {
    const n = ip.split(".").reduce((acc, part) => (acc << 8n) | BigInt(Number(part)), 0n);
    return (0xffffn << 32n) | n;
  }
  if (!isIPv6(ip)) return undefined;
  const mapped = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(ip);
  let text = ip;
  if (mapped) {
    const v4 = ipToBigint(mapped[2] as string);
    if (v4 === undefined) return undefined;
    const low = v4 & 0xffffffffn;
    text = `${mapped[1]}${(low >> 16n).toString(16)}:${(low & 0xffffn).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headParts = head ? head.split(":") : [];
  const tailParts = tail ? tail.split(":") : [];
  const fill = tail === undefined ? 0 : 8 - headParts.length - tailParts.length;
  const groups = [...headParts, ...Array<string>(fill).fill("0"), ...tailParts];
  if (groups.length !== 8) return undefined;
  return groups.reduce((acc, g) => (acc << 16n) | BigInt(Number.parseInt(g || "0", 16)), 0n);
}

export function parseCidr(text: string): Cidr | undefined {
  const [ip, prefix, extra] = text.trim().split("/");
  if (ip === undefined || extra !== undefined) return undefined;
  const base = ipToBigint(ip);
  if (base === undefined) return undefined;
  const max = isIPv4(ip) ? 32 : 128;
  if (prefix !== undefined && !/^\d{1,3}$/.test(prefix)) return undefined;
  const len = prefix === undefined ? max : Number(prefix);
  if (len > max) return undefined;
  const bits = isIPv4(ip) ? 96 + len : len;
  return { base: maskOf(base, bits), bits, text: text.trim() };
}

function maskOf(value: bigint, bits: number): bigint {
  if (bits === 0) return 0n;
  const mask = ((1n << BigInt(bits)) - 1n) << BigInt(128 - bits);
  return value & mask;
}

export function cidrContains(list: readonly Cidr[], ip: string | undefined): boolean {
  const value = ip === undefined ? undefined : ipToBigint(ip);
  if (value === undefined) return false;
  return list.some((c) => maskOf(value, c.bits) === c.base);
}
