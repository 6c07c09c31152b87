/**
 * Command line: open a Diia envelope with a partner key container, or verify a Дія.Підпис detached signature of a
 * file (a signed application's PDF + .p7s) against a CA bundle.
 *
 * @example
 * pnpm --silent diia-envelope unwrap --key Key-6.dat --password 12345677 --cert kep.cer \
 *   [--trust DiiaKey1.cer …] [--sender DiiaKey2.cer …] --out content.json encodedData.p7e
 * → {"ok":true,"pinned":false,"signer":{…},"signingTime":"…","bytes":808,"ms":150}
 * pnpm --silent diia-envelope verify-signature --signature zayava.p7s --ca CACertificates.p7b [--ca …] \
 *   [--at 2025-03-14T09:30:00Z] zayava.pdf
 * → {"ok":true,"signer":{…,"rnokpp":"…"},"issuer":{…},"signingTime":"…","fileHash":"…","signatureDigest":"…","ms":90}
 * On failure prints {"ok":false,"code":"…","message":"…"} and exits with status 1 (2 for usage errors).
 */
import { closeSync, fstatSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCertificate, loadCertificates } from "../certificate.ts";
import { DiiaError } from "../errors.ts";
import { loadKeyStore } from "../keys.ts";
import { verifyDetachedSignature } from "../signature.ts";
import { SIGNING_HASH, signingDigest } from "../signing.ts";
import { unwrap } from "../unwrap.ts";

const USAGE =
  "usage: diia-envelope unwrap --key <container> --password <pw> [--cert <file>…] [--trust <signer-cert>…] " +
  "[--sender <cert>…] --out <file> <envelope-file> | diia-envelope verify-signature --signature <p7s> " +
  "--ca <cert-or-p7b>… [--sign-algo DSTU|ECDSA] [--at <ISO time>] <signed-file>";

/**
 * Size limits per input: an envelope (or signed file) as large as the server takes (a 20 MB PDF as base64), small
 * key files and signatures, a CA bundle the size of IIT's (1.2 MB) with room.
 */
export const FILE_LIMITS = {
  envelope: 32 * 1024 * 1024,
  keyStore: 1024 * 1024,
  certificate: 64 * 1024,
  signature: 1024 * 1024,
  caBundle: 16 * 1024 * 1024,
} as const;

function fail(code: string, message: string, status: number): never {
  process.stdout.write(`${JSON.stringify({ ok: false, code, message })}\n`);
  process.exit(status);
}

const statOrUndefined = (path: string) => {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
};
const sameFile = (a: { dev: number; ino: number } | undefined, b: { dev: number; ino: number }) =>
  a !== undefined && a.dev === b.dev && a.ino === b.ino;

