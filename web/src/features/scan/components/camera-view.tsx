/**
 * The live camera with its aim box (a guide for the client: the decoder reads the whole view), the hint when
 * nothing reads, the sound-and-vibration switch, torch toggle and camera picker; shows the teller-facing message when
 * the camera cannot be used. Presentational: the camera itself comes from `useCamera`.
 *
 * @example
 * <CameraView camera={useCamera({ active })} lang="uk" hint={null} feedback={{ on: true, toggle }} />
 */
import { Select } from "../../../components/select.tsx";
import type { Camera } from "../hooks/use-camera.ts";
import { type ScanLang, scanText } from "../i18n.ts";
import { aimBox } from "../lib/aim-box.ts";
import type { ReadHint } from "../lib/read-hints.ts";

export function CameraView({
  camera,
  lang = "uk",
  hint = null,
  feedback,
}: {
  camera: Camera;
  lang?: ScanLang;
  hint?: ReadHint | null;
  feedback: { on: boolean; toggle: () => void };
}) {
  const t = scanText[lang];
  const video = camera.videoRef.current;
  // Aim box in % of the frame: where the client is asked to hold the code (any part of the view is read).
  const w = video?.videoWidth || 1920;
  const h = video?.videoHeight || 1080;
  const box = aimBox(w, h);
  return (
    <div className="flex flex-col gap-3">
      <div
        className="relative w-full overflow-hidden rounded-2xl bg-neutral-900"
        style={{ aspectRatio: `${w} / ${h}` }}
        data-testid="camera-preview"
      >
        <video
          ref={camera.videoRef}
          muted
          playsInline
          autoPlay
          className="absolute inset-0 size-full object-fill"
          style={camera.mirrored ? { transform: "scaleX(-1)" } : undefined}
        />
        <div
          aria-hidden="true"
          data-testid="aim-box"
          className="absolute rounded-xl border-4 border-white/90 shadow-[0_0_0_9999px_rgba(0,0,0,0.45)]"
          style={{
            left: `${(box.x / w) * 100}%`,
            top: `${(box.y / h) * 100}%`,
            width: `${(box.width / w) * 100}%`,
            height: `${(box.height / h) * 100}%`,
          }}
        />
        {camera.status === "live" && hint ? (
          <p
            data-testid="scan-hint"
            data-hint={hint}
            className="absolute inset-x-3 bottom-3 rounded-xl bg-amber-100 px-3 py-2 text-center text-lg font-semibold text-amber-950"
          >
            {t.hints[hint]}
          </p>
        ) : (
          <p className="absolute inset-x-0 bottom-3 text-center text-lg font-medium text-white drop-shadow">
            {camera.status === "starting" ? t.starting : camera.status === "live" ? t.aimHint : ""}
          </p>
        )}
        {camera.status === "error" && camera.error && (
          <div
            role="alert"
            data-testid="camera-error"
            className="absolute inset-0 flex flex-col items-center justify-center gap-4 bg-neutral-900/90 p-6 text-center"
          >
            <p className="max-w-md text-lg text-white">{t.errors[camera.error.code]}</p>
            <button
              type="button"
              onClick={camera.retry}
              data-testid="camera-retry"
              className="min-h-12 rounded-xl bg-white px-6 text-lg font-semibold text-neutral-900 hover:bg-neutral-200"
            >
              {t.startCamera}
            </button>
          </div>
        )}
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="button"
          role="switch"
          aria-checked={feedback.on}
          onClick={feedback.toggle}
          data-testid="feedback-switch"
          className="flex min-h-12 items-center gap-3 rounded-xl border-2 border-neutral-300 bg-white px-4 text-base font-medium text-neutral-900"
        >
          <span
            aria-hidden="true"
            className={`relative h-6 w-11 rounded-full transition-colors ${feedback.on ? "bg-blue-700" : "bg-neutral-400"}`}
          >
            <span
              className={`absolute top-0.5 size-5 rounded-full bg-white transition-all ${feedback.on ? "left-[1.375rem]" : "left-0.5"}`}
            />
          </span>
          {t.feedback}
        </button>
        {camera.devices.length > 1 && (
          <Select
            inline
            label={t.cameraLabel}
            value={camera.deviceId ?? ""}
            onChange={(e) => camera.selectDevice(e.target.value)}
            data-testid="camera-select"
            options={[
              ...(camera.deviceId === null ? [{ value: "", label: "—" }] : []),
              ...camera.devices.map((d, i) => ({
                value: d.deviceId,
                label: d.label || `${t.cameraLabel} ${i + 1}`,
              })),
            ]}
          />
        )}
        {camera.torch.available && (
          <button
            type="button"
            onClick={camera.torch.toggle}
            aria-pressed={camera.torch.on}
            data-testid="torch-toggle"
            className="min-h-12 rounded-xl border-2 border-neutral-300 bg-white px-4 text-base font-medium aria-pressed:bg-amber-200"
          >
            {camera.torch.on ? t.torchOff : t.torchOn}
          </button>
        )}
      </div>
    </div>
  );
}
