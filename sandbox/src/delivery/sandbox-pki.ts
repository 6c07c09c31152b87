// The sandbox's DSTU PKI, generated on first start into `<dataDir>/pki/` and loaded on later starts: a CA, the
// sandbox Diia identity (signing DSTU_PB_257 + key agreement DSTU_PB_431), the partner identity the Stiika
// server uses by default, and a delegated OCSP responder. Diia's certificates carry what Diia's real ones carry
// (AIA with OCSP and caIssuers, CRL distribution point, policies, qcStatements, ЄДРПОУ), naming the loopback
// URLs this sandbox serves (../pki/pki-routes.ts). File names are listed in sandbox/README.md.
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import {
  buildCrl,
  buildOcspErrorResponse,
  buildOcspResponse,
  CERT_OID,
  type Certificate,
  type CertificateProfile,
  type CertificateStatus,
  certIdOf,
  createSandboxCa,
  createSandboxIdentity,
  generateKeyPair,
  issueCertificate,
  type KeyWithCert,
  loadCa,
  loadCertificate,
  loadIdentity,
  type OcspSingleAnswer,
  parseOcspRequest,
  type RevocationReason,
  type SandboxIdentity,
  sameCertId,
  saveCa,
  saveIdentity,
} from "@stiika/diia";
import { SandboxError } from "../errors.ts";
import { type CitizenPki, citizenPkiUrls, createCitizenCas, openCitizenPki } from "./citizen-pki.ts";
import { wrapInWorker } from "./lib/in-worker.ts";

export type SealOptions = { wrongKey: boolean; tamperSignature: boolean; signingTime?: Date };

export interface RevokedSerial {
  /** Lowercase hex, as Certificate.serial. */
  serial: string;
  revokedAt: string;
  reason: RevocationReason;
}

export type SandboxPki = {
  dir: string;
  /** File with the password of every `.key` file here. */
  passwordFile: string;
  /** What the partner (Stiika server) needs: its key-agreement key, and Diia's certificates to trust. */
  partner: { keyFile: string; certFile: string; signingKeyFile: string; signingCertFile: string };
  diia: { signingCertFile: string; keyAgreementCertFile: string };
  /** Signs as the sandbox Diia and encrypts to the partner (or, for the faults, to a stranger / with a bad signature). */
  seal: (content: Uint8Array, options: SealOptions) => Promise<Uint8Array>;
  /** Where the certificates say their revocation status and issuer are published. */
  urls: PkiUrls;
  ca: Certificate;
  /** The current Diia signing certificate (changes when a fresh signer is issued). */
  signer: () => Certificate;
  revoked: () => readonly RevokedSerial[];
  /** Revokes the current signing certificate (saved in revoked.json); deliveries stay signed with it until a fresh one is issued. */
  revokeSigner: (reason: RevocationReason, at: Date) => Promise<RevokedSerial>;
  /** A new signing key and certificate (saved as diia-sign.*), used for every delivery from now on. */
  issueSigner: () => Promise<Certificate>;
  /** The current CRL (DER), signed by the CA. */
  crl: (now: Date) => Uint8Array;
  /** The OCSP answer (DER) to a DER request, signed by the delegated responder (of the CA the request is about). */
  ocsp: (request: Uint8Array, now: Date) => Uint8Array;
  /** The citizens' qualified CAs and Дія.Підпис certificates. */
  citizens: CitizenPki;
};

export interface PkiUrls {
  /** The sandbox's base URL the others are under. */
  base: string;
  ocsp: string;
  crl: string;
  caIssuers: string;
}

/** The paths under the sandbox's base URL; pki-routes.ts serves them. */
export const PKI_PATHS = { ocsp: "/pki/ocsp", crl: "/pki/ca.crl", caIssuers: "/pki/ca.cer" } as const;

export function pkiUrls(base: string): PkiUrls {
  const b = base.replace(/\/+$/, "");
  return {
    base: b,
    ocsp: `${b}${PKI_PATHS.ocsp}`,
    crl: `${b}${PKI_PATHS.crl}`,
    caIssuers: `${b}${PKI_PATHS.caIssuers}`,
  };
}

/** How long an answer is current: OCSP briefly (a revocation shows within minutes), the CRL for an hour. */
export const OCSP_VALIDITY_MS = 5 * 60_000;
export const CRL_VALIDITY_MS = 60 * 60_000;

