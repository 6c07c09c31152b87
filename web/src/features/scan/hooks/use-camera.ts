/**
 * The scan camera: remembered device (else the rear camera), 1080p ideal, continuous focus and torch when the track
 * offers them, mirrored preview for front/desk cameras, released when the page is hidden and reopened when it is
 * visible again. Errors arrive as `ScanError` codes with a teller-facing sentence in i18n.
 *
 * @example
 * const camera = useCamera({ active: !scanned });
 * <video ref={camera.videoRef} style={{ transform: camera.mirrored ? "scaleX(-1)" : undefined }} />
 */
import { useCallback, useEffect, useRef, useState } from "react";
import { cameraError, ScanError } from "../lib/scan-error.ts";

const DEVICE_KEY = "stiika.scan.cameraId";

// Not yet in lib.dom: focus and torch are Image Capture extensions that Chromium reports on video tracks.
type ExtendedCapabilities = MediaTrackCapabilities & { torch?: boolean; focusMode?: string[] };
type ExtendedConstraintSet = MediaTrackConstraintSet & { torch?: boolean; focusMode?: string };

export type CameraStatus = "idle" | "starting" | "live" | "error";

export interface Camera {
  videoRef: React.RefObject<HTMLVideoElement | null>;
  status: CameraStatus;
  error: ScanError | null;
  devices: MediaDeviceInfo[];
  deviceId: string | null;
  mirrored: boolean;
  torch: { available: boolean; on: boolean; toggle: () => void };
  selectDevice: (deviceId: string) => void;
  retry: () => void;
}

function storedDevice(): string | null {
  try {
    return localStorage.getItem(DEVICE_KEY);
  } catch {
    return null; // storage blocked: fall back to the default camera
  }
}

async function openStream(deviceId: string | null): Promise<MediaStream> {
  if (!navigator.mediaDevices?.getUserMedia) throw new ScanError("NO_CAMERA", "no mediaDevices");
  const video: MediaTrackConstraints = { width: { ideal: 1920 }, height: { ideal: 1080 } };
  if (deviceId) video.deviceId = { exact: deviceId };
  else video.facingMode = { ideal: "environment" };
  return navigator.mediaDevices.getUserMedia({ video, audio: false });
}

export function useCamera({ active }: { active: boolean }): Camera {
  const videoRef = useRef<HTMLVideoElement | null>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [status, setStatus] = useState<CameraStatus>("idle");
  const [error, setError] = useState<ScanError | null>(null);
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | null>(storedDevice);
  const [mirrored, setMirrored] = useState(false);
  const [torch, setTorch] = useState({ available: false, on: false });
  const [visible, setVisible] = useState(() => document.visibilityState !== "hidden");
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const onVisibility = () => setVisible(document.visibilityState !== "hidden");
    document.addEventListener("visibilitychange", onVisibility);
    return () => document.removeEventListener("visibilitychange", onVisibility);
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger
  useEffect(() => {
    if (!active || !visible) return;
    let cancelled = false;
    setStatus("starting");
    setError(null);
    (async () => {
      let stream: MediaStream;
      try {
        stream = await openStream(deviceId).catch((e: unknown) => {
          // A remembered camera that is gone (unplugged, other tablet): forget it and take the default.
          if (deviceId && (e as Error).name !== "NotAllowedError") {
            localStorage.removeItem(DEVICE_KEY);
            return openStream(null);
          }
          throw e;
        });
      } catch (e) {
        if (!cancelled) {
          setError(e instanceof ScanError ? e : cameraError(e));
          setStatus("error");
        }
        return;
      }
      if (cancelled) {
        for (const t of stream.getTracks()) t.stop();
        return;
      }
      streamRef.current = stream;
      const track = stream.getVideoTracks()[0];
      const caps = (track?.getCapabilities?.() ?? {}) as ExtendedCapabilities;
      if (caps.focusMode?.includes("continuous")) {
        await track
          ?.applyConstraints({ advanced: [{ focusMode: "continuous" } as ExtendedConstraintSet] })
          .catch(() => {});
      }
      const settings = track?.getSettings();
      // Rear cameras show the world as it is; front and desk webcams (no facingMode) feel natural mirrored.
      setMirrored(settings?.facingMode !== "environment");
      setTorch({ available: caps.torch === true, on: false });
      const video = videoRef.current;
      if (video) {
        video.srcObject = stream;
        await video.play().catch(() => {}); // autoplay of a muted inline video is allowed; a race with unmount is not an error
      }
      const all = await navigator.mediaDevices.enumerateDevices();
      if (cancelled) return;
      setDevices(all.filter((d) => d.kind === "videoinput"));
      setStatus("live");
    })();
    return () => {
      cancelled = true;
      for (const t of streamRef.current?.getTracks() ?? []) t.stop();
      streamRef.current = null;
      if (videoRef.current) videoRef.current.srcObject = null;
      setStatus("idle");
    };
  }, [active, visible, deviceId, attempt]);

  const toggleTorch = useCallback(() => {
    const track = streamRef.current?.getVideoTracks()[0];
    if (!track) return;
    const on = !torch.on;
    track
      .applyConstraints({ advanced: [{ torch: on } as ExtendedConstraintSet] })
      .then(() => setTorch((t) => ({ ...t, on })))
      .catch(() => setTorch({ available: false, on: false }));
  }, [torch.on]);

  const selectDevice = useCallback((id: string) => {
    try {
      localStorage.setItem(DEVICE_KEY, id);
    } catch {
      // not remembered across reloads, still used now
    }
    setDeviceId(id);
  }, []);

  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  return {
    videoRef,
    status,
    error,
    devices,
    deviceId,
    mirrored,
    torch: { ...torch, toggle: toggleTorch },
    selectDevice,
    retry,
  };
}
