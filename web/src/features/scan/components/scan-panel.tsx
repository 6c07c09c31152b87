/**
 * The "capture the code" part of the teller's scan screen: camera with aim box (decoded off the main thread),
 * keyboard-wedge scanners anywhere on the page, and manual entry. Calls back once per accepted code; the camera is
 * stopped the moment a code is read. Mount it again (new `key`) for the next client.
 *
 * @example
 * <ScanPanel
 *   onBarcode={(code) => createRequest({ barcode: code })}
 *   onQr={(qr, link) => createRequest({ qr: link })}
 *   onError={(e) => console.warn(e.code)}
 * />
 */
import type { DiiaDocumentQr } from "@stiika/diia/qr";
import { useCallback, useRef, useState } from "react";
import { useAimBoxDecoder } from "../hooks/use-aim-box-decoder.ts";
import { useCamera } from "../hooks/use-camera.ts";
import { useWedgeScanner } from "../hooks/use-wedge-scanner.ts";
import { type ScanLang, scanText } from "../i18n.ts";
import { classifyScan } from "../lib/classify-scan.ts";
import { ScanError } from "../lib/scan-error.ts";
import { CameraView } from "./camera-view.tsx";
import { ManualEntry } from "./manual-entry.tsx";

export interface ScanPanelProps {
  onBarcode: (code: string) => void;
  onQr: (qr: DiiaDocumentQr, link: string) => void;
  /** Every failure the teller was shown (camera, decoder, foreign QR, misread barcode), for logging by code. */
  onError?: (error: ScanError) => void;
  lang?: ScanLang;
}

export function ScanPanel({ onBarcode, onQr, onError, lang = "uk" }: ScanPanelProps) {
  const t = scanText[lang];
  const [done, setDone] = useState(false);
  const [readError, setReadError] = useState<ScanError | null>(null);
  const camera = useCamera({ active: !done });
  const shownCode = useRef<string | null>(null);

  // The decoder sees the same foreign QR 8 times a second: show and report it once, not per frame.
  const report = useCallback(
    (error: ScanError) => {
      if (shownCode.current === error.code) return;
      shownCode.current = error.code;
      setReadError(error);
      onError?.(error);
    },
    [onError],
  );

  const accept = useCallback(
    (format: string, text: string) => {
      if (done) return;
      try {
        const scanned = classifyScan(format, text);
        setDone(true); // stops the camera and the decoder on this render
        setReadError(null);
        if (scanned.kind === "barcode") onBarcode(scanned.code);
        else onQr(scanned.qr, scanned.link);
      } catch (e) {
        report(e instanceof ScanError ? e : new ScanError("BAD_BARCODE", "unreadable code", { cause: e }));
      }
    },
    [done, onBarcode, onQr, report],
  );

  useAimBoxDecoder(camera.videoRef, {
    active: !done && camera.status === "live",
    onRead: (read) => accept(read.format, read.text),
    onError: report,
  });
  useWedgeScanner((digits) => accept("wedge", digits), { enabled: !done });

  return (
    <section
      className="flex w-full max-w-3xl flex-col gap-5"
      aria-labelledby="scan-title"
      data-testid="scan-panel"
    >
      <h2 id="scan-title" className="text-2xl font-semibold text-neutral-900">
        {t.title}
      </h2>
      <CameraView camera={camera} lang={lang} />
      {readError && (
        <p
          role="alert"
          data-testid="scan-error"
          className="rounded-xl border-2 border-red-300 bg-red-50 px-4 py-3 text-lg font-medium text-red-800"
        >
          {t.errors[readError.code]}
        </p>
      )}
      <div className="flex flex-col gap-2 rounded-2xl border border-neutral-200 bg-white p-4">
        <h3 className="text-lg font-semibold text-neutral-900">{t.manualTitle}</h3>
        <ManualEntry lang={lang} onSubmit={(code) => accept("manual", code)} />
        <p className="text-sm text-neutral-600">{t.wedgeHint}</p>
      </div>
    </section>
  );
}
