// zxing-wasm reader options shared by the decode worker and the decoder bench, so the bench measures what ships.
import type { ReaderOptions } from "zxing-wasm/reader";

export const READER_OPTIONS = {
  formats: ["EAN13", "QRCode"],
  tryHarder: true,
  tryRotate: true,
  tryInvert: false,
  tryDownscale: true,
  maxNumberOfSymbols: 1,
} satisfies ReaderOptions;
