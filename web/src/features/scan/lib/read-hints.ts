// When the camera has read nothing for a while, the teller gets a hint for the client, in turn: most misses are a
// code too far (too few pixels per bar), too close (out of focus, not whole in view) or washed out by a reflection.

export type ReadHint = "closer" | "further" | "glare";

export const HINT_AFTER_MS = 4_000;
export const HINT_EVERY_MS = 3_000;
const ORDER: ReadHint[] = ["closer", "further", "glare"];

/** The hint to show `idleMs` after the camera started looking without a read: none at first, then each in turn. */
export function readHint(idleMs: number): ReadHint | null {
  if (idleMs < HINT_AFTER_MS) return null;
  return ORDER[Math.floor((idleMs - HINT_AFTER_MS) / HINT_EVERY_MS) % ORDER.length] ?? null;
}
