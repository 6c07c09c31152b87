// The copy worker (see in-worker.ts): renders PDF copies and wraps envelopes off the main thread, one job at a time.
// Replies are copied, not transferred: a small Buffer may sit in Node's shared pool.
import { parentPort } from "node:worker_threads";
import { type Certificate, loadCertificate, type PrivateKey, wrap } from "@stiika/diia";
import { SandboxError } from "../../errors.ts";
import { type RenderDocumentPdfInput, renderDocumentPdf } from "../../pdf/render-document-pdf.ts";

/** Certificates cross threads as DER (a `Certificate` is a class); keys are plain data. */
export type WrapInput = {
  content: Uint8Array;
  signer: { key: PrivateKey; certDer: Uint8Array };
  originator: { key: PrivateKey; certDer: Uint8Array };
  recipientCertDer: Uint8Array;
  signingTime?: Date;
};
export type CopyJob = { id: number } & (
  | { kind: "render"; input: RenderDocumentPdfInput }
  | { kind: "wrap"; input: WrapInput }
);
export type CopyReply =
  | { id: number; bytes: Uint8Array }
  | { id: number; error: { code: SandboxError["code"] | null; message: string } };

// The same few certificates come with every job.
const parsed = new Map<string, Certificate>();
function certificate(der: Uint8Array): Certificate {
  const key = Buffer.from(der).toString("base64");
  let cert = parsed.get(key);
  if (!cert) {
    cert = loadCertificate(der);
    parsed.set(key, cert);
  }
  return cert;
}

async function run(job: CopyJob): Promise<Uint8Array> {
  if (job.kind === "render") return renderDocumentPdf(job.input);
  const { content, signer, originator, recipientCertDer, signingTime } = job.input;
  return wrap(content, {
    signer: { key: signer.key, cert: certificate(signer.certDer) },
    originator: { key: originator.key, cert: certificate(originator.certDer) },
    recipientCert: certificate(recipientCertDer),
    signingTime,
  });
}

parentPort?.on("message", async (job: CopyJob) => {
  try {
    const bytes = await run(job);
    parentPort?.postMessage({ id: job.id, bytes } satisfies CopyReply);
  } catch (error) {
    const code = error instanceof SandboxError ? error.code : null;
    parentPort?.postMessage({
      id: job.id,
      error: { code, message: (error as Error).message },
    } satisfies CopyReply);
  }
});
