/**
 * Whether Diia's signing certificate is still valid: asked online, with the URLs the certificate itself names
 * (authorityInfoAccess: caIssuers for the issuing CA, OCSP; cRLDistributionPoints), so it works against real Diia
 * and the sandbox with no extra configuration. OCSP first (a fresh nonce each time), the CRL when OCSP gives no
 * usable answer; every answer is checked by @stiika/diia (signed by the issuing CA or its OCSP signer, about this
 * certificate, current). Answers are cached until their nextUpdate (bounded, oldest evicted first); each network
 * call has a timeout and a size cap. When neither service answers, STIIKA_REVOCATION decides (decision 005).
 *
 * @example
 * const checker = createRevocationChecker({ mode: "require", timeoutMs: 5000, clock, log });
 * const verdict = await checker.check(signerCertDer);
 * if (!verdict.accept) refuse(verdict.code); // SIGNER_REVOKED | REVOCATION_UNAVAILABLE
 */
import {
  buildOcspRequest,
  type Certificate,
  type Crl,
  crlStatus,
  DiiaError,
  loadCertificate,
  loadCertificates,
  type RevocationReason,
  readCrl,
  verifyOcspResponse,
} from "@stiika/diia";
import type { Logger } from "pino";
import type { Clock } from "../lib/clock.ts";

export type RevocationMode = "require" | "soft-fail";

export type RevocationVerdict =
  | {
      accept: true;
      status: "good";
      source: "ocsp" | "crl";
      /** Served from the cache (an answer still current). */
      cached: boolean;
      serial: string;
    }
  | {
      /** Neither service gave a usable answer and the setting is soft-fail. */
      accept: true;
      status: "unchecked";
      serial: string;
      problems: string[];
    }
  | {
      accept: false;
      code: "SIGNER_REVOKED";
      source: "ocsp" | "crl";
      serial: string;
      revokedAt: string;
      reason: RevocationReason | undefined;
    }
  | { accept: false; code: "REVOCATION_UNAVAILABLE"; serial: string; problems: string[] };

export interface RevocationChecker {
  /**
   * `issuer`: the CA certificate already known to have issued it (a Дія.Підпис signer's, from the trusted bundle);
   * otherwise it is fetched from the certificate's caIssuers URLs.
   */
  check(certDer: Uint8Array, issuer?: Certificate): Promise<RevocationVerdict>;
}

/** Answers kept at most; a partner sees one or two Diia signing certificates, so this only bounds a flood. */
export const MAX_CACHED = 256;
/** Response size caps: an OCSP answer is a few kB; a CA's full CRL can be megabytes. */
const LIMITS = { ocsp: 64 * 1024, crl: 32 * 1024 * 1024, caIssuers: 1024 * 1024 };
/** How long a fetched CA certificate is reused before fetching again. */
const ISSUER_TTL_MS = 24 * 3600_000;

type Known =
  | { status: "good"; source: "ocsp" | "crl" }
  | { status: "revoked"; source: "ocsp" | "crl"; revokedAt: Date; reason: RevocationReason | undefined };

/** A Map with a size bound: the oldest inserted entry goes first. */
class Bounded<V> {
  readonly #map = new Map<string, V>();
  constructor(readonly max: number) {}
  get(key: string): V | undefined {
    return this.#map.get(key);
  }
  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, value);
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
  }
  delete(key: string): void {
    this.#map.delete(key);
  }
}

