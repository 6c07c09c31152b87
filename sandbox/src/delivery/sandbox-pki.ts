// The sandbox's DSTU PKI, generated on first start into `<dataDir>/pki/` and loaded on later starts: a CA, the
// sandbox Diia identity (signing DSTU_PB_257 + key agreement DSTU_PB_431) and the partner identity the Stiika
// server uses by default. File names are listed in sandbox/README.md.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  type Certificate,
  createSandboxCa,
  createSandboxIdentity,
  generateKeyPair,
  issueCertificate,
  loadCertificate,
  loadIdentity,
  type SandboxIdentity,
  saveCa,
  saveIdentity,
} from "@stiika/diia";
import { SandboxError } from "../errors.ts";
import { wrapInWorker } from "./lib/in-worker.ts";

export type SealOptions = { wrongKey: boolean; tamperSignature: boolean; signingTime?: Date };

export type SandboxPki = {
  dir: string;
  /** File with the password of every `.key` file here. */
  passwordFile: string;
  /** What the partner (Stiika server) needs: its key-agreement key, and Diia's certificates to trust. */
  partner: { keyFile: string; certFile: string; signingKeyFile: string; signingCertFile: string };
  diia: { signingCertFile: string; keyAgreementCertFile: string };
  /** Signs as the sandbox Diia and encrypts to the partner (or, for the faults, to a stranger / with a bad signature). */
  seal: (content: Uint8Array, options: SealOptions) => Promise<Uint8Array>;
};

const SUBJECTS = {
  diia: { commonName: "ДП ДІЯ (пісочниця)", organization: "ДП ДІЯ", serialNumber: "UA-43395033-SANDBOX" },
  partner: {
    commonName: "Партнер Стійки (пісочниця)",
    organization: "Стійка",
    serialNumber: "UA-00000000-PARTNER",
  },
};

/** Creates and saves the CA and both identities; returns the Diia identity (kept in memory, no reload). */
async function generate(dir: string, password: string): Promise<SandboxIdentity> {
  const ca = createSandboxCa({
    commonName: "Стійка — тестовий ЦСК пісочниці",
    organization: "Стійка (пісочниця)",
  });
  await saveCa(dir, "ca", ca, password);
  const diia = createSandboxIdentity(ca, SUBJECTS.diia);
  await saveIdentity(dir, "diia", diia, password);
  await saveIdentity(dir, "partner", createSandboxIdentity(ca, SUBJECTS.partner), password);
  return diia;
}

// Opening PBES2 key files costs about 0.3 s per identity in pure JS, so each folder is loaded once per process.
const loaded = new Map<string, Promise<SandboxPki>>();

/** Loads the PKI in `dir`, generating it first when absent. */
export function ensureSandboxPki(dir: string, log: (line: string) => void): Promise<SandboxPki> {
  const key = resolve(dir);
  let pki = loaded.get(key);
  if (!pki) {
    pki = open(key, log);
    loaded.set(key, pki);
    pki.catch(() => loaded.delete(key));
  }
  return pki;
}

async function open(dir: string, log: (line: string) => void): Promise<SandboxPki> {
  const passwordFile = join(dir, "password.txt");
  const file = (name: string) => join(dir, name);
  let diia: SandboxIdentity;
  let partnerCert: Certificate;
  try {
    if (existsSync(passwordFile)) {
      const password = (await readFile(passwordFile, "utf8")).trim();
      diia = await loadIdentity(dir, "diia", password);
    } else {
      await mkdir(dir, { recursive: true });
      const password = randomBytes(18).toString("base64url");
      diia = await generate(dir, password);
      // Written last: its presence means the whole set is there.
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      log(`sandbox PKI generated in ${dir}`);
    }
    partnerCert = loadCertificate(await readFile(file("partner-kep.cer")));
  } catch (error) {
    throw new SandboxError("BAD_STATE_FILE", `Cannot create or load the sandbox PKI in ${dir}`, {
      cause: error,
    });
  }
  // Nobody the partner knows: a throwaway self-signed key-agreement certificate for the wrong-key fault.
  const stranger = issueCertificate({
    key: generateKeyPair(431),
    subject: { commonName: "Сторонній (пісочниця)" },
    keyUsage: ["keyAgreement"],
  });

  return {
    dir,
    passwordFile,
    partner: {
      keyFile: file("partner-kep.key"),
      certFile: file("partner-kep.cer"),
      signingKeyFile: file("partner-sign.key"),
      signingCertFile: file("partner-sign.cer"),
    },
    diia: { signingCertFile: file("diia-sign.cer"), keyAgreementCertFile: file("diia-kep.cer") },
    seal: async (content, options) => {
      // `wrap` in the worker thread: signing and encrypting a PDF blocks for 25–50 ms.
      const der = await wrapInWorker({
        content,
        signer: { key: diia.signer.key, certDer: diia.signer.cert.der },
        // A static sender key with its certificate in originatorInfo, as in Diia's real envelopes (spec §8).
        originator: { key: diia.keyAgreement.key, certDer: diia.keyAgreement.cert.der },
        recipientCertDer: (options.wrongKey ? stranger : partnerCert).der,
        signingTime: options.signingTime,
      });
      // The encrypted content ends the DER and GOST 28147 CFB maps a flipped ciphertext bit to the same plaintext
      // bit, so flipping the last byte corrupts only the last byte of the signature value inside: the envelope
      // still decrypts and parses, and the signature check fails.
      if (options.tamperSignature) der[der.length - 1] = (der[der.length - 1] ?? 0) ^ 0x01;
      return der;
    },
  };
}
