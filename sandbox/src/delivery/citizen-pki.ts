// The qualified CA of the sandbox's citizens (Дія.Підпис): two CAs, DSTU 4145 for signAlgo "DSTU" and P-256 for
// "ECDSA", each citizen's signing certificate from either, made on first use and kept in `<pki>/citizens/`.
// Citizen certificates carry what Ukrainian qualified certificates of persons carry: the РНОКПП as subject
// serialNumber `TINUA-…` and as the ДРФО subjectDirectoryAttribute, keyUsage digitalSignature + nonRepudiation,
// the qualified policy and qcStatements, and the URLs of this sandbox's OCSP responder, CRL and CA certificate.
// Each CA publishes a CRL it signs itself (DSTU 4145, or ECDSA with SHA-256) and has a delegated OCSP responder
// with a DSTU key (the ECDSA CA's too: @stiika/diia's OCSP reader verifies DSTU answers); revocations are kept in
// `citizen-revoked.json`.
import { createPrivateKey, type KeyObject, randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  buildCrl,
  buildOcspResponse,
  CERT_OID,
  type CertId,
  type Certificate,
  type CertificateProfile,
  type CertificateStatus,
  certIdOf,
  createEcdsaSandboxCa,
  createSandboxCa,
  type EcdsaKeyWithCert,
  generateEcdsaKey,
  generateKeyPair,
  issueCertificate,
  type KeyWithCert,
  loadCa,
  loadCertificate,
  type OcspSingleAnswer,
  type RevocationReason,
  type SignAlgo,
  sameCertId,
  saveCa,
} from "@stiika/diia";
import { type Citizen, citizenRnokpp } from "../citizens/citizens.ts";

export type CitizenSigner = KeyWithCert | EcdsaKeyWithCert;

export interface CitizenPkiUrls {
  ocsp: string;
  crl: string;
  caIssuers: string;
  ecdsaCrl: string;
  ecdsaCaIssuers: string;
}

/** The paths under the sandbox's base URL (pki-routes.ts serves them; OCSP shares the Diia CA's responder URL). */
export const CITIZEN_PKI_PATHS = {
  crl: "/pki/citizen-ca.crl",
  caIssuers: "/pki/citizen-ca.cer",
  ecdsaCrl: "/pki/citizen-ca-ecdsa.crl",
  ecdsaCaIssuers: "/pki/citizen-ca-ecdsa.cer",
} as const;

/** The CA certificates' file names in the PKI folder (DER): the server trusts them for Дія.Підпис signatures. */
export const CITIZEN_CA_FILES = { DSTU: "citizen-ca.cer", ECDSA: "citizen-ca-ecdsa.cer" } as const;

export interface RevokedCitizenCertificate {
  serial: string;
  citizenId: string;
  signAlgo: SignAlgo;
  revokedAt: string;
  reason: RevocationReason;
}

export interface CitizenCertificateView {
  citizenId: string;
  signAlgo: SignAlgo;
  serial: string;
  subject: string;
  validFrom: string;
  validTo: string;
  revoked: RevokedCitizenCertificate | null;
}

export interface CitizenPki {
  /** DER files of the two CA certificates (CITIZEN_CA_FILES). */
  caFiles: Record<SignAlgo, string>;
  ca: Record<SignAlgo, Certificate>;
  urls: CitizenPkiUrls;
  /** The citizen's current signing key and certificate for `signAlgo`, issued on first use. */
  signer: (citizen: Citizen, signAlgo: SignAlgo) => Promise<CitizenSigner>;
  /** A fresh certificate (and key) for the citizen, used from now on: after a revocation, as a re-issued Дія.Підпис. */
  reissue: (citizen: Citizen, signAlgo: SignAlgo) => Promise<Certificate>;
  /** Revokes the citizen's current certificate (it keeps signing with it until reissued, so the partner sees it). */
  revoke: (
    citizen: Citizen,
    signAlgo: SignAlgo,
    reason: RevocationReason,
    at: Date,
  ) => Promise<RevokedCitizenCertificate>;
  /** The certificates issued so far (current ones), with their revocation. */
  certificates: () => CitizenCertificateView[];
  revoked: () => readonly RevokedCitizenCertificate[];
  /** The CRL of the citizen CA of `signAlgo`, signed by that CA. */
  crl: (signAlgo: SignAlgo, now: Date) => Uint8Array;
  /** When a certId is about one of the citizen CAs: the OCSP answer (DER) for all of `certIds`. */
  ocspFor: (certIds: readonly CertId[], nonce: Uint8Array | undefined, now: Date) => Uint8Array | undefined;
}

