// Every access rule of services/access.ts over role × owner × branch × time × deleted, each decision written out
// (not computed): a change of any rule shows up here as a changed row, to be reviewed as such. Then the edges the
// table cannot show — the window's last millisecond, the scope of manager lists, the areas — and the refusals as
// the HTTP errors they become.
import { describe, expect, it } from "vitest";
import { AppError } from "../src/errors.ts";
import {
  type Actor,
  type Area,
  branchScope,
  canEnter,
  canManageBranch,
  canReadDocuments,
  canReadRequest,
  canWriteRequest,
  type Decision,
  type RequestAccess,
  refuse,
} from "../src/services/access.ts";
import type { Role } from "../src/services/context.ts";

const BRANCH = "11111111-1111-4111-8111-111111111111";
const OTHER_BRANCH = "22222222-2222-4222-8222-222222222222";
const ME = "33333333-3333-4333-8333-333333333333";
const SOMEONE = "44444444-4444-4444-8444-444444444444";
const WINDOW = 30 * 60_000;
const CREATED = new Date("2026-12-01T09:00:00.000Z");
const at = (msAfterCreation: number) => ({
  now: new Date(CREATED.getTime() + msAfterCreation),
  tellerAccessMs: WINDOW,
});

type Row = [
  role: Role,
  owner: "self" | "other",
  branch: "same" | "other",
  time: "inside" | "outside",
  deleted: "no" | "yes",
  read: Decision,
  documents: Decision,
  write: Decision,
];

