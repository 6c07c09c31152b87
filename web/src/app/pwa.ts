/**
 * Service worker registration (production builds only) with updates that wait: a new version is applied when the
 * teller presses "Оновити" or at the next lock, never in the middle of a client. A counter tab stays open for days,
 * so the app asks the server for a new version every 30 minutes and whenever the tab comes back into view or focus
 * (at most once a minute), not only on a full reload.
 *
 * @example
 * registerServiceWorker();
 * const ready = useUpdateReady(); // true once a new version waits
 * applyUpdate();                  // activates it and reloads
 */
import { useSyncExternalStore } from "react";

let activate: (() => void) | null = null;
const listeners = new Set<() => void>();

export async function registerServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || !("serviceWorker" in navigator)) return;
  const { Workbox } = await import("workbox-window");
  const wb = new Workbox("/sw.js");
  wb.addEventListener("waiting", () => {
    activate = () => {
      wb.addEventListener("controlling", () => window.location.reload());
      wb.messageSkipWaiting();
    };
    for (const listener of listeners) listener();
  });
  await wb.register();
  watchForUpdates(() => void wb.update().catch(() => {})); // offline: the next check tries again
}

/** Update checks: every `intervalMs`, and on focus / the tab becoming visible, no closer than `minGapMs`. */
export function watchForUpdates(
  check: () => void,
  { intervalMs = 30 * 60_000, minGapMs = 60_000 }: { intervalMs?: number; minGapMs?: number } = {},
): () => void {
  let last = Date.now();
  const maybe = () => {
    if (document.visibilityState === "hidden" || Date.now() - last < minGapMs) return;
    last = Date.now();
    check();
  };
  const timer = window.setInterval(() => {
    last = Date.now();
    check();
  }, intervalMs);
  window.addEventListener("focus", maybe);
  document.addEventListener("visibilitychange", maybe);
  return () => {
    window.clearInterval(timer);
    window.removeEventListener("focus", maybe);
    document.removeEventListener("visibilitychange", maybe);
  };
}

/** Applies a waiting update (reloads the page); false when there is none. */
export function applyUpdate(): boolean {
  if (!activate) return false;
  activate();
  return true;
}

export function useUpdateReady(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => activate !== null,
  );
}
