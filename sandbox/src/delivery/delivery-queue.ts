// Deliveries of approved consents to the partner's callback, with retries and the callback faults. Every attempt
// is kept (status, duration, error) for the control API.
import { randomUUID } from "node:crypto";
import type { Consent } from "../state/consents.ts";
import type { AppliedCallbackFaults, Faults } from "../state/faults.ts";
import { type CallbackPart, sendCallback } from "./send-callback.ts";

export type PreparedPayload = { parts: CallbackPart[]; documents: { type: string; fileName: string }[] };
export type PreparePayload = (
  consent: Consent,
  options: { wrongKey: boolean; tamperSignature: boolean },
) => Promise<PreparedPayload>;

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
  now: () => Date;
  log: (line: string) => void;
};

export class DeliveryQueue {
  private readonly deliveries = new Map<string, Delivery>();
  private readonly payloads = new Map<string, PreparedPayload>();
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

  /** Starts delivering an approved consent; preparing (PDF, signing, encryption) runs in the background. */
  enqueue(consent: Consent): Delivery {
    const faults = this.options.faults.takeCallbackFaults();
    const delivery: Delivery = {
      id: randomUUID(),
      consentId: consent.id,
      flow: consent.flow,
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
    try {
      const payload = await this.options.prepare(consent, {
        wrongKey: faults["wrong-key"] === true,
        tamperSignature: faults["tamper-signature"] === true,
      });
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
    this.abort.abort();
  }
}
