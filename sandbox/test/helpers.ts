// Test helpers: a sandbox on port 0 in a temporary data dir, and calls made the way the official SDKs make them.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inject } from "vitest";
import { createSandbox, type Sandbox, type SandboxConfigInput } from "../src/index.ts";

export type TestSandbox = Sandbox & { dataDir: string; close: () => Promise<void> };

export async function startSandbox(overrides: SandboxConfigInput = {}): Promise<TestSandbox> {
  const dataDir = overrides.dataDir ?? mkdtempSync(join(tmpdir(), "stiika-sandbox-"));
  const sandbox = await createSandbox({
    port: 0,
    dataDir,
    pkiDir: inject("pkiDir"),
    retryDelaysMs: [50, 100, 200],
    ...overrides,
  });
  return {
    ...sandbox,
    dataDir,
    close: async () => {
      await sandbox.stop();
      if (!overrides.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// biome-ignore lint/suspicious/noExplicitAny: replies are JSON inspected field by field in assertions
export type Reply = { status: number; body: any; headers: Headers };

/** One partner-API call with the SDKs' headers (spec §1): Bearer session, JSON in and out. */
export async function call(
  sandbox: Sandbox,
  method: string,
  path: string,
  options: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const headers: Record<string, string> = {
    Accept: method === "DELETE" ? "*/*" : "application/json",
    ...(options.token ? { Authorization: `Bearer ${options.token}` } : {}),
    ...(options.body !== undefined ? { "Content-Type": "application/json; charset=utf-8" } : {}),
    ...options.headers,
  };
  const response = await fetch(`${sandbox.url}${path}`, {
    method,
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined, headers: response.headers };
}

export async function sessionToken(sandbox: Sandbox): Promise<string> {
  const reply = await call(sandbox, "GET", `/api/v1/auth/acquirer/${sandbox.state.store.acquirerToken}`);
  if (reply.status !== 200) throw new Error(`auth failed: ${reply.status}`);
  return reply.body.token;
}

/** A branch exactly like the JAVA SDK's stub, scoped as given. */
export function branchBody(scopes: Record<string, string[]> = {}) {
  return {
    name: "Відділення 1",
    email: "branch@example.com",
    region: "Київська обл.",
    district: "Києво-Святошинський р-н",
    location: "м. Вишневе",
    street: "вул. Святошинська",
    house: "2",
    customFullName: "АТ «Демо Банк»",
    customFullAddress: "Київська обл., м. Вишневе, вул. Святошинська, 2",
    deliveryTypes: ["api"],
    offerRequestType: "dynamic",
    scopes: {
      sharing: ["passport", "taxpayer-card"],
      identification: [],
      documentIdentification: [],
      ...scopes,
    },
  };
}

export async function control(
  sandbox: Sandbox,
  method: string,
  path: string,
  body?: unknown,
): Promise<Reply> {
  return call(sandbox, method, `/control/api${path}`, { body });
}

/** Polls until `check` returns a value (or fails after `timeoutMs`). */
export async function waitFor<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error("waitFor: timed out");
    await new Promise((r) => setTimeout(r, 20));
  }
}
