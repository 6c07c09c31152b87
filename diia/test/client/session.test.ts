// Session-token handling: one fetch shared by concurrent callers, cached until 5 minutes before the 2 h lifetime
// (driven by a fake clock), and refreshed once when Diia answers 401.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDiiaClient, DiiaApiError, type DiiaClient } from "../../src/index.ts";
import { ACQUIRER_TOKEN, type FakeDiia, isAuth, sessionToken, startFakeDiia } from "./fake-diia.ts";

const MINUTE = 60_000;
const BRANCH_ID = "d".repeat(24);

let diia: FakeDiia;
let client: DiiaClient;
let clock: number;

beforeEach(async () => {
  diia = await startFakeDiia();
  clock = Date.UTC(2026, 10, 23, 9, 0);
  client = createDiiaClient({
    baseUrl: diia.url,
    acquirerToken: ACQUIRER_TOKEN,
    now: () => clock,
    retryBaseDelayMs: 1,
  });
  diia.handle(() => ({ body: { total: 0, branches: [] } }));
});
afterEach(() => diia.close());

const bearers = () => diia.calls().map((c) => c.headers.authorization);

describe("session token cache", () => {
  it("when 20 calls start together, then one token fetch serves them all", async () => {
    await Promise.all(Array.from({ length: 20 }, () => client.branches.list()));
    expect(diia.authCalls()).toBe(1);
    expect(new Set(bearers())).toEqual(new Set([`Bearer ${sessionToken(1)}`]));
    expect(diia.calls()).toHaveLength(20);
  });

  it("when the token is 1 h 54 min old, then it is reused; at 1 h 55 min it is refreshed", async () => {
    await client.branches.list();
    clock += 114 * MINUTE;
    await client.branches.list();
    expect(diia.authCalls()).toBe(1);
    clock += 1 * MINUTE;
    await client.branches.list();
    expect(diia.authCalls()).toBe(2);
    expect(bearers()).toEqual([sessionToken(1), sessionToken(1), sessionToken(2)].map((t) => `Bearer ${t}`));
  });

  it("when the cached token expires under concurrent callers, then still only one refresh happens", async () => {
    await client.branches.list();
    clock += 3 * 60 * MINUTE;
    await Promise.all(Array.from({ length: 5 }, () => client.branches.list()));
    expect(diia.authCalls()).toBe(2);
    expect(bearers().slice(1)).toEqual(Array(5).fill(`Bearer ${sessionToken(2)}`));
  });

  it("when concurrent calls all get 401 for the same token, then they share one refresh and each retries once", async () => {
    await client.branches.list();
    diia.handle((r) =>
      r.headers.authorization === `Bearer ${sessionToken(1)}`
        ? { status: 401 }
        : { body: { total: 1, branches: [] } },
    );
    const results = await Promise.all(Array.from({ length: 4 }, () => client.branches.list()));
    expect(results).toEqual(Array(4).fill({ total: 1, branches: [] }));
    expect(diia.authCalls()).toBe(2);
    expect(bearers().filter((b) => b === `Bearer ${sessionToken(2)}`)).toHaveLength(4);
  });

  it("when the token fetch fails, then nothing is cached and the next call fetches again", async () => {
    let auths = 0;
    diia.handle(
      (r) =>
        isAuth(r)
          ? ++auths === 1
            ? { status: 400, body: { name: "Error", message: "Bad", code: 400 } }
            : { body: { token: sessionToken(7) } }
          : { body: { _id: BRANCH_ID } },
      { auth: true },
    );
    const error = await client.branches.delete(BRANCH_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DiiaApiError);
    expect((error as DiiaApiError).code).toBe("HTTP_ERROR");
    expect(diia.calls()).toHaveLength(0);
    await expect(client.branches.delete(BRANCH_ID)).resolves.toBeUndefined();
    expect(auths).toBe(2);
    expect(bearers()).toEqual([`Bearer ${sessionToken(7)}`]);
  });
});
