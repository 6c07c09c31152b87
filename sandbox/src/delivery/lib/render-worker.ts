// Renders PDF copies off the main thread (see render-in-worker.ts): one job at a time, the bytes transferred back.
import { parentPort } from "node:worker_threads";
import { SandboxError } from "../../errors.ts";
import { type RenderDocumentPdfInput, renderDocumentPdf } from "../../pdf/render-document-pdf.ts";

export type RenderJob = { id: number; input: RenderDocumentPdfInput };
export type RenderReply =
  | { id: number; pdf: Uint8Array }
  | { id: number; error: { code: SandboxError["code"] | null; message: string } };

parentPort?.on("message", async ({ id, input }: RenderJob) => {
  try {
    const pdf = await renderDocumentPdf(input);
    parentPort?.postMessage({ id, pdf } satisfies RenderReply, [pdf.buffer as ArrayBuffer]);
  } catch (error) {
    const code = error instanceof SandboxError ? error.code : null;
    parentPort?.postMessage({ id, error: { code, message: (error as Error).message } } satisfies RenderReply);
  }
});
