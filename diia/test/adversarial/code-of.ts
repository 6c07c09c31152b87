// What an adversarial case ends as: the typed code of the refusal, "OK" when it was accepted, and anything
// untyped spelled out (an untyped failure is itself a finding).
import { EnvelopeError } from "../../src/errors.ts";

export const codeOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return e instanceof EnvelopeError ? e.code : `untyped:${String(e)}`;
  }
  return "OK";
};
