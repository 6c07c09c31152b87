// Everything a request handler or the delivery worker needs, created once per sandbox by `createSandbox`.

import type { Citizen } from "../citizens/citizens.ts";
import type { SandboxConfig } from "../config.ts";
import type { DeliveryQueue } from "../delivery/delivery-queue.ts";
import type { SandboxPki } from "../delivery/sandbox-pki.ts";
import type { CodeRegistry } from "./codes.ts";
import type { ConsentStore } from "./consents.ts";
import type { Faults } from "./faults.ts";
import type { PersistentStore } from "./persistent-store.ts";

export type SandboxContext = {
  config: SandboxConfig;
  store: PersistentStore;
  codes: CodeRegistry;
  consents: ConsentStore;
  faults: Faults;
  deliveries: DeliveryQueue;
  citizens: readonly Citizen[];
  now: () => Date;
  pki: SandboxPki;
};
