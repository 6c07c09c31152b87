// Deliveries of approved consents to the partner's callback, with retries and the callback faults. Every attempt
// is kept (status, duration, error) for the control API. A pending consent's payload is prepared ahead, while the
// citizen reads the prompt (as Diia could), so approving only has to send it.
import { randomUUID } from "node:crypto";
import type { Consent } from "../state/consents.ts";
import { type AppliedCallbackFaults, type Faults, SIGNING_CALLBACK_FAULT_KINDS } from "../state/faults.ts";
import { type CallbackForm, type CallbackPart, sendCallback } from "./send-callback.ts";

export type PreparedPayload = {
  parts: CallbackPart[];
  documents: { type: string; fileName: string }[];
  /** Default form-data (sharing); a signing callback's form is chosen when it is signed. */
  form?: CallbackForm;
  headers?: Record<string, string>;
};
export type EnvelopeFaults = { wrongKey: boolean; tamperSignature: boolean };
export type PreparePayload = (consent: Consent, options: EnvelopeFaults) => Promise<PreparedPayload>;

const NO_ENVELOPE_FAULTS: EnvelopeFaults = { wrongKey: false, tamperSignature: false };

export type Attempt = {
  n: number;
  startedAt: string;
  ms: number;
  status: number | null;
  ok: boolean;
  error: string | null;
  /** The second send of a "duplicate" fault. */
  duplicate: boolean;
};

export type DeliveryStatus =
  | "preparing"
  | "scheduled"
  | "held"
  | "sending"
  | "retrying"
  | "delivered"
  | "failed"
  | "dropped";

export type Delivery = {
  id: string;
  consentId: string;
  flow: Consent["flow"];
  /** What the callback carries: shared documents, or Дія.Підпис signatures (`X-Diia-Id-Action`). */
  action: "sharing" | "hashedFilesSigning";
  requestId: string;
  callbackUrl: string;
  status: DeliveryStatus;
  createdAt: string;
  faults: AppliedCallbackFaults;
  documents: { type: string; fileName: string }[];
  attempts: Attempt[];
  nextAttemptAt: string | null;
  /** Why preparing failed, or why the last attempt failed. */
  error: string | null;
};

export type DeliveryQueueOptions = {
  callbackUrl: string;
  retryDelaysMs: readonly number[];
  callbackTimeoutMs: number;
  faults: Faults;
  prepare: PreparePayload;
  /** How many payloads prepared ahead are kept at most; the oldest is dropped first. Default 16. */
  preparedLimit?: number;
  now: () => Date;
  log: (line: string) => void;
};

