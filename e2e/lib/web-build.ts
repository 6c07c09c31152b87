// The production-like bundle the server serves: the web build (`vite build` with the repo's config, as
// `pnpm --filter @stiika/web build` runs it) written to e2e/build/web (not a dot folder: the server's static files skip those) rather than web/dist, so a build someone
// starts in web/ meanwhile cannot empty the folder under a running suite. Rebuilt only when a source is newer.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { E2E_ROOT, REPO_ROOT } from "./paths.ts";

export const WEB_DIST = path.join(E2E_ROOT, "build/web");

// The web bundles parts of @stiika/diia (barcode, QR, РНОКПП, metadata normalising) too.
const SOURCES = ["web/src", "web/index.html", "web/package.json", "public", "vite.config.ts", "diia/src"];

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const entry of readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, entry)));
  return newest;
}

/** Builds web/dist when it is missing or older than its sources; returns whether it built. */
export function ensureWebBuild(): boolean {
  const index = path.join(WEB_DIST, "index.html");
  const built = existsSync(index) ? statSync(index).mtimeMs : 0;
  const sources = Math.max(...SOURCES.map((s) => newestMtime(path.join(REPO_ROOT, s))));
  if (built > sources) return false;
  // Vite itself (the root's), not through pnpm: the suite must not depend on a pnpm on PATH.
  execFileSync(
    path.join(REPO_ROOT, "node_modules/.bin/vite"),
    ["build", "--config", "vite.config.ts", "--outDir", WEB_DIST, "--emptyOutDir"],
    // Vitest sets NODE_ENV=test, which would make Vite build React's development bundle (and skip the service worker).
    { cwd: REPO_ROOT, stdio: "pipe", env: { ...process.env, NODE_ENV: "production" } },
  );
  return true;
}