class FetchError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** GET/POST with a timeout and a cap on the body; anything but 200 is a failure. */
async function fetchBytes(
  url: string,
  init: RequestInit,
  limit: number,
  timeoutMs: number,
): Promise<Uint8Array> {
  if (!/^https?:\/\//i.test(url)) throw new FetchError("NOT_HTTP");
  let res: Response;
  try {
    res = await fetch(url, { ...init, redirect: "error", signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new FetchError((e as Error).name === "TimeoutError" ? "TIMEOUT" : "NETWORK");
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => {});
    throw new FetchError(`HTTP_${res.status}`);
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body?.getReader();
  try {
    for (;;) {
      const step = await reader?.read();
      if (!step || step.done) break;
      size += step.value.length;
      if (size > limit) {
        await reader?.cancel().catch(() => {});
        throw new FetchError("TOO_LARGE");
      }
      chunks.push(step.value);
    }
  } catch (e) {
    if (e instanceof FetchError) throw e;
    throw new FetchError((e as Error).name === "TimeoutError" ? "TIMEOUT" : "NETWORK");
  }
  return new Uint8Array(Buffer.concat(chunks));
}

const codeOf = (e: unknown) => (e instanceof FetchError || e instanceof DiiaError ? e.code : "FAILED");

export function createRevocationChecker(opts: {
  mode: RevocationMode;
  timeoutMs: number;
  clock: Clock;
  log: Logger;
  maxCached?: number;
}): RevocationChecker {
  const max = opts.maxCached ?? MAX_CACHED;
  const answers = new Bounded<{ known: Known; until: number }>(max);
  const crls = new Bounded<Crl>(Math.min(max, 16));
  const issuers = new Bounded<{ cert: Certificate; until: number }>(Math.min(max, 16));
  const inFlight = new Map<string, Promise<RevocationVerdict>>();

  /** The CA that issued `cert`, from its caIssuers URLs: the published certificate whose key signed `cert`. */
  async function issuerOf(cert: Certificate, problems: string[]): Promise<Certificate | undefined> {
    const now = opts.clock().getTime();
    const key = `${cert.authorityKeyId ?? ""}|${Buffer.from(cert.issuerNameDer).toString("hex")}`;
    const cached = issuers.get(key);
    if (cached && cached.until > now) return cached.cert;
    for (const url of cert.caIssuersUrls) {
      try {
        const found = loadCertificates(await fetchBytes(url, {}, LIMITS.caIssuers, opts.timeoutMs)).find(
          (c) => Buffer.compare(c.subjectNameDer, cert.issuerNameDer) === 0 && cert.isSignedBy(c),
        );
        if (!found) throw new FetchError("NOT_THE_ISSUER");
        issuers.set(key, { cert: found, until: now + ISSUER_TTL_MS });
        return found;
      } catch (e) {
        problems.push(`ca-issuers:${codeOf(e)}`);
      }
    }
    if (cert.caIssuersUrls.length === 0) problems.push("ca-issuers:NO_URL");
    return undefined;
  }

  async function ocsp(cert: Certificate, issuer: Certificate, problems: string[]) {
    for (const url of cert.ocspUrls) {
      try {
        const request = buildOcspRequest({ certificate: cert, issuer });
        const der = await fetchBytes(
          url,
          {
            method: "POST",
            headers: { "content-type": "application/ocsp-request" },
            body: new Uint8Array(request.der),
          },
          LIMITS.ocsp,
          opts.timeoutMs,
        );
        const answer = verifyOcspResponse(der, {
          certificate: cert,
          issuer,
          now: opts.clock(),
          ...(request.nonce ? { nonce: request.nonce } : {}),
        });
        if (answer.status.status === "unknown") throw new FetchError("UNKNOWN_STATUS");
        const known: Known =
          answer.status.status === "good"
            ? { status: "good", source: "ocsp" }
            : {
                status: "revoked",
                source: "ocsp",
                revokedAt: answer.status.revokedAt,
                reason: answer.status.reason,
              };
        return { known, until: answer.nextUpdate?.getTime() };
      } catch (e) {
        problems.push(`ocsp:${codeOf(e)}`);
      }
    }
    if (cert.ocspUrls.length === 0) problems.push("ocsp:NO_URL");
    return undefined;
  }

  async function crl(cert: Certificate, issuer: Certificate, problems: string[]) {
    const now = opts.clock();
    for (const url of cert.crlUrls) {
      try {
        let list = crls.get(url);
        if (!list || list.nextUpdate.getTime() <= now.getTime()) {
          list = readCrl(await fetchBytes(url, {}, LIMITS.crl, opts.timeoutMs), { issuer, now });
          crls.set(url, list);
        }
        const status = crlStatus(list, cert);
        if (status.status === "unknown") throw new FetchError("UNKNOWN_STATUS");
        const known: Known =
          status.status === "good"
            ? { status: "good", source: "crl" }
            : { status: "revoked", source: "crl", revokedAt: status.revokedAt, reason: status.reason };
        return { known, until: list.nextUpdate.getTime() };
      } catch (e) {
        crls.delete(url);
        problems.push(`crl:${codeOf(e)}`);
      }
    }
    if (cert.crlUrls.length === 0) problems.push("crl:NO_URL");
    return undefined;
  }

  const verdictOf = (known: Known, serial: string, cached: boolean): RevocationVerdict =>
    known.status === "good"
      ? { accept: true, status: "good", source: known.source, cached, serial }
      : {
          accept: false,
          code: "SIGNER_REVOKED",
          source: known.source,
          serial,
          revokedAt: known.revokedAt.toISOString(),
          reason: known.reason,
        };

  async function fresh(cert: Certificate, key: string, known?: Certificate): Promise<RevocationVerdict> {
    const problems: string[] = [];
    const issuer = known && cert.isSignedBy(known) ? known : await issuerOf(cert, problems);
    const found = issuer
      ? ((await ocsp(cert, issuer, problems)) ?? (await crl(cert, issuer, problems)))
      : undefined;
    if (found) {
      // An answer without nextUpdate is used once and asked again next time.
      if (found.until !== undefined) answers.set(key, { known: found.known, until: found.until });
      return verdictOf(found.known, cert.serial, false);
    }
    opts.log.warn(
      { serial: cert.serial, problems, mode: opts.mode },
      "a signer's revocation status could not be checked (neither OCSP nor the CRL answered)",
    );
    return opts.mode === "soft-fail"
      ? { accept: true, status: "unchecked", serial: cert.serial, problems }
      : { accept: false, code: "REVOCATION_UNAVAILABLE", serial: cert.serial, problems };
  }

  return {
    async check(certDer, knownIssuer) {
      const cert = loadCertificate(certDer);
      const key = `${cert.authorityKeyId ?? Buffer.from(cert.issuerNameDer).toString("hex")}|${cert.serial}`;
      const cached = answers.get(key);
      if (cached && cached.until > opts.clock().getTime()) return verdictOf(cached.known, cert.serial, true);
      // Concurrent deliveries signed with the same certificate share one round of requests.
      let pending = inFlight.get(key);
      if (!pending) {
        pending = fresh(cert, key, knownIssuer).finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
}
