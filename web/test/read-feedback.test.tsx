// @vitest-environment happy-dom
// The scan screen's hint when nothing reads, and the beep/vibration on a read with its per-device switch.
import { cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CameraView } from "../src/features/scan/components/camera-view.tsx";
import type { Camera } from "../src/features/scan/hooks/use-camera.ts";
import { feedbackEnabled, setFeedbackEnabled, signalRead } from "../src/features/scan/lib/read-feedback.ts";
import { HINT_AFTER_MS, HINT_EVERY_MS, readHint } from "../src/features/scan/lib/read-hints.ts";

const liveCamera: Camera = {
  videoRef: { current: null },
  status: "live",
  error: null,
  devices: [],
  deviceId: null,
  mirrored: false,
  torch: { available: false, on: false, toggle: () => {} },
  selectDevice: () => {},
  retry: () => {},
};

describe("readHint", () => {
  it("is silent for the first seconds, then goes closer → further → glare and round again", () => {
    expect(readHint(0)).toBeNull();
    expect(readHint(HINT_AFTER_MS - 1)).toBeNull();
    expect(readHint(HINT_AFTER_MS)).toBe("closer");
    expect(readHint(HINT_AFTER_MS + HINT_EVERY_MS)).toBe("further");
    expect(readHint(HINT_AFTER_MS + 2 * HINT_EVERY_MS)).toBe("glare");
    expect(readHint(HINT_AFTER_MS + 3 * HINT_EVERY_MS)).toBe("closer");
  });
});

describe("CameraView hint and feedback switch", () => {
  afterEach(cleanup);

  it("when a hint is due, then the teller reads it in Ukrainian instead of the aim line", () => {
    const { getByTestId, queryByText } = render(
      <CameraView camera={liveCamera} hint="glare" feedback={{ on: true, toggle: () => {} }} />,
    );
    expect(getByTestId("scan-hint").textContent).toBe(
      "Нічого не зчитано: відблиск на екрані? Попросіть нахилити телефон",
    );
    expect(queryByText("Покажіть камері штрихкод або QR-код з Дії")).toBeNull();
  });

  it("in English the hint is English", () => {
    const { getByTestId } = render(
      <CameraView camera={liveCamera} lang="en" hint="closer" feedback={{ on: true, toggle: () => {} }} />,
    );
    expect(getByTestId("scan-hint").textContent).toContain("hold the phone closer");
  });

  it("the sound switch shows its state and calls toggle", () => {
    const toggle = vi.fn();
    const { getByTestId } = render(<CameraView camera={liveCamera} feedback={{ on: false, toggle }} />);
    const sw = getByTestId("feedback-switch");
    expect(sw.getAttribute("role")).toBe("switch");
    expect(sw.getAttribute("aria-checked")).toBe("false");
    fireEvent.click(sw);
    expect(toggle).toHaveBeenCalledTimes(1);
  });
});

describe("read feedback", () => {
  const tones: { frequency: number; started: boolean }[] = [];
  beforeEach(() => {
    localStorage.clear();
    tones.length = 0;
    const param = () => ({ value: 0, setValueAtTime: vi.fn(), linearRampToValueAtTime: vi.fn() });
    class FakeAudioContext {
      state = "running";
      currentTime = 0;
      destination = {};
      createOscillator() {
        const tone = { frequency: param(), started: false };
        return {
          frequency: tone.frequency,
          connect: (gain: unknown) => gain,
          start: () => tones.push({ frequency: tone.frequency.value, started: true }),
          stop: vi.fn(),
        };
      }
      createGain() {
        return { gain: param(), connect: (d: unknown) => d };
      }
      resume = vi.fn();
    }
    vi.stubGlobal("AudioContext", FakeAudioContext);
    Object.defineProperty(navigator, "vibrate", { value: vi.fn(() => true), configurable: true });
  });
  afterEach(() => vi.unstubAllGlobals());

  it("is on by default and the switch is remembered per device", () => {
    expect(feedbackEnabled()).toBe(true);
    setFeedbackEnabled(false);
    expect(localStorage.getItem("stiika.scan.feedback")).toBe("off");
    expect(feedbackEnabled()).toBe(false);
    setFeedbackEnabled(true);
    expect(feedbackEnabled()).toBe(true);
  });

  it("a read beeps once and vibrates briefly", () => {
    signalRead();
    expect(tones).toEqual([{ frequency: 1800, started: true }]);
    expect(navigator.vibrate).toHaveBeenCalledWith(60);
  });
});
