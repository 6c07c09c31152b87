// @vitest-environment happy-dom
// The full-screen deeplink QR (sharing and signing) opens with the focus on the dialog, not on «Скасувати»: a USB
// scanner's burst ends with Enter, and a teller who scans anything while the client is reading the QR must not
// cancel the client's request. The button stays one Tab away and works.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, expect, it } from "vitest";
import { DeeplinkQr } from "../src/components/deeplink-qr.tsx";

afterEach(cleanup);

const text = {
  title: "Покажіть клієнту",
  hint: "Скануйте в Дії",
  close: "Скасувати",
  failed: "—",
  expiresIn: "ще",
};

it("focuses the dialog itself, so an Enter from a scanner's burst presses nothing; the cancel button still works", () => {
  let closed = 0;
  render(
    <DeeplinkQr
      link="https://diia.app/acquirers/offer-request/dynamic/1"
      expiresAt={new Date(Date.now() + 60_000).toISOString()}
      onClose={() => closed++}
      text={text}
      prefix="signing"
    />,
  );
  const dialog = screen.getByRole("dialog", { name: "Покажіть клієнту" });
  const cancel = screen.getByTestId("signing-close");
  expect(document.activeElement).toBe(dialog);
  expect(document.activeElement).not.toBe(cancel);
  for (const key of [..."4820000000000", "Enter"])
    fireEvent.keyDown(document.activeElement ?? dialog, { key });
  expect(closed).toBe(0);
  fireEvent.click(cancel);
  expect(closed).toBe(1);
});
