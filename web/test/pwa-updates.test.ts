// @vitest-environment happy-dom
// A counter tab stays open for days: the app looks for a new version on a timer and when the teller comes back to
// the tab, not only on a full reload — but not on every focus flicker.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { watchForUpdates } from "../src/app/pwa.ts";

let stop = () => {};
beforeEach(() => vi.useFakeTimers());
afterEach(() => {
  stop();
  vi.useRealTimers();
});

describe("watchForUpdates", () => {
  it("checks every interval, on focus after a gap, and stops when told", () => {
    const check = vi.fn();
    stop = watchForUpdates(check, { intervalMs: 30 * 60_000, minGapMs: 60_000 });
    expect(check).not.toHaveBeenCalled();
    window.dispatchEvent(new Event("focus"));
    expect(check).toHaveBeenCalledTimes(0); // just registered: it checked a moment ago
    vi.advanceTimersByTime(61_000);
    window.dispatchEvent(new Event("focus"));
    expect(check).toHaveBeenCalledTimes(1);
    window.dispatchEvent(new Event("focus"));
    document.dispatchEvent(new Event("visibilitychange"));
    expect(check).toHaveBeenCalledTimes(1); // not twice within a minute
    vi.advanceTimersByTime(30 * 60_000);
    expect(check).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(61_000);
    document.dispatchEvent(new Event("visibilitychange"));
    expect(check).toHaveBeenCalledTimes(3);
    stop();
    vi.advanceTimersByTime(60 * 60_000);
    window.dispatchEvent(new Event("focus"));
    expect(check).toHaveBeenCalledTimes(3);
  });
});
