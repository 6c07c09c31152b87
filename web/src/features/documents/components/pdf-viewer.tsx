/**
 * Inline preview of a received document's signed PDF: pdf.js loaded on first use, page switch, zoom, download, and
 * the "Підписано Дією" status (when the PDF came from Diia: the application the client signs has no `provenance`). The PDF's object URL is revoked when the viewer unmounts (and by the idle lock).
 *
 * @example
 * <PdfViewer lang="uk" document={doc} />
 */
import { useEffect, useRef, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { errorText } from "../../../lib/error-text.ts";
import type { Lang } from "../../../lib/i18n.tsx";
import { createObjectUrl, revokeObjectUrl } from "../../../lib/object-urls.ts";
import { useDocumentPdf } from "../api/get-document-pdf.ts";
import type { ReceivedDocument } from "../api/get-documents.ts";
import { documentsText } from "../i18n.ts";
import { openPdf, type PDFDocumentProxy, renderPage } from "../lib/pdf-renderer.ts";
import { SignatureStatus } from "./signature-status.tsx";

const ZOOMS = [0.75, 1, 1.25, 1.5, 2] as const;

export function PdfViewer({
  lang,
  document,
  pdfPath,
  fileName,
}: {
  lang: Lang;
  document: Pick<ReceivedDocument, "id" | "title"> & Partial<Pick<ReceivedDocument, "provenance">>;
  /** Where to fetch the PDF when not the teller's `/api/documents/:id/pdf` (the managers' copy route). */
  pdfPath?: string;
  /** The download's name, when not "<title>.pdf". */
  fileName?: string;
}) {
  const t = documentsText[lang];
  const { data: blob, error: fetchError } = useDocumentPdf(document.id, pdfPath);
  const [pdf, setPdf] = useState<PDFDocumentProxy | null>(null);
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const [pageNumber, setPageNumber] = useState(1);
  const [zoom, setZoom] = useState(1);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const frameRef = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!blob) return;
    const objectUrl = createObjectUrl(blob);
    setUrl(objectUrl);
    let live = true;
    let opened: PDFDocumentProxy | null = null;
    blob
      .arrayBuffer()
      .then(openPdf)
      .then((doc) => {
        opened = doc;
        if (live) setPdf(doc);
        else void doc.destroy();
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      revokeObjectUrl(objectUrl);
      void opened?.destroy();
    };
  }, [blob]);

  useEffect(() => {
    const canvas = canvasRef.current;
    const frame = frameRef.current;
    if (!pdf || !canvas || !frame) return;
    const abort = new AbortController();
    renderPage(pdf, pageNumber, canvas, {
      width: frame.clientWidth - 16,
      scale: ZOOMS[zoom] ?? 1,
      signal: abort.signal,
    }).catch(() => setFailed(true));
    return () => abort.abort();
  }, [pdf, pageNumber, zoom]);

  const pages = pdf?.numPages ?? 0;
  return (
    <section
      className="flex min-w-0 flex-col gap-3 rounded-2xl bg-white p-4 shadow-sm"
      aria-label={document.title}
      data-testid="pdf-viewer"
    >
      <h2 className="text-xl font-semibold">{document.title}</h2>
      {document.provenance && <SignatureStatus lang={lang} provenance={document.provenance} />}
      <div className="flex flex-wrap items-center gap-2">
        <Button
          aria-label={t.prev}
          disabled={pageNumber <= 1}
          onClick={() => setPageNumber((n) => n - 1)}
          data-testid="pdf-prev"
        >
          ‹
        </Button>
        <span className="min-w-32 text-center tabular-nums" aria-live="polite" data-testid="pdf-page">
          {pages > 0 ? t.page(pageNumber, pages) : ""}
        </span>
        <Button
          aria-label={t.next}
          disabled={pageNumber >= pages}
          onClick={() => setPageNumber((n) => n + 1)}
          data-testid="pdf-next"
        >
          ›
        </Button>
        <Button
          aria-label={t.zoomOut}
          disabled={zoom <= 0}
          onClick={() => setZoom((z) => z - 1)}
          data-testid="pdf-zoom-out"
        >
          −
        </Button>
        <span className="w-14 text-center tabular-nums" data-testid="pdf-zoom">
          {Math.round((ZOOMS[zoom] ?? 1) * 100)}%
        </span>
        <Button
          aria-label={t.zoomIn}
          disabled={zoom >= ZOOMS.length - 1}
          onClick={() => setZoom((z) => z + 1)}
          data-testid="pdf-zoom-in"
        >
          +
        </Button>
        {url && (
          <a
            href={url}
            download={fileName ?? `${document.title}.pdf`}
            className="ml-auto inline-flex min-h-12 items-center rounded-xl border-2 border-neutral-300 px-4 text-lg font-medium hover:bg-neutral-100 focus-visible:outline-4 focus-visible:outline-blue-600"
            data-testid="pdf-download"
          >
            {t.download}
          </a>
        )}
      </div>
      <section
        ref={frameRef}
        aria-label={document.title}
        // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard (WCAG 2.1.1)
        tabIndex={0}
        className="max-h-[70vh] overflow-auto rounded-xl bg-neutral-200 p-2 focus-visible:outline-4 focus-visible:outline-blue-600"
      >
        {(fetchError || failed) && (
          <p role="alert" className="p-4 font-medium text-red-800">
            {fetchError ? errorText(fetchError, lang) : t.failed}
          </p>
        )}
        {!pdf && !fetchError && !failed && <p className="p-4 text-neutral-700">{t.loading}</p>}
        <canvas ref={canvasRef} className="mx-auto block bg-white shadow" data-testid="pdf-canvas" />
      </section>
    </section>
  );
}
