/**
 * The «Лише перевірити» switch's state: the service's `checkOnly` by default, or what was last chosen on this device
 * for that service (a device preference in localStorage, `stiika.checks.checkOnly.<serviceId>`; never client data).
 *
 * @example
 * const [checkOnly, setCheckOnly] = useCheckOnly(service); // service: {id, checkOnly} | null
 */
import { useCallback, useState, useSyncExternalStore } from "react";

const key = (serviceId: string) => `stiika.checks.checkOnly.${serviceId}`;

export function readCheckOnly(service: { id: string; checkOnly: boolean }): boolean {
  try {
    const kept = localStorage.getItem(key(service.id));
    return kept === null ? service.checkOnly : kept === "1";
  } catch {
    return service.checkOnly; // storage blocked: the service's default applies
  }
}

function writeCheckOnly(serviceId: string, value: boolean): void {
  try {
    localStorage.setItem(key(serviceId), value ? "1" : "0");
  } catch {
    // a preference that cannot be kept is only a convenience lost
  }
}

export function useCheckOnly(
  service: { id: string; checkOnly: boolean } | null,
): [boolean, (value: boolean) => void] {
  // Re-read whenever the service changes: each service has its own default and remembered choice.
  const [state, setState] = useState<{ serviceId: string | null; value: boolean }>({
    serviceId: null,
    value: false,
  });
  const current =
    service === null ? false : state.serviceId === service.id ? state.value : readCheckOnly(service);
  const set = useCallback(
    (value: boolean) => {
      if (!service) return;
      writeCheckOnly(service.id, value);
      setState({ serviceId: service.id, value });
    },
    [service],
  );
  return [current, set];
}

// Whether the scan screen is in check-only mode right now, for the app shell's top bar to name it (the switch's
// state lives in the scan screen; the bar sits outside it).
let active = false;
const listeners = new Set<() => void>();

export function setCheckOnlyActive(value: boolean): void {
  if (active === value) return;
  active = value;
  for (const listener of listeners) listener();
}

export function useCheckOnlyActive(): boolean {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => active,
  );
}
