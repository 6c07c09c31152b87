/**
 * Screens that must not auto-lock while they show something the client is acting on — a request waiting for the
 * client's consent, the deeplink QR, a signing waiting for the client's Дія.Підпис (the application read together,
 * then its QR) — hold the idle lock off while mounted. The lock button still works.
 *
 * @example
 * useHoldLock(request.status === "waiting");
 * const held = useLockHeld(); // in the shell: no idle timer while true
 */
import { useEffect, useSyncExternalStore } from "react";

let holds = 0;
const listeners = new Set<() => void>();
const changed = () => {
  for (const listener of listeners) listener();
};

export function useHoldLock(active: boolean): void {
  useEffect(() => {
    if (!active) return;
    holds++;
    changed();
    return () => {
      holds--;
      changed();
    };
  }, [active]);
}

export function useLockHeld(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => holds > 0,
  );
}
