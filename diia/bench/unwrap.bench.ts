/**
 * `pnpm bench`: unwrap speed of our `unwrap` against UNMODIFIED jkurwa (its own Box/Message path, with only the
 * EnvelopedData spec fix made in memory by ./jkurwa-harness.ts), on the same envelopes in the same run:
 * the real metadata fixture and a ~140 KB PDF-like payload wrapped by our `wrap` with the Key-6 keys.
 * Prints median ms (≥ 20 runs), envelopes/s, MB/s, the ratio, and where our time goes.
 *
 * @example
 * cd diia && pnpm bench            # RUNS=40 pnpm bench for more runs
 */
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadCertificate } from "../src/certificate.ts";
import { loadKeyStore } from "../src/keys.ts";
import { decodeSignature, deriveKek } from "../src/lib/cms/dstu.ts";
import { openEnvelope, publicKeyOf, readSignedData } from "../src/lib/cms/read.ts";
import { dstuAgree, dstuVerify, gost28147CfbDecrypt, gost34311 } from "../src/lib/primitives.ts";
import { unwrap } from "../src/unwrap.ts";
import { wrap } from "../src/wrap.ts";
import { jkurwaBox, jkurwaUnwrap } from "./jkurwa-harness.ts";

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "../../../shared/fixtures/diia-iit-test");
if (!existsSync(FIXTURES)) {
  console.error(`bench needs the Diia test material at ${FIXTURES}`);
  process.exit(1);
}
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const RUNS = Math.max(20, Number(process.env.RUNS ?? 20));
const PDF_SIZE = 140 * 1024;

/** Median of `runs` timed calls after a few warm-up calls (JIT), in ms. */
async function median(fn: () => unknown, runs = RUNS): Promise<number> {
  for (let i = 0; i < 3; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  const mid = times.length >> 1;
  return times.length % 2 ? (times[mid] ?? 0) : ((times[mid - 1] ?? 0) + (times[mid] ?? 0)) / 2;
}

const keyStoreBytes = fixture("Key-6.dat");
const signCertDer = fixture("EU-5B63D88375D9201804000000E0BA0500B4810D00.cer");
const kepCertDer = fixture("EU-KEP-5B63D88375D9201804000000E0BA0500B5810D00.cer");
const store = loadKeyStore(keyStoreBytes, "12345677");
const signCert = loadCertificate(signCertDer);
const kepCert = loadCertificate(kepCertDer);
const signKey = store.keys.find((k) => k.curve.m === signCert.publicKey?.curve.m);
const kaKey = store.keys.find((k) => k.curve.m === kepCert.publicKey?.curve.m);
if (!signKey || !kaKey || !kepCert.publicKey || !signCert.publicKey)
  throw new Error("Key-6.dat lacks its keys");

const metadata = Buffer.from(fixture("encodedData.json.p7s.p7e").toString("latin1"), "base64");
const pdfBody = new Uint8Array(PDF_SIZE);
pdfBody.set(new TextEncoder().encode("%PDF-1.7\n%\u00e2\u00e3\n"));
pdfBody.set(randomBytes(PDF_SIZE - 16), 16);
const pdf = wrap(pdfBody, {
  signer: { key: signKey, cert: signCert },
  originator: { key: kaKey, cert: kepCert },
  recipientCert: kepCert,
  // Key-6's certificates are valid 2024-08-30 … 2025-08-29; sign inside that window, as the fixture was.
  signingTime: new Date("2024-10-24T12:00:00Z"),
});

const box = jkurwaBox(keyStoreBytes, "12345677", [signCertDer, kepCertDer]);
const keys = { ...store, certificates: [...store.certificates, signCert, kepCert] };
const envelopes = [
  { name: "metadata (fixture)", der: new Uint8Array(metadata) },
  { name: "PDF 140 KB (our wrap)", der: pdf },
];

// Both implementations must open each envelope to the same plaintext before anything is timed; these first
// calls are also timed, cold (curve set-up, JIT warm-up of the generated field code), once per process.
const cold = new Map<string, [number, number]>();
for (const e of envelopes) {
  let t0 = performance.now();
  const ours = unwrap(e.der, { keys }).content;
  const oursCold = performance.now() - t0;
  t0 = performance.now();
  const theirs = await jkurwaUnwrap(box, e.der);
  cold.set(e.name, [oursCold, performance.now() - t0]);
  if (Buffer.compare(Buffer.from(ours), Buffer.from(theirs)) !== 0)
    throw new Error(`${e.name}: results differ`);
}

const rows: string[][] = [
  ["envelope", "size", "impl", "median ms", "env/s", "MB/s", "jkurwa ÷ ours", "first call ms"],
];
const breakdown: string[][] = [
  ["envelope", "EC agree+KDF", "EC verify", "cipher", "hash", "ASN.1 (SignedData)", "rest"],
];
const f1 = (v: number) => v.toFixed(1);
const f2 = (v: number) => v.toFixed(2);

for (const e of envelopes) {
  const ours = await median(() => unwrap(e.der, { keys }));
  const theirs = await median(() => jkurwaUnwrap(box, e.der));
  const mb = e.der.length / 1e6;
  const size = `${(e.der.length / 1024).toFixed(1)} KB`;
  const [oursCold, theirsCold] = cold.get(e.name) ?? [Number.NaN, Number.NaN];
  const perSec = (ms: number) => [f2(ms), f1(1000 / ms), f2(mb / (ms / 1000))];
  rows.push([e.name, size, "ours", ...perSec(ours), f1(theirs / ours), f1(oursCold)]);
  rows.push([e.name, size, "jkurwa 1.21.0", ...perSec(theirs), "", f1(theirsCold)]);

  // Our time, part by part, replayed on this envelope's own values.
  const inner = openEnvelope(e.der, { keys: keys.keys, ours: keys.certificates, senderFallback: [] });
  const signed = readSignedData(inner);
  const attrs = signed.signedAttrsDer;
  const sig = decodeSignature(signed.signature);
  const signer = signCert.publicKey;
  const q = publicKeyOf(kaKey);
  const ukm = randomBytes(64);
  const cek = randomBytes(32);
  const iv = randomBytes(8);
  const ciphertext = randomBytes(inner.length);
  const agree = await median(() => deriveKek(dstuAgree(kaKey.curve, kaKey.d, q), ukm));
  const verify = await median(() => dstuVerify(signer.curve, signer.q, gost34311(attrs), sig));
  const cipher = await median(() => gost28147CfbDecrypt(cek, iv, ciphertext));
  const hash = await median(() => gost34311(signed.content));
  const asn1 = await median(() => readSignedData(inner));
  const rest = ours - agree - verify - cipher - hash - asn1;
  breakdown.push([e.name, f2(agree), f2(verify), f2(cipher), f2(hash), f2(asn1), f2(rest)]);
}

const table = (t: string[][]) => {
  const widths = t[0]?.map((_, i) => Math.max(...t.map((r) => (r[i] ?? "").length))) ?? [];
  return t.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
};
console.log(`unwrap, median of ${RUNS} runs after 3 warm-up runs (node ${process.version})\n`);
console.log(table(rows));
console.log(
  "\nour time by part (ms, each part timed alone on this envelope's values; rest = certificates, CMS glue)\n",
);
console.log(table(breakdown));