const SUBJECTS = {
  diia: { commonName: "ДП ДІЯ (пісочниця)", organization: "ДП ДІЯ", serialNumber: "UA-43395033-SANDBOX" },
  partner: {
    commonName: "Партнер Стійки (пісочниця)",
    organization: "Стійка",
    serialNumber: "UA-00000000-PARTNER",
  },
  ocsp: { commonName: "OCSP-сервер ЦСК пісочниці", organization: "Стійка (пісочниця)" },
};

const POLICY = { oid: CERT_OID.uaQualifiedPolicy, cpsUrl: "https://diia.gov.ua/" };

/** Diia's profile (DiiaKey1.cer) with this sandbox's URLs. */
function diiaProfile(urls: PkiUrls): CertificateProfile {
  return {
    extendedKeyUsage: [CERT_OID.uaSignerPurpose],
    policies: [POLICY],
    qualified: { pdsUrl: "https://diia.gov.ua/" },
    crlUrls: [urls.crl],
    ocspUrl: urls.ocsp,
    caIssuersUrl: urls.caIssuers,
    edrpou: "43395033",
  };
}

/** Creates and saves the CA and both identities; returns the Diia identity (kept in memory, no reload). */
async function generate(dir: string, password: string, urls: PkiUrls): Promise<SandboxIdentity> {
  const ca = createSandboxCa(
    { commonName: "Стійка — тестовий ЦСК пісочниці", organization: "Стійка (пісочниця)" },
    undefined,
    { policies: [POLICY] },
  );
  await saveCa(dir, "ca", ca, password);
  const diia = createSandboxIdentity(ca, SUBJECTS.diia, undefined, diiaProfile(urls));
  await saveIdentity(dir, "diia", diia, password);
  await saveIdentity(dir, "partner", createSandboxIdentity(ca, SUBJECTS.partner), password);
  await createCitizenCas(dir, password);
  return diia;
}

// Opening PBES2 key files costs about 0.3 s per identity in pure JS, so each folder is loaded once per process.
const loaded = new Map<string, Promise<SandboxPki>>();

/**
 * Loads the PKI in `dir`, generating it first when absent. `baseUrl` is where this sandbox serves the CRL, the
 * OCSP responder and the CA certificate; new certificates name it.
 */
export function ensureSandboxPki(
  dir: string,
  log: (line: string) => void,
  baseUrl: string,
): Promise<SandboxPki> {
  const key = resolve(dir);
  let pki = loaded.get(key);
  if (!pki) {
    pki = open(key, log, pkiUrls(baseUrl));
    loaded.set(key, pki);
    pki.catch(() => loaded.delete(key));
  }
  return pki;
}

/** Writes via a temporary file, so a reader never sees half a file. */
async function writeAtomic(path: string, data: string) {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  await writeFile(tmp, data);
  await rename(tmp, path);
}

