// @vitest-environment happy-dom
// ScanPanel without a camera (happy-dom has none): a wedge burst while the service list has focus is taken and
// the teller sees that it was.
import { act, cleanup, render } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ScanPanel } from "../src/features/scan/components/scan-panel.tsx";

describe("ScanPanel with a wedge scanner", () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ["performance", "Date", "setTimeout", "setInterval"] }));
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });

  it("when a burst arrives with a select focused, then onBarcode gets the code and «Код зі сканера прийнято» shows", () => {
    const onBarcode = vi.fn();
    const view = render(
      <div>
        <select data-testid="service">
          <option>Відкриття рахунку</option>
        </select>
        <ScanPanel onBarcode={onBarcode} onQr={() => {}} />
      </div>,
    );
    const select = view.getByTestId("service");
    select.focus();
    for (const key of [..."2858364170864", "Enter"]) {
      vi.advanceTimersByTime(8);
      act(() => {
        select.dispatchEvent(new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true }));
      });
    }
    expect(onBarcode).toHaveBeenCalledWith("2858364170864");
    const ack = view.getByTestId("scan-accepted");
    expect(ack.getAttribute("role")).toBe("status");
    expect(ack.dataset.via).toBe("wedge");
    expect(ack.textContent).toBe("✓Код зі сканера прийнято2 858364 170864");
  });
});
