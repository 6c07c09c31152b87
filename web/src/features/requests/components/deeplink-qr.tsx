/**
 * The online flow for a phone whose screen the camera cannot read: the request's deeplink as a full-screen QR for
 * the client's camera, with the time left. The QR library is loaded only when this opens.
 *
 * @example
 * {request.kind === "deeplink" && request.status === "waiting" && request.deeplink && (
 *   <DeeplinkQr lang="uk" link={request.deeplink} expiresAt={request.expiresAt} onClose={cancel} />
 * )}
 */
import { useEffect, useRef, useState } from "react";
import { Button } from "../../../components/button.tsx";
import { Countdown } from "../../../components/countdown.tsx";
import type { Lang } from "../../../lib/i18n.tsx";
import { requestsText } from "../i18n.ts";

export function DeeplinkQr({
  lang,
  link,
  expiresAt,
  onClose,
}: {
  lang: Lang;
  link: string;
  expiresAt: string;
  onClose: () => void;
}) {
  const t = requestsText[lang];
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const closeRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let live = true;
    import("qrcode")
      .then((qr) => qr.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 }))
      .then((text) => live && setSvg(text))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [link]);
  useEffect(() => closeRef.current?.focus(), []);

  return (
    <div
      role="dialog"
      aria-modal="true"
      aria-labelledby="deeplink-title"
      // "safe" centring: on a short screen the title stays in view (plain centring cut it off above the top).
      className="fixed inset-0 z-40 flex flex-col items-center justify-center-safe gap-4 overflow-auto bg-white p-4 sm:p-6"
      data-testid="deeplink-qr"
    >
      <h1 id="deeplink-title" className="text-center text-2xl font-semibold sm:text-3xl">
        {t.deeplinkTitle}
      </h1>
      {svg ? (
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={t.deeplinkTitle}
          data-testid="deeplink-qr-image"
          data-link={link}
          // Sized so the title, hint, countdown and button fit beside it on any screen (1280×800 included).
          className="aspect-square w-[max(12rem,min(80vw,calc(100dvh-19rem)))] [image-rendering:pixelated]"
        />
      ) : (
        <div
          className="aspect-square w-[max(12rem,min(80vw,calc(100dvh-19rem)))] animate-pulse rounded-xl bg-neutral-100"
          aria-hidden
        />
      )}
      {failed && (
        <p role="alert" className="font-medium text-red-800">
          {t.deeplinkFailed}
        </p>
      )}
      <p className="max-w-xl text-center text-lg text-neutral-700">{t.deeplinkHint}</p>
      <Countdown expiresAt={expiresAt} label={t.expiresIn} data-testid="deeplink-countdown" />
      <Button ref={closeRef} variant="danger" onClick={onClose} data-testid="deeplink-close">
        {t.deeplinkClose}
      </Button>
    </div>
  );
}
