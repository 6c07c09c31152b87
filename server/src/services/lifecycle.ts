/**
 * The one owner of a request's lifecycle: every change of a request's state goes through `lifecycle(s, fn)`,
 * which knows the allowed transitions, locks the row, bumps `version`, writes the audit entry in the same
 * transaction and NOTIFYs `request_changed` only after the commit. The table in server/README.md says the same.
 *
 * @example
 * await lifecycle(s, (tx, life) => life.move(id, "cancelled", { reason: "CANCELLED", actorId, action: "request.cancel" }));
 */
import { AppError } from "../errors.ts";
import type { Queryable } from "../store/store.ts";
import { type AuditAction, type AuditEntry, appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";
import type { ReasonCode, RequestStatus } from "./requests.ts";

/** A request's state: its status, or `deleted` once a manager deleted the copy (the status is kept for stats). */
export type RequestState = RequestStatus | "deleted";

/**
 * Allowed transitions. Cancelled, expired, declined and deleted are final. A failed request may still become
 * received (Diia did act on a request our side gave up on) — the delivery code checks it is within its life.
 */
export const TRANSITIONS: Record<RequestState, readonly RequestState[]> = {
  waiting: ["received", "failed", "declined", "expired", "cancelled"],
  failed: ["received", "deleted"],
  received: ["deleted"],
  declined: ["deleted"],
  expired: ["deleted"],
  cancelled: ["deleted"],
  deleted: [],
};

export interface LockedRequest {
  id: string;
  status: RequestStatus;
  state: RequestState;
  reason: ReasonCode | null;
  expiresAt: Date;
  closedAt: Date | null;
}

export interface MoveOptions {
  reason?: ReasonCode | null;
  /** Deleted only: why (a DeleteReason). */
  deletedReason?: string;
  actorId?: string | null;
  action: AuditAction;
  details?: AuditEntry["details"];
}

export interface Life {
  /** Locks the row (FOR UPDATE) and reads its state; undefined when there is no such request. */
  lock(id: string): Promise<LockedRequest | undefined>;
  /** Moves to `to` when the transition is allowed from its current state; false (nothing written) otherwise. */
  move(id: string, to: RequestState, opts: MoveOptions): Promise<boolean>;
  /** A change that is not a state change (deeplink, polling, documents attached): version bump and notify. */
  touch(id: string, set: string, params: unknown[], onlyIf?: RequestStatus): Promise<boolean>;
}

const stateOf = (r: { status: RequestStatus; deleted_at: Date | null }): RequestState =>
  r.deleted_at ? "deleted" : r.status;

/** Runs `fn` in one transaction; the requests it changed are announced after the commit. */
export async function lifecycle<T>(s: Services, fn: (tx: Queryable, life: Life) => Promise<T>): Promise<T> {
  const changed = new Set<string>();
  const result = await s.store.transaction((tx) => {
    const now = s.clock();
    const life: Life = {
      async lock(id) {
        const r = (
          await tx.query<{
            id: string;
            status: RequestStatus;
            reason: ReasonCode | null;
            expires_at: Date;
            closed_at: Date | null;
            deleted_at: Date | null;
          }>(
            "SELECT id, status, reason, expires_at, closed_at, deleted_at FROM requests WHERE id = $1 FOR UPDATE",
            [id],
          )
        ).rows[0];
        if (!r) return undefined;
        return {
          id: r.id,
          status: r.status,
          state: stateOf(r),
          reason: r.reason,
          expiresAt: r.expires_at,
          closedAt: r.closed_at,
        };
      },
      async move(id, to, opts) {
        const current = await life.lock(id);
        if (!current) throw new AppError("NOT_FOUND", "Запит не знайдено");
        if (!TRANSITIONS[current.state].includes(to)) return false;
        if (to === "deleted") {
          await tx.query(
            `UPDATE requests SET deleted_at = $2, deleted_reason = $3, polling = false, version = version + 1,
               updated_at = $2 WHERE id = $1`,
            [id, now, opts.deletedReason ?? null],
          );
        } else {
          const final = to !== "failed";
          await tx.query(
            `UPDATE requests SET status = $2, reason = $3, polling = false, version = version + 1, updated_at = $4,
               closed_at = CASE WHEN $5::boolean THEN $4 ELSE closed_at END
             WHERE id = $1`,
            [id, to, opts.reason ?? null, now, final],
          );
        }
        await appendAudit(tx, now, {
          actorId: opts.actorId ?? null,
          action: opts.action,
          subjectType: "request",
          subjectId: id,
          details: {
            from: current.state,
            to,
            ...(opts.reason ? { reason: opts.reason } : {}),
            ...opts.details,
          },
        });
        changed.add(id);
        return true;
      },
      async touch(id, set, params, onlyIf) {
        const r = await tx.query(
          `UPDATE requests SET ${set}, version = version + 1, updated_at = $${params.length + 2}
           WHERE id = $1 ${onlyIf ? `AND status = '${onlyIf}' AND deleted_at IS NULL` : ""}`,
          [id, ...params, now],
        );
        if (r.rowCount > 0) changed.add(id);
        return r.rowCount > 0;
      },
    };
    return fn(tx, life);
  });
  for (const id of changed) await s.changes.publish(id);
  return result;
}
