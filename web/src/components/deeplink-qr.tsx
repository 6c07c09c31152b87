/**
 * A Diia deeplink as a full-screen QR for the client's phone camera, with the time left and the one way out
 * (close = cancel). Shared by the sharing request and the signing: each passes its own words, and `prefix` names
 * its elements (`<prefix>-qr`, `<prefix>-qr-image`, `<prefix>-countdown`, `<prefix>-close`, `#<prefix>-title`).
 * `children` sit under the hint (what the client will see, a quiet note). The QR library is loaded only when this
 * opens.
 *
 * @example
 * <DeeplinkQr link={r.deeplink} expiresAt={r.expiresAt} onClose={cancel}
 *   text={{ title, hint, close, failed, expiresIn }} prefix="deeplink" />
 */
import { type ReactNode, useEffect, useRef, useState } from "react";
import { Button } from "./button.tsx";
import { Countdown } from "./countdown.tsx";

const SIZE = "aspect-square w-[max(12rem,min(80vw,calc(100dvh-19rem)))]";
const SIZE_WITH_EXTRA = "aspect-square w-[max(12rem,min(80vw,calc(100dvh-27rem)))]";

export function DeeplinkQr({
  link,
  expiresAt,
  onClose,
  closing = false,
  text,
  prefix = "deeplink",
  children,
}: {
  link: string;
  expiresAt: string;
  onClose: () => void;
  /** The cancel is on its way: the button waits rather than sending it twice. */
  closing?: boolean;
  text: { title: string; hint: string; close: string; failed: string; expiresIn: string };
  prefix?: string;
  children?: ReactNode;
}) {
  const [svg, setSvg] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleId = `${prefix}-title`;
  // Sized so the title, hint, countdown and button (and what `children` add) fit beside it on any screen
  // (1280×800 included).
  const size = children ? SIZE_WITH_EXTRA : SIZE;

  useEffect(() => {
    let live = true;
    import("qrcode")
      .then((qr) => qr.toString(link, { type: "svg", errorCorrectionLevel: "M", margin: 2 }))
      .then((svgText) => live && setSvg(svgText))
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [link]);
  // Focus goes to the dialog, not to «Скасувати»: a USB scanner's burst ends with Enter, and one fired while the
  // client is scanning the QR must not cancel the request (Tab still reaches the button).
  useEffect(() => dialogRef.current?.focus(), []);

  return (
    <div
      ref={dialogRef}
      tabIndex={-1}
      role="dialog"
      aria-modal="true"
      aria-labelledby={titleId}
      // "safe" centring: on a short screen the title stays in view (plain centring cut it off above the top).
      className="fixed inset-0 z-40 flex outline-none flex-col items-center justify-center-safe gap-4 overflow-auto bg-white p-4 sm:p-6"
      data-testid={`${prefix}-qr`}
    >
      <h1 id={titleId} className="text-center text-2xl font-semibold sm:text-3xl">
        {text.title}
      </h1>
      {svg ? (
        <img
          src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
          alt={text.title}
          data-testid={`${prefix}-qr-image`}
          data-link={link}
          className={`${size} [image-rendering:pixelated]`}
        />
      ) : (
        <div className={`${size} animate-pulse rounded-xl bg-neutral-100`} aria-hidden />
      )}
      {failed && (
        <p role="alert" className="font-medium text-red-800">
          {text.failed}
        </p>
      )}
      <p className="max-w-xl text-center text-lg text-neutral-700">{text.hint}</p>
      {children}
      <Countdown expiresAt={expiresAt} label={text.expiresIn} data-testid={`${prefix}-countdown`} />
      <Button variant="danger" onClick={onClose} disabled={closing} data-testid={`${prefix}-close`}>
        {text.close}
      </Button>
    </div>
  );
}