export class DeliveryQueue {
  private readonly deliveries = new Map<string, Delivery>();
  private readonly payloads = new Map<string, PreparedPayload>();
  /** Payloads prepared (or being prepared) ahead, by consent id, oldest first. */
  private readonly ahead = new Map<string, { payload: Promise<PreparedPayload>; dropped: boolean }>();
  private held: string[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private abort = new AbortController();

  constructor(private readonly options: DeliveryQueueOptions) {}

  list(): Delivery[] {
    return [...this.deliveries.values()];
  }

  get(id: string): Delivery | undefined {
    return this.deliveries.get(id);
  }

  /**
   * Starts preparing a pending consent's payload (PDFs, signing, encryption: nothing depends on the decision) for
   * when the citizen approves. It starts on the next turn of the event loop, so the partner's request that made
   * the consent is answered first. A failure here only means approving prepares again.
   */
  prepareAhead(consent: Consent): void {
    if (this.ahead.has(consent.id)) return;
    const entry = { dropped: false } as { payload: Promise<PreparedPayload>; dropped: boolean };
    entry.payload = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      // Declined, evicted or reset before it started: skip the work.
      if (entry.dropped) throw new Error("dropped before it started");
      return this.options.prepare(consent, NO_ENVELOPE_FAULTS);
    });
    entry.payload.catch(() => {});
    this.ahead.set(consent.id, entry);
    const limit = this.options.preparedLimit ?? 16;
    for (const id of this.ahead.keys()) {
      if (this.ahead.size <= limit) break;
      this.discard(id);
    }
  }

  /** Forgets what was prepared for a consent that will not be delivered (declined). */
  discard(consentId: string): void {
    const entry = this.ahead.get(consentId);
    if (entry) entry.dropped = true;
    this.ahead.delete(consentId);
  }

  /**
   * Starts delivering an approved consent, with the payload prepared ahead when there is one. `delayMs` holds the
   * first attempt back (a signing request's late fault) on top of any delay fault.
   */
  enqueue(consent: Consent, extra: { delayMs?: number } = {}): Delivery {
    const faults = consent.signing
      ? this.options.faults.takeCallbackFaults(SIGNING_CALLBACK_FAULT_KINDS)
      : this.options.faults.takeCallbackFaults();
    if (extra.delayMs !== undefined) {
      faults.delay = true;
      faults.delayMs = (faults.delayMs ?? 0) + extra.delayMs;
    }
    const delivery: Delivery = {
      id: randomUUID(),
      consentId: consent.id,
      flow: consent.flow,
      action: consent.signing ? "hashedFilesSigning" : "sharing",
      requestId: consent.requestId,
      callbackUrl: this.options.callbackUrl,
      status: "preparing",
      createdAt: this.options.now().toISOString(),
      faults,
      documents: [],
      attempts: [],
      nextAttemptAt: null,
      error: null,
    };
    this.deliveries.set(delivery.id, delivery);
    void this.prepare(delivery, consent);
    return delivery;
  }

  private async prepare(delivery: Delivery, consent: Consent): Promise<void> {
    const { faults } = delivery;
    const options: EnvelopeFaults = {
      wrongKey: faults["wrong-key"] === true,
      tamperSignature: faults["tamper-signature"] === true,
    };
    // Taken, not dropped: an approval in the same turn as the request still gets it.
    const ahead = this.ahead.get(consent.id)?.payload;
    this.ahead.delete(consent.id);
    try {
      // The faults decided at approval that change the envelope need one made for them.
      const payload =
        ahead && !options.wrongKey && !options.tamperSignature
          ? await ahead.catch((error: Error) => {
              this.options.log(
                `delivery ${delivery.id}: preparing ahead failed (${error.message}), again now`,
              );
              return this.options.prepare(consent, options);
            })
          : await this.options.prepare(consent, options);
      this.payloads.set(delivery.id, payload);
      delivery.documents = payload.documents;
    } catch (error) {
      delivery.status = "failed";
      delivery.error = `could not prepare the delivery: ${(error as Error).message}`;
      this.options.log(`delivery ${delivery.id}: ${delivery.error}`);
      return;
    }
    if (this.abort.signal.aborted || !this.deliveries.has(delivery.id)) return;
    if (faults.drop) {
      delivery.status = "dropped";
      this.payloads.delete(delivery.id);
      return;
    }
    if (faults.hold) {
      delivery.status = "held";
      this.held.push(delivery.id);
      return;
    }
    this.schedule(delivery, 1, faults.delayMs ?? 0);
  }

  /**
   * Sends every held delivery, in reverse order by default (the out-of-order fault), waiting for each first
   * attempt so the partner receives them in exactly that order.
   */
  async release(order: "reverse" | "fifo" = "reverse"): Promise<Delivery[]> {
    const ids = order === "reverse" ? [...this.held].reverse() : [...this.held];
    this.held = [];
    const released: Delivery[] = [];
    for (const id of ids) {
      const delivery = this.deliveries.get(id);
      if (!delivery) continue;
      released.push(delivery);
      await this.attempt(delivery, 1);
    }
    return released;
  }

  private schedule(delivery: Delivery, n: number, delayMs: number): void {
    delivery.status = n === 1 ? "scheduled" : "retrying";
    delivery.nextAttemptAt = new Date(this.options.now().getTime() + delayMs).toISOString();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void this.attempt(delivery, n);
    }, delayMs);
    this.timers.add(timer);
  }

  private async attempt(delivery: Delivery, n: number): Promise<void> {
    const payload = this.payloads.get(delivery.id);
    if (!payload || this.abort.signal.aborted) return;
    delivery.status = "sending";
    delivery.nextAttemptAt = null;
    const ok = await this.send(delivery, payload, n, false);
    // A reset or stop while the request was in flight: this delivery is over.
    if (!this.deliveries.has(delivery.id) || this.abort.signal.aborted) return;
    if (ok) {
      // A duplicated callback is the same request sent again after the first was accepted.
      if (delivery.faults.duplicate) await this.send(delivery, payload, n, true);
      delivery.status = "delivered";
      delivery.error = null;
      this.payloads.delete(delivery.id);
      return;
    }
    const delay = this.options.retryDelaysMs[n - 1];
    if (delay === undefined) {
      delivery.status = "failed";
      this.payloads.delete(delivery.id);
      this.options.log(`delivery ${delivery.id}: gave up after ${n} attempts`);
      return;
    }
    this.schedule(delivery, n + 1, delay);
  }

  private async send(delivery: Delivery, payload: PreparedPayload, n: number, duplicate: boolean) {
    const startedAt = this.options.now().toISOString();
    const { signal } = this.abort;
    const result = await sendCallback({
      url: delivery.callbackUrl,
      requestId: delivery.requestId,
      parts: payload.parts,
      ...(payload.form ? { form: payload.form } : {}),
      ...(payload.headers ? { headers: payload.headers } : {}),
      timeoutMs: this.options.callbackTimeoutMs,
      signal,
    });
    if (signal.aborted) return false;
    delivery.attempts.push({ n, startedAt, duplicate, ...result });
    delivery.error = result.error;
    return result.ok;
  }

  /** Forgets every delivery and cancels pending sends (control "reset"). */
  clear(): void {
    this.stop();
    this.abort = new AbortController();
    this.deliveries.clear();
    this.payloads.clear();
    this.held = [];
  }

  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const id of [...this.ahead.keys()]) this.discard(id);
    this.abort.abort();
  }
}
