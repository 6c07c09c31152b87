// The teller route's initial JavaScript: what index.html loads before anything runs (its module entry and the
// modulepreloads), each file gzip -9 compressed, as a server with compression would send it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";

export interface SizedFile {
  file: string;
  bytes: number;
  gzip: number;
}

export function gzipSize(distDir: string, file: string): SizedFile {
  const content = readFileSync(path.join(distDir, file));
  return { file, bytes: content.length, gzip: gzipSync(content, { level: 9 }).length };
}

/** The JS index.html pulls in: `<script type="module" src>` and `<link rel="modulepreload" href>`. */
export function initialJs(distDir: string): SizedFile[] {
  const html = readFileSync(path.join(distDir, "index.html"), "utf8");
  const urls = [
    ...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map((m) => m[1] ?? "");
  return [...new Set(urls)].map((u) => gzipSize(distDir, u.replace(/^\//, "")));
}
