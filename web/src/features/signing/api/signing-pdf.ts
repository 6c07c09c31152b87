/**
 * `GET /api/signings/:id/pdf` → the application PDF the client signs (inline, `no-store`, audited on the server),
 * for the documents feature's viewer: exactly the bytes whose hash went to Diia.
 *
 * @example
 * <PdfViewer lang="uk" document={{ id: signing.id, title }} pdfPath={signingPdfPath(signing.id)} />
 */
export const signingPdfPath = (id: string) => `/api/signings/${encodeURIComponent(id)}/pdf`;
