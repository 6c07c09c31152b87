// Roboto (Apache-2.0) from an npm package: it covers Cyrillic and subsets cleanly with @pdf-lib/fontkit (Noto
// Sans lost most glyphs when subset), so a copy carries only the glyphs it uses.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

export type FontFiles = { regular: Uint8Array; bold: Uint8Array };

let cached: Promise<FontFiles> | undefined;

/** Reads the two TTF files once per process. */
export function loadFonts(): Promise<FontFiles> {
  cached ??= Promise.all([
    readFile(require.resolve("@expo-google-fonts/roboto/400Regular/Roboto_400Regular.ttf")),
    readFile(require.resolve("@expo-google-fonts/roboto/500Medium/Roboto_500Medium.ttf")),
  ]).then(([regular, bold]) => ({ regular, bold }));
  return cached;
}
