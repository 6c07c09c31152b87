// @vitest-environment happy-dom
import { cleanup, fireEvent, render, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ManualEntry } from "../src/features/scan/components/manual-entry.tsx";
import { scanText } from "../src/features/scan/i18n.ts";

afterEach(cleanup);

function setup() {
  const onSubmit = vi.fn();
  const view = render(<ManualEntry onSubmit={onSubmit} />);
  const input = view.getByTestId("manual-code-input") as HTMLInputElement;
  const submit = view.getByTestId("manual-code-submit") as HTMLButtonElement;
  const message = view.getByTestId("manual-code-message");
  return { onSubmit, input, submit, message };
}

describe("ManualEntry", () => {
  it("when a valid code is pasted with dashes, then it shows grouped, submit enables and sends 13 digits", async () => {
    const { onSubmit, input, submit } = setup();
    fireEvent.change(input, { target: { value: "2-858364-170864" } });
    expect(input.value).toBe("2 858364 170864");
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith("2858364170864"));
  });

  it("when the field loses focus before the click (as in a browser), then the 13 digits are still sent", async () => {
    const { onSubmit, input, submit } = setup();
    fireEvent.change(input, { target: { value: "2858364170864" } });
    fireEvent.blur(input);
    await waitFor(() => expect(submit.disabled).toBe(false));
    fireEvent.click(submit);
    await waitFor(() => expect(onSubmit).toHaveBeenCalledWith("2858364170864"));
  });

  it("when 13 digits have a wrong check digit, then the checksum message shows and submit stays disabled", async () => {
    const { input, submit, message } = setup();
    fireEvent.change(input, { target: { value: "2858364170865" } });
    await waitFor(() => expect(message.textContent).toBe(scanText.uk.manualChecksum));
    expect(submit.disabled).toBe(true);
    expect(input.getAttribute("aria-invalid")).toBe("true");
  });

  it("while typing, then it counts the digits still missing", async () => {
    const { input, submit, message } = setup();
    fireEvent.change(input, { target: { value: "28583641" } });
    expect(input.value).toBe("2 858364 1");
    await waitFor(() => expect(message.textContent).toBe("Ще 5 цифр"));
    expect(submit.disabled).toBe(true);
  });

  it("when letters are typed, then they stay in view, are named, and the code cannot be sent", async () => {
    const { onSubmit, input, submit, message } = setup();
    // 13 digits and an "o" for a zero: dropping the letter would have sent 2858364170864, someone else's code
    fireEvent.change(input, { target: { value: "285836417086o4" } });
    expect(input.value).toBe("285836417086o4");
    await waitFor(() => expect(message.textContent).toBe("У коді лише цифри: приберіть o"));
    expect(input.getAttribute("aria-invalid")).toBe("true");
    expect(submit.disabled).toBe(true);
    fireEvent.submit(input.form as HTMLFormElement);
    await new Promise((r) => setTimeout(r, 20));
    expect(onSubmit).not.toHaveBeenCalled();
    fireEvent.change(input, { target: { value: "28583641708x" } });
    expect(input.value).toBe("2 858364 1708x");
  });
});
