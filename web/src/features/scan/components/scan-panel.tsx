/**
 * The "capture the code" part of the teller's scan screen: the camera (the whole view decoded off the main thread;
 * the aim box is only a guide), keyboard-wedge scanners wherever focus is but a text field, and manual entry. Calls
 * back once per accepted code and says so on screen; a camera read also beeps and vibrates (switchable). When the
 * camera reads nothing for a few seconds, a hint for the client. The camera is stopped the moment a code is read.
 * Mount it again (new `key`) for the next client.
 *
 * @example
 * <ScanPanel
 *   onBarcode={(code) => createRequest({ barcode: code })}
 *   onQr={(qr, link) => createRequest({ qr: link })}
 *   onError={(e) => console.warn(e.code)}
 * />
 */
import type { DiiaDocumentQr } from "@stiika/diia/qr";
import { useCallback, useEffect, useRef, useState } from "react";
import { useCamera } from "../hooks/use-camera.ts";
import { useFrameDecoder } from "../hooks/use-frame-decoder.ts";
import { useWedgeScanner } from "../hooks/use-wedge-scanner.ts";
import { type ScanLang, scanText } from "../i18n.ts";
import { classifyScan } from "../lib/classify-scan.ts";
import { groupEan13 } from "../lib/code-input.ts";
import { feedbackEnabled, setFeedbackEnabled, signalRead } from "../lib/read-feedback.ts";
import { type ReadHint, readHint } from "../lib/read-hints.ts";
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
  const [accepted, setAccepted] = useState<{ via: Via; code: string | null } | null>(null);
  const [readError, setReadError] = useState<ScanError | null>(null);
  const [feedback, setFeedback] = useState(feedbackEnabled);
  const camera = useCamera({ active: !done });
  const shownCode = useRef<string | null>(null);
  const hint = useIdleHint(camera.status === "live" && !done);

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
    (via: Via, format: string, text: string) => {
      if (done) return;
      try {
        const scanned = classifyScan(format, text);
        setDone(true); // stops the camera and the decoder on this render
        setReadError(null);
        setAccepted({ via, code: scanned.kind === "barcode" ? scanned.code : null });
        if (via === "camera" && feedback) signalRead();
        if (scanned.kind === "barcode") onBarcode(scanned.code);
        else onQr(scanned.qr, scanned.link);
      } catch (e) {
        report(e instanceof ScanError ? e : new ScanError("BAD_BARCODE", "unreadable code", { cause: e }));
      }
    },
    [done, feedback, onBarcode, onQr, report],
  );

  useFrameDecoder(camera.videoRef, {
    active: !done && camera.status === "live",
    onRead: (read) => accept("camera", read.format, read.text),
    onError: report,
  });
  useWedgeScanner((digits) => accept("wedge", "wedge", digits), { enabled: !done });

  return (
    <section
      className="flex w-full max-w-3xl flex-col gap-5"
      aria-labelledby="scan-title"
      data-testid="scan-panel"
    >
      <h2 id="scan-title" className="text-2xl font-semibold text-neutral-900">
        {t.title}
      </h2>
      <CameraView
        camera={camera}
        lang={lang}
        hint={hint}
        feedback={{
          on: feedback,
          toggle: () => {
            setFeedbackEnabled(!feedback);
            setFeedback(!feedback);
          },
        }}
      />
      {accepted && (
        <p
          role="status"
          data-testid="scan-accepted"
          data-via={accepted.via}
          className="flex items-center gap-3 rounded-xl border-2 border-green-600 bg-green-50 px-4 py-3 text-lg font-semibold text-green-900"
        >
          <span aria-hidden="true">✓</span>
          {t.accepted[accepted.via]}
          {accepted.code && <span className="font-mono tracking-wider">{groupEan13(accepted.code)}</span>}
        </p>
      )}
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
        <ManualEntry lang={lang} onSubmit={(code) => accept("manual", "manual", code)} />
        <p className="text-sm text-neutral-600">{t.wedgeHint}</p>
      </div>
    </section>
  );
}

type Via = "camera" | "wedge" | "manual";

/** The hint for the client once the live camera has read nothing for a while; null while `looking` is false. */
function useIdleHint(looking: boolean): ReadHint | null {
  const [hint, setHint] = useState<ReadHint | null>(null);
  useEffect(() => {
    setHint(null);
    if (!looking) return;
    const since = performance.now();
    const timer = setInterval(() => setHint(readHint(performance.now() - since)), 500);
    return () => clearInterval(timer);
  }, [looking]);
  return hint;
}