const POLICY = { oid: CERT_OID.uaQualifiedPolicy, cpsUrl: "https://diia.gov.ua/" };
const SUBJECTS = {
  DSTU: { commonName: "КНЕДП громадян — пісочниця Стійки", organization: "Стійка (пісочниця)" },
  ECDSA: { commonName: "КНЕДП громадян (ECDSA) — пісочниця Стійки", organization: "Стійка (пісочниця)" },
};
const OCSP_VALIDITY_MS = 5 * 60_000;
const CRL_VALIDITY_MS = 60 * 60_000;

export function citizenPkiUrls(base: string, ocsp: string): CitizenPkiUrls {
  const b = base.replace(/\/+$/, "");
  return {
    ocsp,
    crl: `${b}${CITIZEN_PKI_PATHS.crl}`,
    caIssuers: `${b}${CITIZEN_PKI_PATHS.caIssuers}`,
    ecdsaCrl: `${b}${CITIZEN_PKI_PATHS.ecdsaCrl}`,
    ecdsaCaIssuers: `${b}${CITIZEN_PKI_PATHS.ecdsaCaIssuers}`,
  };
}

const pem = (der: Uint8Array) =>
  `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString("base64").replace(/.{64}/g, "$&\n").trimEnd()}\n-----END CERTIFICATE-----\n`;

/** An ECDSA key and certificate as `<base>.{cer,pem,key}`, the key an AES-256 encrypted PKCS#8 PEM. */
async function saveEcdsa(folder: string, base: string, pair: EcdsaKeyWithCert, password: string) {
  await mkdir(folder, { recursive: true });
  const key = pair.key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password });
  await writeFile(join(folder, `${base}.cer`), pair.cert.der);
  await writeFile(join(folder, `${base}.pem`), pem(pair.cert.der));
  await writeFile(join(folder, `${base}.key`), key, { mode: 0o600 });
}

async function loadEcdsa(folder: string, base: string, password: string): Promise<EcdsaKeyWithCert> {
  const cert = loadCertificate(await readFile(join(folder, `${base}.cer`)));
  const key: KeyObject = createPrivateKey({
    key: await readFile(join(folder, `${base}.key`), "utf8"),
    passphrase: password,
  });
  return { key, cert };
}

/** The OCSP responder of a citizen CA: a DSTU key the CA certified for OCSP signing. */
function responderFor(ca: KeyWithCert | EcdsaKeyWithCert, name: string): KeyWithCert {
  const key = generateKeyPair(257);
  return {
    key,
    cert: issueCertificate({
      key,
      subject: { commonName: name, organization: "Стійка (пісочниця)" },
      keyUsage: ["digitalSignature"],
      issuer: ca,
      profile: { extendedKeyUsage: [CERT_OID.ocspSigning], policies: [POLICY] },
    }),
  };
}

/**
 * Creates both citizen CAs and their responders in `dir` (the sandbox PKI calls it before writing password.txt).
 * The CA certificates end up as CITIZEN_CA_FILES.
 */
export async function createCitizenCas(dir: string, password: string): Promise<void> {
  const dstu = createSandboxCa(SUBJECTS.DSTU, undefined, { policies: [POLICY] });
  await saveCa(dir, "citizen-ca", dstu, password);
  await saveCa(dir, "citizen-ocsp", responderFor(dstu, "OCSP-сервер КНЕДП громадян"), password);
  const ecdsa = createEcdsaSandboxCa(SUBJECTS.ECDSA, undefined, { policies: [POLICY] });
  await saveEcdsa(dir, "citizen-ca-ecdsa", ecdsa, password);
  await saveCa(
    dir,
    "citizen-ocsp-ecdsa",
    responderFor(ecdsa, "OCSP-сервер КНЕДП громадян (ECDSA)"),
    password,
  );
}

