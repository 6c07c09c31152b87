/**
 * Per-device preferences — the only things the app keeps in localStorage. Nothing about a client or a session ever
 * goes here (the camera id is kept by the scan feature under `stiika.scan.cameraId`).
 *
 * @example
 * writePref("lang", "en");
 * readPref("serviceId"); // "svc-1" or null
 */
export type PrefKey = "lang" | "serviceId";

export function readPref(key: PrefKey): string | null {
  try {
    return localStorage.getItem(`stiika.${key}`);
  } catch {
    return null; // storage blocked (private mode, policy): defaults apply
  }
}

export function writePref(key: PrefKey, value: string): void {
  try {
    localStorage.setItem(`stiika.${key}`, value);
  } catch {
    // a preference that cannot be kept is only a convenience lost
  }
}
