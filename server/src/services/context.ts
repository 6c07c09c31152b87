import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Clock } from "../lib/clock.ts";
import type { Store } from "../store/store.ts";

/** What every service gets: never a request or response object. */
export interface Services {
  store: Store;
  clock: Clock;
  log: Logger;
  config: Config;
}

export type Role = "teller" | "manager" | "admin";

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
  failed_logins: number;
  locked_until: Date | null;
  disabled: boolean;
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
