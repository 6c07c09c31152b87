// What test/vectors/generate.ts made the project's vectors with: the tests read the same values.

/** The password of every key container in test/vectors/project/ (test keys, published on purpose). */
export const PASSWORD = "stiika-vectors";

export const VALIDITY = {
  ca: { from: new Date("2024-01-01T00:00:00Z"), to: new Date("2036-01-01T00:00:00Z") },
  /** Diia's certificates: a window with a before and an after, as the IIT test certificates have. */
  diia: { from: new Date("2025-01-01T00:00:00Z"), to: new Date("2028-01-01T00:00:00Z") },
  partner: { from: new Date("2024-06-01T00:00:00Z"), to: new Date("2035-01-01T00:00:00Z") },
};

export const ENVELOPE_SIGNING_TIME = new Date("2026-03-02T10:15:00Z");
