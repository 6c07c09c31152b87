// @vitest-environment happy-dom
import { cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useWedgeScanner } from "../src/features/scan/hooks/use-wedge-scanner.ts";

function Harness({ onScan, enabled = true }: { onScan: (d: string) => void; enabled?: boolean }) {
  useWedgeScanner(onScan, { enabled });
  return (
    <div>
      <input data-testid="field" />
      <textarea data-testid="notes" />
      <button type="button">ok</button>
      <select data-testid="service" defaultValue="a">
        <option value="a">Відкриття рахунку</option>
        <option value="b">Поселення</option>
      </select>
      <input type="checkbox" data-testid="check" />
    </div>
  );
}

/** Dispatches keydown events on `target`, advancing the fake clock by `gap` ms before each. */
function press(target: EventTarget, keys: string[], gap: number): KeyboardEvent[] {
  return keys.map((key) => {
    vi.advanceTimersByTime(gap);
    const event = new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true });
    target.dispatchEvent(event);
    return event;
  });
}

const burst = [..."2858364170864", "Enter"];

describe("useWedgeScanner (fake clock)", () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["performance", "Date", "setTimeout"] });
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("when a scanner sends a 13-digit burst and Enter with nothing focused, then onScan gets the digits", () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const events = press(document.body, burst, 8);
    expect(onScan).toHaveBeenCalledTimes(1);
    expect(onScan).toHaveBeenCalledWith("2858364170864");
    expect(events.at(-1)?.defaultPrevented).toBe(true);
  });

  it("when the same burst goes to a focused button, then it still counts (the button is not a text field)", () => {
    const onScan = vi.fn();
    const { getByRole } = render(<Harness onScan={onScan} />);
    press(getByRole("button"), burst, 8);
    expect(onScan).toHaveBeenCalledWith("2858364170864");
  });

  it("when the burst goes to the focused service list (a select, just picked), then it counts", () => {
    const onScan = vi.fn();
    const { getByTestId } = render(<Harness onScan={onScan} />);
    const events = press(getByTestId("service"), burst, 8);
    expect(onScan).toHaveBeenCalledWith("2858364170864");
    expect(events.at(-1)?.defaultPrevented).toBe(true);
  });

  it("when a burst is too slow to count, its Enter still does not open the focused list or press a button", () => {
    const onScan = vi.fn();
    const { getByTestId, getByRole } = render(<Harness onScan={onScan} />);
    for (const target of [getByTestId("service"), getByRole("button")]) {
      const events = press(target, burst, 150);
      expect(events.at(-1)?.defaultPrevented).toBe(true);
    }
    expect(onScan).not.toHaveBeenCalled();
    // The teller's own Enter on the list, with no digits before it, is left alone.
    vi.advanceTimersByTime(5_000);
    expect(press(getByTestId("service"), ["Enter"], 8)[0]?.defaultPrevented).toBe(false);
  });

  it("when the burst goes to a focused checkbox, then it counts", () => {
    const onScan = vi.fn();
    const { getByTestId } = render(<Harness onScan={onScan} />);
    press(getByTestId("check"), burst, 8);
    expect(onScan).toHaveBeenCalledWith("2858364170864");
  });

  it("when the digits go into a textarea, then they are the teller's typing", () => {
    const onScan = vi.fn();
    const { getByTestId } = render(<Harness onScan={onScan} />);
    press(getByTestId("notes"), burst, 8);
    expect(onScan).not.toHaveBeenCalled();
  });

  it("when the teller types the digits into an input, then it is not a scan", () => {
    const onScan = vi.fn();
    const { getByTestId } = render(<Harness onScan={onScan} />);
    press(getByTestId("field"), burst, 8);
    expect(onScan).not.toHaveBeenCalled();
  });

  it("when the keys come at human speed (150 ms), then it is not a scan", () => {
    const onScan = vi.fn();
    render(<Harness onScan={onScan} />);
    const events = press(document.body, burst, 150);
    expect(onScan).not.toHaveBeenCalled();
    expect(events.at(-1)?.defaultPrevented).toBe(false);
  });

  it("when disabled, then bursts are ignored; after unmount the listener is gone", () => {
    const onScan = vi.fn();
    const { rerender, unmount } = render(<Harness onScan={onScan} enabled={false} />);
    press(document.body, burst, 8);
    expect(onScan).not.toHaveBeenCalled();
    rerender(<Harness onScan={onScan} />);
    press(document.body, burst, 8);
    expect(onScan).toHaveBeenCalledTimes(1);
    unmount();
    press(document.body, burst, 8);
    expect(onScan).toHaveBeenCalledTimes(1);
  });
});
