// Roboto (OFL-1.1), vendored in the repository's assets/fonts (see assets/README.md): it covers Cyrillic and
// subsets cleanly with @pdf-lib/fontkit (Noto Sans lost most glyphs when subset), so a copy carries only the glyphs
// it uses. The phone page serves the same files.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

/** The two faces on disk: Regular (400) for text, Medium (500) for headings. */
export const FONT_PATHS = {
  regular: require.resolve("@stiika/assets/fonts/Roboto-Regular.ttf"),
  bold: require.resolve("@stiika/assets/fonts/Roboto-Medium.ttf"),
};

export type FontFiles = { regular: Uint8Array; bold: Uint8Array };

let cached: Promise<FontFiles> | undefined;

/** Reads the two TTF files once per process. */
export function loadFonts(): Promise<FontFiles> {
  cached ??= Promise.all([readFile(FONT_PATHS.regular), readFile(FONT_PATHS.bold)]).then(
    ([regular, bold]) => ({
      regular,
      bold,
    }),
  );
  return cached;
}