/** Reads at most `limit` bytes (a device or a growing file cannot make it read more); larger is a FILE error. */
function readLimited(path: string, limit: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    fail("FILE", `cannot read ${path} (${(e as NodeJS.ErrnoException).code ?? "error"})`, 1);
  }
  try {
    if (fstatSync(fd).isDirectory()) fail("FILE", `cannot read ${path} (EISDIR)`, 1);
    const buf = new Uint8Array(limit + 1);
    let n = 0;
    for (let got = -1; got !== 0 && n <= limit; n += got) got = readSync(fd, buf, n, limit + 1 - n, null);
    if (n > limit) fail("FILE", `${path} is larger than ${limit} bytes`, 1);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function main(argv: string[]): void {
  let parsed: ReturnType<typeof parse>;
  const parse = (args: string[]) =>
    parseArgs({
      args,
      allowPositionals: true,
      options: {
        key: { type: "string" },
        password: { type: "string" },
        cert: { type: "string", multiple: true },
        trust: { type: "string", multiple: true },
        sender: { type: "string", multiple: true },
        out: { type: "string" },
        signature: { type: "string" },
        ca: { type: "string", multiple: true },
        at: { type: "string" },
        "sign-algo": { type: "string" },
      },
    });
  try {
    parsed = parse(argv);
  } catch (e) {
    fail("USAGE", `${(e as Error).message}; ${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [command, envelopeFile, ...extra] = positionals;
  if (command === "verify-signature") {
    verifySignature(values, positionals.slice(1));
    return;
  }
  if (
    values.signature !== undefined ||
    values.ca !== undefined ||
    values.at !== undefined ||
    values["sign-algo"] !== undefined ||
    command !== "unwrap" ||
    !envelopeFile ||
    extra.length > 0 ||
    !values.key ||
    values.password === undefined ||
    !values.out
  ) {
    fail("USAGE", USAGE, 2);
  }
  const out = values.out;
  const inputs = [
    values.key,
    envelopeFile,
    ...(values.cert ?? []),
    ...(values.trust ?? []),
    ...(values.sender ?? []),
  ];
  // The same file under another name (link, relative path) counts too: compare device and inode.
  const outStat = statOrUndefined(out);
  if (outStat && inputs.some((p) => sameFile(statOrUndefined(p), outStat)))
    fail("USAGE", `--out ${out} is one of the input files; it would be overwritten`, 2);
  const started = performance.now();
  try {
    const store = loadKeyStore(readLimited(values.key, FILE_LIMITS.keyStore), values.password);
    const certificate = (p: string) => loadCertificate(readLimited(p, FILE_LIMITS.certificate));
    const certs = (values.cert ?? []).map(certificate);
    const trust = values.trust?.map(certificate);
    const sender = (values.sender ?? []).map(certificate);
    const res = unwrap(readLimited(envelopeFile, FILE_LIMITS.envelope), {
      keys: { keys: store.keys, certificates: [...store.certificates, ...certs] },
      senderCertificates: sender,
      ...(trust ? { trust } : {}),
    });
    try {
      writeFileSync(out, res.content);
    } catch (e) {
      fail("FILE", `cannot write ${out} (${(e as NodeJS.ErrnoException).code ?? "error"})`, 1);
    }
    const report = {
      ok: true,
      pinned: res.pinned,
      signer: {
        commonName: res.signer.subject.commonName,
        organization: res.signer.subject.organization,
        serial: res.signer.serial,
        keyId: res.signer.keyId,
        issuer: res.signer.issuer.commonName,
      },
      signingTime: res.signingTime?.toISOString() ?? null,
      bytes: res.content.length,
      ms: Math.round(performance.now() - started),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } catch (e) {
    if (e instanceof DiiaError) fail(e.code, e.message, 1);
    fail("INTERNAL", "unexpected failure", 1);
  }
}

/** `verify-signature`: is the .p7s a valid Дія.Підпис signature of this very file, by a CA of the bundle? */
function verifySignature(
  values: { signature?: string; ca?: string[]; at?: string; "sign-algo"?: string; [other: string]: unknown },
  positionals: string[],
): void {
  const [file, ...extra] = positionals;
  const unwrapOnly = ["key", "password", "cert", "trust", "sender", "out"].some(
    (k) => values[k] !== undefined,
  );
  if (!file || extra.length > 0 || !values.signature || !values.ca?.length || unwrapOnly)
    fail("USAGE", USAGE, 2);
  const at = values.at === undefined ? new Date() : new Date(values.at);
  if (Number.isNaN(at.getTime())) fail("USAGE", `--at ${values.at} is not a time; ${USAGE}`, 2);
  const signAlgo = values["sign-algo"] ?? "DSTU";
  if (signAlgo !== "DSTU" && signAlgo !== "ECDSA") fail("USAGE", `--sign-algo is DSTU or ECDSA; ${USAGE}`, 2);
  const hashAlgorithm = SIGNING_HASH[signAlgo];
  const started = performance.now();
  try {
    const trustedCAs = values.ca.flatMap((p) => loadCertificates(readLimited(p, FILE_LIMITS.caBundle)));
    const hash = signingDigest(readLimited(file, FILE_LIMITS.envelope), hashAlgorithm);
    const res = verifyDetachedSignature({
      signature: readLimited(values.signature, FILE_LIMITS.signature),
      expectedHash: hash,
      hashAlgorithm,
      trustedCAs,
      at,
    });
    const report = {
      ok: true,
      signer: {
        commonName: res.signer.subject.commonName,
        serial: res.signer.serial,
        keyId: res.signer.keyId,
        rnokpp: res.rnokpp ?? null,
      },
      issuer: { commonName: res.issuerCertificate.subject.commonName, serial: res.issuerCertificate.serial },
      signingTime: res.signingTime?.toISOString() ?? null,
      fileHash: Buffer.from(hash).toString("base64"),
      signatureDigest: res.signatureDigest,
      ms: Math.round(performance.now() - started),
    };
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } catch (e) {
    if (e instanceof DiiaError) fail(e.code, e.message, 1);
    fail("INTERNAL", "unexpected failure", 1);
  }
}

main(process.argv.slice(2));
