// Injected faults. Each entry applies to the next `remaining` events, or until cleared when `remaining` is null.
import { z } from "zod";

/** Names of the endpoints faults can target: the partner API's and the certificate services'. */
export const ENDPOINT_NAMES = [
  "auth",
  "branch-create",
  "branch-list",
  "branch-get",
  "branch-update",
  "branch-delete",
  "offer-create",
  "offer-list",
  "offer-delete",
  "offer-request-dynamic",
  "document-request",
  "document-identification",
  "request-status",
  // The certificate services the sandbox's certificates name (OCSP responder, CRL, CA certificate).
  "ocsp",
  "crl",
  "ca-issuers",
] as const;
export type EndpointName = (typeof ENDPOINT_NAMES)[number];

/**
 * drop: the callback is never sent; duplicate: sent twice; delay: first attempt after `delayMs`; hold: kept until
 * released (release in reverse order = out of order); wrong-key: envelopes encrypted to a stranger's key;
 * tamper-signature: the signature inside the envelope is corrupted.
 */
export const CALLBACK_FAULT_KINDS = [
  "drop",
  "duplicate",
  "delay",
  "hold",
  "wrong-key",
  "tamper-signature",
] as const;
export type CallbackFaultKind = (typeof CALLBACK_FAULT_KINDS)[number];

/**
 * Дія.Підпис faults, applied when the citizen confirms a signing request: declined (no callback, the status answers
 * declined), wrong-signer (signed with another citizen's certificate), other-data (signatures over a different
 * hash), late (the callback is sent `delaySeconds` later, past the request's life).
 */
export const SIGNING_FAULT_KINDS = ["declined", "wrong-signer", "other-data", "late"] as const;
export type SigningFaultKind = (typeof SIGNING_FAULT_KINDS)[number];

/** Which multipart form signing callbacks go in: both the spec names, alternating by default. */
export const SIGNING_CALLBACK_FORMS = ["alternate", "form-data", "mixed"] as const;

/** The callback faults that apply to signing callbacks too (the others are about encrypted envelopes). */
export const SIGNING_CALLBACK_FAULT_KINDS: readonly CallbackFaultKind[] = [
  "drop",
  "duplicate",
  "delay",
  "hold",
];

const remaining = z.number().int().min(1).nullable().default(null);

export const faultsSchema = z.strictObject({
  latencyMs: z.number().int().min(0).max(120_000).default(0),
  endpoints: z
    .array(
      z.strictObject({
        endpoint: z.enum(ENDPOINT_NAMES),
        kind: z.enum(["error", "hang"]),
        status: z.number().int().min(500).max(599).default(503),
        remaining,
      }),
    )
    .default([]),
  callbacks: z
    .array(
      z
        .strictObject({
          kind: z.enum(CALLBACK_FAULT_KINDS),
          delayMs: z.number().int().min(0).max(3_600_000).optional(),
          remaining,
        })
        .refine((f) => f.kind !== "delay" || f.delayMs !== undefined, {
          message: "delay needs delayMs",
          path: ["delayMs"],
        }),
    )
    .default([]),
  signing: z
    .array(
      z
        .strictObject({
          kind: z.enum(SIGNING_FAULT_KINDS),
          delaySeconds: z.number().int().min(1).max(86_400).optional(),
          remaining,
        })
        .refine((f) => f.kind !== "late" || f.delaySeconds !== undefined, {
          message: "late needs delaySeconds",
          path: ["delaySeconds"],
        }),
    )
    .default([]),
  signingCallbackForm: z.enum(SIGNING_CALLBACK_FORMS).default("alternate"),
});
export type FaultsSpec = z.output<typeof faultsSchema>;
export type FaultsInput = z.input<typeof faultsSchema>;

export type AppliedCallbackFaults = Partial<Record<CallbackFaultKind, true>> & { delayMs?: number };
export type AppliedSigningFaults = Partial<Record<Exclude<SigningFaultKind, "late">, true>> & {
  lateSeconds?: number;
};

export class Faults {
  current: FaultsSpec = faultsSchema.parse({});
  /** How many signing callbacks took the alternating form so far. */
  private alternations = 0;

  set(spec: FaultsSpec): void {
    this.current = spec;
  }

  clear(): void {
    this.current = faultsSchema.parse({});
    this.alternations = 0;
  }

  /** The signing faults for one confirmation, counting each down. */
  takeSigningFaults(): AppliedSigningFaults {
    const applied: AppliedSigningFaults = {};
    for (const fault of [...this.current.signing]) {
      if (fault.kind === "late") {
        if (applied.lateSeconds !== undefined) continue;
        applied.lateSeconds = fault.delaySeconds;
      } else {
        if (applied[fault.kind]) continue;
        applied[fault.kind] = true;
      }
      this.countDown(this.current.signing, fault);
    }
    return applied;
  }

  /** The multipart form of the next signing callback: the forced one, else form-data and mixed in turn. */
  nextSigningForm(): "form-data" | "mixed" {
    const forced = this.current.signingCallbackForm;
    if (forced !== "alternate") return forced;
    return this.alternations++ % 2 === 0 ? "form-data" : "mixed";
  }

  /** The fault to apply to this call of `endpoint`, counting it down. */
  takeEndpointFault(endpoint: EndpointName): { kind: "error" | "hang"; status: number } | undefined {
    const fault = this.current.endpoints.find((f) => f.endpoint === endpoint);
    if (!fault) return undefined;
    this.countDown(this.current.endpoints, fault);
    return { kind: fault.kind, status: fault.status };
  }

  /** The callback faults of `kinds` for one delivery, counting each down. */
  takeCallbackFaults(kinds: readonly CallbackFaultKind[] = CALLBACK_FAULT_KINDS): AppliedCallbackFaults {
    const applied: AppliedCallbackFaults = {};
    for (const fault of [...this.current.callbacks]) {
      if (applied[fault.kind] || !kinds.includes(fault.kind)) continue;
      applied[fault.kind] = true;
      if (fault.kind === "delay") applied.delayMs = fault.delayMs;
      this.countDown(this.current.callbacks, fault);
    }
    return applied;
  }

  private countDown<T extends { remaining: number | null }>(list: T[], fault: T): void {
    if (fault.remaining === null) return;
    fault.remaining -= 1;
    if (fault.remaining === 0) list.splice(list.indexOf(fault), 1);
  }
}
