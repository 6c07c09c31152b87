// pdf.js behind a dynamic import, so its ~400 KB never weigh on the scan screen; the worker comes from our own
// bundle (Vite `?url`), never a CDN. Wasm decoders stay off: Diia's PDFs are text and simple images.
import type { PDFDocumentProxy } from "pdfjs-dist";

export type { PDFDocumentProxy };

export async function openPdf(data: ArrayBuffer): Promise<PDFDocumentProxy> {
  const [pdfjs, worker] = await Promise.all([
    import("pdfjs-dist"),
    import("pdfjs-dist/build/pdf.worker.min.mjs?url"),
  ]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs.getDocument({ data: new Uint8Array(data), useWasm: false, enableXfa: false }).promise;
}

/**
 * Draws one page at `scale` × the fit-to-`width` size, sharp on high-DPI screens. Aborting cancels the drawing
 * (pdf.js refuses two renders on one canvas, so a zoom must cancel the previous one first).
 */
export async function renderPage(
  pdf: PDFDocumentProxy,
  pageNumber: number,
  canvas: HTMLCanvasElement,
  { width, scale, signal }: { width: number; scale: number; signal: AbortSignal },
): Promise<void> {
  const page = await pdf.getPage(pageNumber);
  if (signal.aborted) return;
  const base = page.getViewport({ scale: 1 });
  const cssScale = (width / base.width) * scale;
  const ratio = window.devicePixelRatio || 1;
  const viewport = page.getViewport({ scale: cssScale * ratio });
  canvas.width = Math.floor(viewport.width);
  canvas.height = Math.floor(viewport.height);
  canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
  canvas.style.height = `${Math.floor(viewport.height / ratio)}px`;
  const task = page.render({ canvas, viewport });
  signal.addEventListener("abort", () => task.cancel(), { once: true });
  try {
    await task.promise;
  } catch (e) {
    if (!signal.aborted) throw e;
  }
}
