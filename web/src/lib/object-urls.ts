/**
 * Object URLs for personal files (PDFs) with one place that can revoke them all, so the idle lock leaves no
 * document reachable from the page.
 *
 * @example
 * const url = createObjectUrl(pdfBlob);
 * revokeObjectUrl(url);     // on unmount
 * revokeAllObjectUrls();    // on lock
 */
const live = new Set<string>();

export function createObjectUrl(blob: Blob): string {
  const url = URL.createObjectURL(blob);
  live.add(url);
  return url;
}

export function revokeObjectUrl(url: string): void {
  URL.revokeObjectURL(url);
  live.delete(url);
}

export function revokeAllObjectUrls(): number {
  const count = live.size;
  for (const url of live) URL.revokeObjectURL(url);
  live.clear();
  return count;
}