/** The citizen CAs saved in `dir` (created first when a PKI from before them lacks them). */
export async function openCitizenPki(
  dir: string,
  password: string,
  urls: CitizenPkiUrls,
  log: (line: string) => void,
): Promise<CitizenPki> {
  if (!existsSync(join(dir, "citizen-ca.key"))) {
    await createCitizenCas(dir, password);
    log(`sandbox: the citizen CAs (Дія.Підпис) were created in ${dir}`);
  }
  const cas = {
    DSTU: await loadCa(dir, "citizen-ca", password),
    ECDSA: await loadEcdsa(dir, "citizen-ca-ecdsa", password),
  };
  const responders = {
    DSTU: await loadCa(dir, "citizen-ocsp", password),
    ECDSA: await loadCa(dir, "citizen-ocsp-ecdsa", password),
  };
  const revokedFile = join(dir, "citizen-revoked.json");
  let revoked: RevokedCitizenCertificate[] = existsSync(revokedFile)
    ? JSON.parse(await readFile(revokedFile, "utf8")).revoked
    : [];
  const folder = join(dir, "citizens");
  const signers = new Map<string, Promise<CitizenSigner>>();
  const current = new Map<string, { citizenId: string; signAlgo: SignAlgo; cert: Certificate }>();
  const keyOf = (citizenId: string, signAlgo: SignAlgo) => `${citizenId}-${signAlgo.toLowerCase()}`;
  // The certificates issued before this start, for the control API's list (their keys load on first use).
  if (existsSync(folder))
    for (const file of await readdir(folder)) {
      const m = /^(.+)-(dstu|ecdsa)\.cer$/.exec(file);
      if (!m?.[1] || !m[2]) continue;
      const signAlgo: SignAlgo = m[2] === "dstu" ? "DSTU" : "ECDSA";
      current.set(file.slice(0, -4), {
        citizenId: m[1],
        signAlgo,
        cert: loadCertificate(await readFile(join(folder, file))),
      });
    }

  const profile = (citizen: Citizen, signAlgo: SignAlgo): CertificateProfile => ({
    policies: [POLICY],
    qualified: { pdsUrl: "https://diia.gov.ua/" },
    crlUrls: [signAlgo === "DSTU" ? urls.crl : urls.ecdsaCrl],
    ocspUrl: urls.ocsp,
    caIssuersUrl: signAlgo === "DSTU" ? urls.caIssuers : urls.ecdsaCaIssuers,
    drfo: citizenRnokpp(citizen),
  });

  const issue = async (citizen: Citizen, signAlgo: SignAlgo): Promise<CitizenSigner> => {
    const base = keyOf(citizen.id, signAlgo);
    const subject = { commonName: citizen.fullName, serialNumber: `TINUA-${citizenRnokpp(citizen)}` };
    const common = {
      subject,
      keyUsage: ["digitalSignature", "nonRepudiation"] as const,
      profile: profile(citizen, signAlgo),
    };
    let signer: CitizenSigner;
    if (signAlgo === "DSTU") {
      const key = generateKeyPair(257);
      signer = {
        key,
        cert: issueCertificate({ ...common, keyUsage: [...common.keyUsage], key, issuer: cas.DSTU }),
      };
      await saveCa(folder, base, signer, password);
    } else {
      const key = generateEcdsaKey();
      signer = {
        key,
        cert: issueCertificate({ ...common, keyUsage: [...common.keyUsage], key, issuer: cas.ECDSA }),
      };
      await saveEcdsa(folder, base, signer, password);
    }
    current.set(base, { citizenId: citizen.id, signAlgo, cert: signer.cert });
    return signer;
  };

  const load = async (citizen: Citizen, signAlgo: SignAlgo): Promise<CitizenSigner> => {
    const base = keyOf(citizen.id, signAlgo);
    if (!existsSync(join(folder, `${base}.key`))) return issue(citizen, signAlgo);
    const signer =
      signAlgo === "DSTU" ? await loadCa(folder, base, password) : await loadEcdsa(folder, base, password);
    current.set(base, { citizenId: citizen.id, signAlgo, cert: signer.cert });
    return signer;
  };

  const saveRevoked = async () => {
    const tmp = `${revokedFile}.${randomBytes(4).toString("hex")}.tmp`;
    await writeFile(tmp, `${JSON.stringify({ revoked }, null, 2)}\n`);
    await rename(tmp, revokedFile);
  };
  const statusOf = (signAlgo: SignAlgo, serial: string): CertificateStatus => {
    const r = revoked.find((x) => x.serial === serial && x.signAlgo === signAlgo);
    return r ? { status: "revoked", revokedAt: new Date(r.revokedAt), reason: r.reason } : { status: "good" };
  };
  const issuerIds = {
    DSTU: certIdOf(cas.DSTU.cert, cas.DSTU.cert),
    ECDSA: certIdOf(cas.ECDSA.cert, cas.ECDSA.cert),
  };
  const caOf = (certId: CertId): SignAlgo | undefined =>
    (["DSTU", "ECDSA"] as const).find((a) =>
      sameCertId({ ...certId, serial: issuerIds[a].serial }, issuerIds[a]),
    );

  const pki: CitizenPki = {
    caFiles: { DSTU: join(dir, CITIZEN_CA_FILES.DSTU), ECDSA: join(dir, CITIZEN_CA_FILES.ECDSA) },
    ca: { DSTU: cas.DSTU.cert, ECDSA: cas.ECDSA.cert },
    urls,
    signer: (citizen, signAlgo) => {
      const base = keyOf(citizen.id, signAlgo);
      let signer = signers.get(base);
      if (!signer) {
        signer = load(citizen, signAlgo);
        signers.set(base, signer);
        signer.catch(() => signers.delete(base));
      }
      return signer;
    },
    reissue: async (citizen, signAlgo) => {
      const signer = issue(citizen, signAlgo);
      signers.set(keyOf(citizen.id, signAlgo), signer);
      const { cert } = await signer;
      log(`sandbox: a fresh ${signAlgo} certificate ${cert.serial} was issued to citizen ${citizen.id}`);
      return cert;
    },
    revoke: async (citizen, signAlgo, reason, at) => {
      const { cert } = await pki.signer(citizen, signAlgo);
      const existing = revoked.find((r) => r.serial === cert.serial);
      if (existing) return existing;
      const entry: RevokedCitizenCertificate = {
        serial: cert.serial,
        citizenId: citizen.id,
        signAlgo,
        revokedAt: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(),
        reason,
      };
      revoked = [...revoked, entry];
      await saveRevoked();
      log(
        `sandbox: the ${signAlgo} certificate ${cert.serial} of citizen ${citizen.id} was revoked (${reason})`,
      );
      return entry;
    },
    certificates: () =>
      [...current.values()].map(({ citizenId, signAlgo, cert }) => ({
        citizenId,
        signAlgo,
        serial: cert.serial,
        subject: cert.subject.text,
        validFrom: cert.validFrom.toISOString(),
        validTo: cert.validTo.toISOString(),
        revoked: revoked.find((r) => r.serial === cert.serial) ?? null,
      })),
    revoked: () => revoked,
    crl: (signAlgo, now) =>
      buildCrl({
        issuer: cas[signAlgo],
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + CRL_VALIDITY_MS),
        number: BigInt(Math.floor(now.getTime() / 1000)),
        revoked: revoked
          .filter((r) => r.signAlgo === signAlgo)
          .map((r) => ({
            serial: Buffer.from(r.serial, "hex"),
            revokedAt: new Date(r.revokedAt),
            reason: r.reason,
          })),
      }),
    ocspFor: (certIds, nonce, now) => {
      const first = certIds[0];
      const signAlgo = first ? caOf(first) : undefined;
      if (!signAlgo) return undefined;
      const responses: OcspSingleAnswer[] = certIds.map((certId) => ({
        certId,
        status:
          caOf(certId) === signAlgo
            ? statusOf(signAlgo, Buffer.from(certId.serial).toString("hex"))
            : { status: "unknown" },
        thisUpdate: now,
        nextUpdate: new Date(now.getTime() + OCSP_VALIDITY_MS),
      }));
      const responder = responders[signAlgo];
      return buildOcspResponse({
        signer: responder,
        certs: [responder.cert],
        producedAt: now,
        responses,
        ...(nonce ? { nonce } : {}),
      });
    },
  };
  return pki;
}