async function open(dir: string, log: (line: string) => void, urls: PkiUrls): Promise<SandboxPki> {
  const passwordFile = join(dir, "password.txt");
  const revokedFile = join(dir, "revoked.json");
  const file = (name: string) => join(dir, name);
  let diia: SandboxIdentity;
  let ca: KeyWithCert;
  let responder: KeyWithCert;
  let partnerCert: Certificate;
  let citizens: CitizenPki;
  let password: string;
  let state: { revoked: RevokedSerial[] } = { revoked: [] };
  try {
    if (existsSync(passwordFile)) {
      password = (await readFile(passwordFile, "utf8")).trim();
      diia = await loadIdentity(dir, "diia", password);
    } else {
      await mkdir(dir, { recursive: true });
      password = randomBytes(18).toString("base64url");
      diia = await generate(dir, password, urls);
      // Written last: its presence means the whole set is there.
      await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
      log(`sandbox PKI generated in ${dir}`);
    }
    ca = await loadCa(dir, "ca", password);
    if (existsSync(file("ocsp.key"))) responder = await loadCa(dir, "ocsp", password);
    else {
      // The OCSP responder is a certificate of its own (id-kp-OCSPSigning), as a CA's responder usually is.
      const key = generateKeyPair(257);
      responder = {
        key,
        cert: issueCertificate({
          key,
          subject: SUBJECTS.ocsp,
          keyUsage: ["digitalSignature"],
          issuer: ca,
          profile: { extendedKeyUsage: [CERT_OID.ocspSigning], policies: [POLICY] },
        }),
      };
      await saveCa(dir, "ocsp", responder, password);
    }
    if (existsSync(revokedFile)) state = JSON.parse(await readFile(revokedFile, "utf8"));
    partnerCert = loadCertificate(await readFile(file("partner-kep.cer")));
    citizens = await openCitizenPki(dir, password, citizenPkiUrls(urls.base, urls.ocsp), log);
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

  let signer = diia.signer;
  const issueSigner = async (): Promise<Certificate> => {
    const key = generateKeyPair(257);
    const cert = issueCertificate({
      key,
      subject: SUBJECTS.diia,
      keyUsage: ["digitalSignature", "nonRepudiation"],
      issuer: ca,
      profile: diiaProfile(urls),
    });
    signer = { key, cert };
    await saveCa(dir, "diia-sign", signer, password);
    log(`sandbox: a fresh Diia signing certificate ${cert.serial} was issued`);
    return cert;
  };
  // A PKI from before the certificates named their revocation services: its signer gets a current certificate.
  if (signer.cert.ocspUrls.length === 0) await issueSigner();
  else if (signer.cert.ocspUrls[0] !== urls.ocsp)
    log(
      `sandbox: the Diia signing certificate names ${signer.cert.ocspUrls[0]} for OCSP, this sandbox serves ${urls.ocsp} (issue a fresh signer from /control/ or set SANDBOX_PKI_URL)`,
    );

  const saveState = () => writeAtomic(revokedFile, `${JSON.stringify(state, null, 2)}\n`);
  const statusOf = (serial: string): CertificateStatus => {
    const r = state.revoked.find((x) => x.serial === serial);
    return r ? { status: "revoked", revokedAt: new Date(r.revokedAt), reason: r.reason } : { status: "good" };
  };
  const ourIssuer = certIdOf(ca.cert, ca.cert);

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
    urls,
    ca: ca.cert,
    signer: () => signer.cert,
    revoked: () => state.revoked,
    citizens,
    revokeSigner: async (reason, at) => {
      const serial = signer.cert.serial;
      const existing = state.revoked.find((r) => r.serial === serial);
      if (existing) return existing;
      const entry = {
        serial,
        revokedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
        reason,
      };
      state = { revoked: [...state.revoked, entry] };
      await saveState();
      log(`sandbox: the Diia signing certificate ${serial} was revoked (${reason})`);
      return entry;
    },
    issueSigner,
    crl: (now) =>
      buildCrl({
        issuer: ca,
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
        // Issued on demand, so its time in seconds is a cRLNumber that only grows.
        number: BigInt(Math.floor(now.getTime() / 1000)),
        revoked: state.revoked.map((r) => ({
          serial: Buffer.from(r.serial, "hex"),
          revokedAt: new Date(r.revokedAt),
          reason: r.reason,
        })),
      }),
    ocsp: (request, now) => {
      let parsed: ReturnType<typeof parseOcspRequest>;
      try {
        parsed = parseOcspRequest(request);
      } catch {
        return buildOcspErrorResponse("malformedRequest");
      }
      const forCitizen = citizens.ocspFor(parsed.certIds, parsed.nonce, now);
      if (forCitizen) return forCitizen;
      const responses: OcspSingleAnswer[] = parsed.certIds.map((certId) => ({
        certId,
        // Another CA's certificates, or another hash algorithm, are not ours to answer for.
        status: sameCertId({ ...certId, serial: ourIssuer.serial }, ourIssuer)
          ? statusOf(Buffer.from(certId.serial).toString("hex"))
          : { status: "unknown" },
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + OCSP_VALIDITY_MS),
      }));
      return buildOcspResponse({
        signer: responder,
        certs: [responder.cert],
        producedAt: now,
        responses,
        ...(parsed.nonce ? { nonce: parsed.nonce } : {}),
      });
    },
    seal: async (content, options) => {
      // `wrap` in the worker thread: signing and encrypting a PDF blocks for 25–50 ms.
      const der = await wrapInWorker({
        content,
        signer: { key: signer.key, certDer: signer.cert.der },
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
