// Where things are, from this package's place in the repo.
import path from "node:path";

export const E2E_ROOT = path.join(import.meta.dirname, "..");
export const REPO_ROOT = path.join(E2E_ROOT, "..");
/** Screenshots and other test artifacts (git-ignored). */
export const ARTIFACTS = path.join(E2E_ROOT, "artifacts");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