// The request is always of BRANCH; "branch: other" puts the employee in another branch (moved since, or a
// manager/admin elsewhere). "inside": 10 minutes after creation; "outside": 31 (the window is 30).
const TABLE: Row[] = [
  ["teller", "self", "same", "inside", "no", "allow", "allow", "allow"],
  ["teller", "self", "same", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["teller", "self", "same", "outside", "no", "allow", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "self", "same", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["teller", "self", "other", "inside", "no", "allow", "allow", "allow"],
  ["teller", "self", "other", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["teller", "self", "other", "outside", "no", "allow", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "self", "other", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["teller", "other", "same", "inside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "same", "inside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "same", "outside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "same", "outside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "other", "inside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "other", "inside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "other", "outside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["teller", "other", "other", "outside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["manager", "self", "same", "inside", "no", "allow", "allow", "allow"],
  ["manager", "self", "same", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "self", "same", "outside", "no", "allow", "allow", "allow"],
  ["manager", "self", "same", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "self", "other", "inside", "no", "allow", "allow", "allow"],
  ["manager", "self", "other", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "self", "other", "outside", "no", "allow", "NOT_FOUND", "NOT_FOUND"],
  ["manager", "self", "other", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "other", "same", "inside", "no", "allow", "allow", "FORBIDDEN"],
  ["manager", "other", "same", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "other", "same", "outside", "no", "allow", "allow", "FORBIDDEN"],
  ["manager", "other", "same", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["manager", "other", "other", "inside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["manager", "other", "other", "inside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["manager", "other", "other", "outside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["manager", "other", "other", "outside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["admin", "self", "same", "inside", "no", "allow", "allow", "allow"],
  ["admin", "self", "same", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "self", "same", "outside", "no", "allow", "allow", "allow"],
  ["admin", "self", "same", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "self", "other", "inside", "no", "allow", "allow", "allow"],
  ["admin", "self", "other", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "self", "other", "outside", "no", "allow", "NOT_FOUND", "NOT_FOUND"],
  ["admin", "self", "other", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "other", "same", "inside", "no", "allow", "allow", "FORBIDDEN"],
  ["admin", "other", "same", "inside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "other", "same", "outside", "no", "allow", "allow", "FORBIDDEN"],
  ["admin", "other", "same", "outside", "yes", "allow", "COPY_DELETED", "COPY_DELETED"],
  ["admin", "other", "other", "inside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["admin", "other", "other", "inside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["admin", "other", "other", "outside", "no", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
  ["admin", "other", "other", "outside", "yes", "NOT_FOUND", "NOT_FOUND", "NOT_FOUND"],
];

function caseOf([role, owner, branch, time, deleted]: Row): {
  actor: Actor;
  row: RequestAccess;
  clock: ReturnType<typeof at>;
} {
  return {
    actor: { id: ME, role, branchId: branch === "same" ? BRANCH : OTHER_BRANCH },
    row: {
      employee_id: owner === "self" ? ME : SOMEONE,
      branch_id: BRANCH,
      created_at: CREATED,
      deleted_at: deleted === "yes" ? new Date(CREATED.getTime() + 5 * 60_000) : null,
    },
    clock: at(time === "inside" ? 10 * 60_000 : 31 * 60_000),
  };
}

describe("request access: role × owner × branch × time × deleted", () => {
  it("the table covers every combination once", () => {
    const keys = new Set(TABLE.map((r) => r.slice(0, 5).join("/")));
    expect(keys.size).toBe(3 * 2 * 2 * 2 * 2);
    expect(TABLE).toHaveLength(keys.size);
  });

  it.each(TABLE)(
    "%s, owner %s, branch %s, %s the window, deleted %s → read %s, documents %s, write %s",
    (...r) => {
      const row = r as Row;
      const { actor, row: request, clock } = caseOf(row);
      expect({
        read: canReadRequest(actor, request),
        documents: canReadDocuments(actor, request, clock),
        write: canWriteRequest(actor, request, clock),
      }).toEqual({ read: row[5], documents: row[6], write: row[7] });
    },
  );
});

describe("the teller window's edge", () => {
  const teller: Actor = { id: ME, role: "teller", branchId: BRANCH };
  const request: RequestAccess = {
    employee_id: ME,
    branch_id: BRANCH,
    created_at: CREATED,
    deleted_at: null,
  };
  it("its last millisecond is inside, the next is outside, for reading and for writing", () => {
    expect(canReadDocuments(teller, request, at(WINDOW))).toBe("allow");
    expect(canWriteRequest(teller, request, at(WINDOW))).toBe("allow");
    expect(canReadDocuments(teller, request, at(WINDOW + 1))).toBe("NOT_FOUND");
    expect(canWriteRequest(teller, request, at(WINDOW + 1))).toBe("NOT_FOUND");
  });
  it("the request itself stays readable after it", () => {
    expect(canReadRequest(teller, request)).toBe("allow");
  });
});

describe("manager lists and lookups", () => {
  const actor = (role: Role): Actor => ({ id: ME, role, branchId: BRANCH });
  it("branchScope: a manager's own branch, every branch (null) for an admin, FORBIDDEN for a teller", () => {
    expect(branchScope(actor("manager"))).toBe(BRANCH);
    expect(branchScope(actor("admin"))).toBeNull();
    expect(() => branchScope(actor("teller"))).toThrow(
      expect.objectContaining({ code: "FORBIDDEN", status: 403 }),
    );
  });
  it.each([
    ["teller", "same", "FORBIDDEN"],
    ["teller", "other", "FORBIDDEN"],
    ["manager", "same", "allow"],
    ["manager", "other", "NOT_FOUND"],
    ["admin", "same", "allow"],
    ["admin", "other", "allow"],
  ] as const)("canManageBranch: %s, %s branch → %s", (role, branch, decision) => {
    expect(canManageBranch(actor(role), branch === "same" ? BRANCH : OTHER_BRANCH)).toBe(decision);
  });
  it.each([
    ["teller", "counter", "allow"],
    ["teller", "manage", "FORBIDDEN"],
    ["teller", "admin", "FORBIDDEN"],
    ["manager", "counter", "allow"],
    ["manager", "manage", "allow"],
    ["manager", "admin", "FORBIDDEN"],
    ["admin", "counter", "allow"],
    ["admin", "manage", "allow"],
    ["admin", "admin", "allow"],
  ] as const)("canEnter: %s into %s → %s", (role, area: Area, decision) => {
    expect(canEnter(actor(role), area)).toBe(decision);
  });
});

describe("refuse", () => {
  const thrown = (d: Decision, notFound?: string) => {
    try {
      refuse(d, notFound);
    } catch (e) {
      return e;
    }
    return undefined;
  };
  it("allow passes; each refusal is its typed AppError with the documented status", () => {
    expect(thrown("allow")).toBeUndefined();
    const notFound = thrown("NOT_FOUND", "Запит не знайдено");
    expect(notFound).toBeInstanceOf(AppError);
    expect(notFound).toMatchObject({ code: "NOT_FOUND", status: 404, message: "Запит не знайдено" });
    expect(thrown("COPY_DELETED")).toMatchObject({ code: "COPY_DELETED", status: 409 });
    expect(thrown("FORBIDDEN")).toMatchObject({ code: "FORBIDDEN", status: 403 });
  });
});
