/**
 * Runs in a worker thread (see unwrap-pool.ts): opens the partner key container once, then decrypts and verifies
 * envelopes with the signer pinned to Diia's certificates. DSTU arithmetic is pure JS and takes tens of
 * milliseconds per envelope, which must not stall the HTTP event loop.
 */
import { parentPort, workerData } from "node:worker_threads";
import { DiiaError, loadCertificate, loadKeyStore, unwrap } from "@stiika/diia";
import type { UnwrapPart, UnwrapReply, UnwrapTask, WorkerInit } from "./unwrap-pool.ts";

const init = workerData as WorkerInit;
const store = loadKeyStore(init.keyFile, init.keyPassword);
const keys = {
  ...store,
  certificates: [...store.certificates, ...init.ownCerts.map((der) => loadCertificate(der))],
};
const trust = init.trustedCerts.map((der) => loadCertificate(der));
const senderCertificates = init.senderCerts.map((der) => loadCertificate(der));

function open(text: string): UnwrapPart {
  try {
    const r = unwrap(text, { keys, trust, senderCertificates });
    return {
      ok: true,
      content: r.content,
      signer: {
        subject: r.signer.subject.text,
        serial: r.signer.serial,
        keyId: r.signer.keyId ?? null,
        issuer: r.signer.issuer.text,
      },
      signingTime: r.signingTime?.toISOString() ?? null,
      signerCert: r.signerCertificate.der,
    };
  } catch (e) {
    return { ok: false, code: e instanceof DiiaError ? e.code : "MALFORMED" };
  }
}

parentPort?.on("message", (task: UnwrapTask) => {
  const parts = task.parts.map(open);
  const reply: UnwrapReply = { id: task.id, parts };
  const transfer = parts.flatMap((p) => (p.ok ? [p.content.buffer as ArrayBuffer] : []));
  parentPort?.postMessage(reply, transfer);
});
parentPort?.postMessage({ ready: true });
