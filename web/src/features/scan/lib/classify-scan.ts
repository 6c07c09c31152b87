// Turns what the decoder (or a wedge scanner) read into what the app acts on: a Diia barcode or a Diia document QR.
import { parseBarcode } from "@stiika/diia/barcode";
import { type DiiaDocumentQr, parseDiiaQr } from "@stiika/diia/qr";
import { ScanError } from "./scan-error.ts";

export type ScannedCode =
  | { kind: "barcode"; code: string }
  | { kind: "qr"; qr: DiiaDocumentQr; link: string };

/**
 * @param format the decoder's format name (`EAN13`, `QRCode`, or `wedge` for keyboard scanners)
 * @throws ScanError `NOT_DIIA_QR` for any QR that is not a Diia document link, `BAD_BARCODE` for a barcode that
 *   fails the EAN-13 check (a misread), with the original error as `cause`.
 */
export function classifyScan(format: string, text: string): ScannedCode {
  if (format === "QRCode") {
    try {
      return { kind: "qr", qr: parseDiiaQr(text), link: text.trim() };
    } catch (cause) {
      throw new ScanError("NOT_DIIA_QR", "not a Diia document QR", { cause });
    }
  }
  try {
    return { kind: "barcode", code: parseBarcode(text) };
  } catch (cause) {
    throw new ScanError("BAD_BARCODE", "barcode failed the EAN-13 check", { cause });
  }
}
