/**
 * Service worker registration (production builds only) with updates that wait: a new version is applied when the
 * teller presses "Оновити" or at the next lock, never in the middle of a client.
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
