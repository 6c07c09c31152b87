/**
 * Loads a partner's key material: IIT `Key-6.dat`, PKCS#12 (`.pfx`/`.p12`) with DSTU keys, a PBES2 key file (as
 * IIT tools and the sandbox PKI write it), IIT's older own key format, or a JKS with DSTU keys; returns the private
 * keys and every certificate found inside. Which containers work, and how they are tested: diia/README.md.
 *
 * @example
 * import { loadKeyStore, loadCertificate } from "@stiika/diia";
 * const store = loadKeyStore(await readFile("Key-6.dat"), "12345677");
 * const keys = { ...store, certificates: [...store.certificates, loadCertificate(await readFile("kep.cer"))] };
 */
import { Certificate } from "./certificate.ts";
import { KeyError } from "./errors.ts";
import { decodeKeyStore } from "./lib/keys/decode-store.ts";
import type { CurveParams } from "./lib/primitives.ts";

export type { CurveParams } from "./lib/primitives.ts";

/** A DSTU 4145 private key: the curve and the scalar d. Never log it. */
export interface PrivateKey {
  readonly curve: CurveParams;
  readonly d: bigint;
}

/** Key material of one party: private keys plus the certificates that go with them (and any chain certs). */
export interface KeyStore {
  readonly keys: readonly PrivateKey[];
  readonly certificates: readonly Certificate[];
}

/**
 * Opens a password-protected key container. Throws KeyError `BAD_PASSWORD` (it parses but does not decrypt),
 * `BAD_KEY_STORE` (not a container we know, truncated, or altered), `NO_SUITABLE_KEY` (no DSTU private key inside).
 */
export function loadKeyStore(data: Uint8Array, password: string): KeyStore {
  if (!(data instanceof Uint8Array) || typeof password !== "string") {
    throw new KeyError("BAD_KEY_STORE", "expected container bytes and a password string");
  }
  try {
    const decoded = decodeKeyStore(data, password);
    const certificates: Certificate[] = [];
    for (const der of decoded.certificates) {
      // Containers carry chain and service certificates too; unreadable ones are not the partner's.
      try {
        certificates.push(Certificate.fromDer(der));
      } catch {}
    }
    return { keys: decoded.keys, certificates };
  } catch (cause) {
    if (cause instanceof KeyError) throw cause;
    throw new KeyError("BAD_KEY_STORE", "key container could not be read", { cause });
  }
}
