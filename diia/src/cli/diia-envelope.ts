/**
 * Command line: open a Diia envelope with a partner key container.
 *
 * @example
 * pnpm --silent diia-envelope unwrap --key Key-6.dat --password 12345677 --cert kep.cer \
 *   [--trust DiiaKey1.cer …] [--sender DiiaKey2.cer …] --out content.json encodedData.p7e
 * → {"ok":true,"signer":{…},"signingTime":"…","bytes":808,"ms":150}
 * On failure prints {"ok":false,"code":"…","message":"…"} and exits with status 1 (2 for usage errors).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadCertificate } from "../certificate.ts";
import { DiiaError } from "../errors.ts";
import { loadKeyStore } from "../keys.ts";
import { unwrap } from "../unwrap.ts";

const USAGE =
  "usage: diia-envelope unwrap --key <container> --password <pw> [--cert <file>…] [--trust <signer-cert>…] " +
  "[--sender <cert>…] --out <file> <envelope-file>";

function fail(code: string, message: string, status: number): never {
  process.stdout.write(`${JSON.stringify({ ok: false, code, message })}\n`);
  process.exit(status);
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
      },
    });
  try {
    parsed = parse(argv);
  } catch (e) {
    fail("USAGE", `${(e as Error).message}; ${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  const [command, envelopeFile, ...extra] = positionals;
  if (
    command !== "unwrap" ||
    !envelopeFile ||
    extra.length > 0 ||
    !values.key ||
    values.password === undefined ||
    !values.out
  ) {
    fail("USAGE", USAGE, 2);
  }
  const started = performance.now();
  try {
    const read = (path: string) => {
      try {
        return readFileSync(path);
      } catch {
        fail("FILE", `cannot read ${path}`, 1);
      }
    };
    const store = loadKeyStore(read(values.key), values.password);
    const certs = (values.cert ?? []).map((p) => loadCertificate(read(p)));
    const trust = values.trust?.map((p) => loadCertificate(read(p)));
    const sender = (values.sender ?? []).map((p) => loadCertificate(read(p)));
    const res = unwrap(read(envelopeFile), {
      keys: { keys: store.keys, certificates: [...store.certificates, ...certs] },
      senderCertificates: sender,
      ...(trust ? { trust } : {}),
    });
    writeFileSync(values.out, res.content);
    const report = {
      ok: true,
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

main(process.argv.slice(2));
