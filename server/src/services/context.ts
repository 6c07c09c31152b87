import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { DiiaLink } from "../diia/connect.ts";
import type { Clock } from "../lib/clock.ts";
import type { UnwrapPool } from "../lib/unwrap-pool.ts";
import type { Store } from "../store/store.ts";
import type { ChangeHub } from "./changes.ts";
import type { RevocationChecker } from "./revocation.ts";

/** Diia as far as it is connected: both stay undefined until the link is up (the sandbox may start later). */
export interface DiiaState {
  link: DiiaLink | undefined;
  pool: UnwrapPool | undefined;
}

/** What every service gets: never a request or response object. */
export interface Services {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
  /** AES-256 key sealing documents at rest. */
  dataKey: Buffer;
  diia: DiiaState;
  changes: ChangeHub;
  /** Whether Diia's signing certificate is still valid (OCSP, then the CRL), cached until each answer's nextUpdate. */
  revocation: RevocationChecker;
}

import type { Role } from "@stiika/api";

export type { Role };

/** An employee as the API shows them (no hash, no counters). */
export interface PublicEmployee {
  id: string;
  login: string;
  displayName: string;
  role: Role;
  branchId: string;
  mustChangePassword: boolean;
}

export interface EmployeeRow {
  id: string;
  login: string;
  display_name: string;
  role: Role;
  branch_id: string;
  password_hash: string;
  must_change_password: boolean;
  disabled: boolean;
  pin_hash: string | null;
}

export function publicEmployee(row: EmployeeRow): PublicEmployee {
  return {
    id: row.id,
    login: row.login,
    displayName: row.display_name,
    role: row.role,
    branchId: row.branch_id,
    mustChangePassword: row.must_change_password,
  };
}
