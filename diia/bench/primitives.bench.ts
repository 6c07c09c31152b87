/**
 * Micro-bench of each fast primitive against jkurwa / gost89 on the same inputs (medians of repeated runs).
 *
 * @example
 * cd diia && pnpm tsx bench/primitives.bench.ts
 */
import { randomBytes } from "node:crypto";
import { fastDstuAgree, fastDstuPublicKey, fastDstuSign, fastDstuVerify } from "../src/lib/fast/dstu4145.ts";
import { BinaryField } from "../src/lib/fast/gf2m.ts";
import { Gost28147 } from "../src/lib/fast/gost28147.ts";
import { gost34311 } from "../src/lib/fast/gost34311.ts";
import { fastKeyUnwrap } from "../src/lib/fast/keywrap.ts";
import { fieldOps, oracle, standardCurve } from "../test/fast/oracle.ts";

/** Median time of one call in ms; warms up ~200 ms (the generated field code optimises late), then samples. */
function median(fn: () => unknown, samples = 15): number {
  for (let t = performance.now(); performance.now() - t < 200; ) fn();
  let reps = 1;
  for (let t = performance.now(); performance.now() - t < 20; reps++) fn();
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    times.push((performance.now() - t0) / reps);
  }
  times.sort((a, b) => a - b);
  return times[samples >> 1] ?? 0;
}

const rows: string[][] = [["primitive", "ours", "jkurwa/gost89", "speed-up"]];
const fmt = (ms: number) => (ms < 0.01 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(3)} ms`);
const row = (name: string, ours: number, theirs: number) =>
  rows.push([name, fmt(ours), fmt(theirs), `${(theirs / ours).toFixed(1)}×`]);

for (const [m, ks] of [
  [257, [12]],
  [431, [5, 3, 1]],
] as const) {
  const f = new BinaryField(m, ks);
  const ref = fieldOps(m, [...ks]);
  const x = BigInt(`0x${randomBytes(m >> 3).toString("hex")}`);
  const y = BigInt(`0x${randomBytes(m >> 3).toString("hex")}`);
  const [a, b, r] = [f.fromBigInt(x), f.fromBigInt(y), f.create()];
  row(
    `GF(2^${m}) multiply`,
    median(() => f.mul(r, a, b)),
    median(ref.mulPrepared(x, y)),
  );
}

for (const name of ["DSTU_PB_257", "DSTU_PB_431"] as const) {
  const c = standardCurve(name);
  const d = (BigInt(`0x${randomBytes(64).toString("hex")}`) % (c.n - 2n)) + 1n;
  const k = (BigInt(`0x${randomBytes(64).toString("hex")}`) % (c.n - 2n)) + 1n;
  const q = fastDstuPublicKey(c, d);
  const h = randomBytes(32);
  const sig = fastDstuSign(c, d, h, k);
  row(
    `${name} public key`,
    median(() => fastDstuPublicKey(c, d)),
    median(() => oracle.publicKey(c, d)),
  );
  row(
    `${name} sign`,
    median(() => fastDstuSign(c, d, h, k)),
    median(() => oracle.sign(c, d, h, k)),
  );
  row(
    `${name} verify`,
    median(() => fastDstuVerify(c, q, h, sig)),
    median(() => oracle.verify(c, q, h, sig)),
  );
  row(
    `${name} agree`,
    median(() => fastDstuAgree(c, d, q)),
    median(() => oracle.agree(c, d, q)),
  );
}

const data = randomBytes(140 * 1024);
const key = randomBytes(32);
const iv = randomBytes(8);
const mbps = (ms: number) => ((data.length / 1e6 / ms) * 1000).toFixed(1);
const hashOurs = median(() => gost34311(data), 7);
const hashTheirs = median(() => oracle.hash(data), 7);
row("GOST 34.311, 140 KB", hashOurs, hashTheirs);
const cfbOurs = median(() => new Gost28147(key).cfbDecrypt(iv, data), 7);
const cfbTheirs = median(() => oracle.cfb(key, iv, data, true), 7);
row("GOST 28147 CFB, 140 KB", cfbOurs, cfbTheirs);
const wrapped = oracle.keyWrap(key, randomBytes(32), iv);
row(
  "key unwrap",
  median(() => fastKeyUnwrap(key, wrapped)),
  median(() => oracle.keyUnwrap(key, wrapped)),
);

const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
console.log(rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n"));
console.log(
  `\nthroughput: hash ${mbps(hashOurs)} MB/s (gost89 ${mbps(hashTheirs)}), CFB ${mbps(cfbOurs)} MB/s (gost89 ${mbps(cfbTheirs)})`,
);
