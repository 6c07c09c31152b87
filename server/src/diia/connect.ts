/**
 * The server's link to Diia: the API client, and the key material the unwrap pool needs. With real credentials
 * (DIIA_*) they come from the configuration; with none, from the local sandbox's folder (its acquirer token in
 * `state.json`, its PKI in `pki/`), waiting for the sandbox to write them when both start together.
 *
 * @example
 * const link = await connectDiia(config, log, { signal }); // logs "waiting for the Diia sandbox…" while it waits
 * await link.client.sharing.requestDocumentsByBarcode({ branchId, barcode, requestId });
 */
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { type Certificate, createDiiaClient, type DiiaClient, loadCertificates } from "@stiika/diia";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import { AppError } from "../errors.ts";
import type { WorkerInit } from "../lib/unwrap-pool.ts";

export interface DiiaLink {
  client: DiiaClient;
  keys: WorkerInit;
  /** "sandbox" when the credentials came from the sandbox's folder. */
  source: "config" | "sandbox";
  /**
   * The qualified CAs Дія.Підпис signers must chain to, read once here (a bundle of hundreds of certificates
   * takes seconds); empty = signing is not configured.
   */
  signingCAs: Certificate[];
}

/** The CA bundle at `file`; a missing sandbox file means no signing CAs (an older sandbox), a bad one an error. */
async function readSigningCAs(files: readonly string[], log: Logger): Promise<Certificate[]> {
  const cas: Certificate[] = [];
  for (const file of files.filter((f) => existsSync(f))) {
    try {
      const found = loadCertificates(new Uint8Array(await readFile(file))).filter((c) => c.isCA);
      log.info({ file, certificates: found.length }, "loaded the qualified CAs for Дія.Підпис signatures");
      cas.push(...found);
    } catch (e) {
      throw new AppError("CONFIG_INVALID", `The Дія.Підпис CA bundle cannot be read: ${file}`, { cause: e });
    }
  }
  return cas;
}

/** The sandbox's files, in the order it writes them: the PKI's password last marks the PKI complete. */
function sandboxFiles(dir: string) {
  return {
    state: path.join(dir, "state.json"),
    password: path.join(dir, "pki", "password.txt"),
    key: path.join(dir, "pki", "partner-kep.key"),
    signer: path.join(dir, "pki", "diia-sign.cer"),
    sender: path.join(dir, "pki", "diia-kep.cer"),
    // The citizen CAs of the sandbox's Дія.Підпис (DSTU 4145 and P-256), written before password.txt.
    citizenCas: [path.join(dir, "pki", "citizen-ca.cer"), path.join(dir, "pki", "citizen-ca-ecdsa.cer")],
  };
}

async function waitForFiles(files: string[], waitMs: number, log: Logger, signal: AbortSignal) {
  const end = Date.now() + waitMs;
  let told = false;
  while (!files.every((f) => existsSync(f))) {
    if (signal.aborted) throw new AppError("DIIA_UNAVAILABLE", "stopped while waiting for the sandbox");
    if (Date.now() > end) {
      throw new AppError(
        "DIIA_UNAVAILABLE",
        `The Diia sandbox's files did not appear in ${path.dirname(files[0] ?? "")}: start it with "pnpm sandbox"`,
      );
    }
    if (!told) {
      log.warn(
        { dir: path.dirname(files[0] ?? "") },
        'waiting for the Diia sandbox to write its token and PKI (start it with "pnpm sandbox")',
      );
      told = true;
    }
    await new Promise((r) => setTimeout(r, 250).unref());
  }
}

/** A pino logger as the client's logger, with query strings (barcodes) cut off the logged path. */
function clientLogger(log: Logger) {
  const clean = <T extends { path: string }>(f: T) => ({ ...f, path: f.path.split("?")[0] ?? "" });
  return {
    debug: (f: { path: string }, m: string) => log.debug({ diia: clean(f) }, m),
    warn: (f: { path: string }, m: string) => log.warn({ diia: clean(f) }, m),
  };
}

export async function connectDiia(config: Config, log: Logger, signal: AbortSignal): Promise<DiiaLink> {
  const d = config.diia;
  const common = { baseUrl: d.baseUrl, timeoutMs: d.timeoutMs, logger: clientLogger(log) };
  if (d.sandboxDataDir === undefined) {
    const [keyFile, ...certs] = await Promise.all([
      readFile(d.keyFile as string),
      ...d.trustedCertFiles.map((f) => readFile(f)),
    ]);
    const own = await Promise.all(d.keyCertFiles.map((f) => readFile(f)));
    return {
      source: "config",
      signingCAs: await readSigningCAs(d.signingCaFiles, log),
      client: createDiiaClient({
        ...common,
        acquirerToken: d.acquirerToken as string,
        ...(d.authAcquirerToken ? { authAcquirerToken: d.authAcquirerToken } : {}),
      }),
      keys: {
        keyFile: new Uint8Array(keyFile as Buffer),
        keyPassword: d.keyPassword as string,
        ownCerts: own.map((c) => new Uint8Array(c)),
        trustedCerts: certs.map((c) => new Uint8Array(c)),
        // Diia's envelopes carry their originator certificate; the pinned certificates are the fallback.
        senderCerts: [],
      },
    };
  }
  const f = sandboxFiles(d.sandboxDataDir);
  await waitForFiles([f.state, f.password, f.key, f.signer], d.waitMs, log, signal);
  let acquirerToken: string;
  try {
    acquirerToken = String(JSON.parse(await readFile(f.state, "utf8")).acquirerToken ?? "");
  } catch (e) {
    throw new AppError("DIIA_UNAVAILABLE", "The sandbox's state.json cannot be read", { cause: e });
  }
  const [password, key, signer] = await Promise.all([
    readFile(f.password, "utf8"),
    readFile(f.key),
    readFile(f.signer),
  ]);
  const sender = existsSync(f.sender) ? [new Uint8Array(await readFile(f.sender))] : [];
  const pinned =
    d.trustedCertFiles.length > 0
      ? await Promise.all(d.trustedCertFiles.map(async (p) => new Uint8Array(await readFile(p))))
      : [new Uint8Array(signer)];
  log.info({ dir: d.sandboxDataDir, baseUrl: d.baseUrl }, "using the local Diia sandbox");
  return {
    source: "sandbox",
    signingCAs: await readSigningCAs(d.signingCaFiles.length > 0 ? d.signingCaFiles : f.citizenCas, log),
    client: createDiiaClient({ ...common, acquirerToken }),
    keys: {
      keyFile: new Uint8Array(key),
      keyPassword: password.trim(),
      ownCerts: [],
      trustedCerts: pinned,
      senderCerts: sender,
    },
  };
}
