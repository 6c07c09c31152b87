// Screenshots of a screen at the sizes a counter has — a tablet upright, a small laptop, a desktop monitor — written
// to e2e/artifacts/ (git-ignored).
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { ARTIFACTS } from "./paths.ts";

export const SIZES = [
  { width: 768, height: 1024 },
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
] as const;

/** Writes `<name>-<w>x<h>.png` for each size and puts the viewport back; returns the files. */
export async function screenshotSizes(page: Page, name: string): Promise<string[]> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const before = page.viewportSize();
  const files: string[] = [];
  for (const size of SIZES) {
    await page.setViewportSize(size);
    // Let layout and the countdowns settle after the resize.
    await page.waitForTimeout(150);
    const file = path.join(ARTIFACTS, `${name}-${size.width}x${size.height}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: "disabled" });
    files.push(file);
  }
  if (before) await page.setViewportSize(before);
  return files;
}
