// A real HTTP server standing in for Diia in client tests: records every request as received and answers from a
// handler the test controls.
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { BranchInput } from "../../src/index.ts";

export interface Received {
  method: string;
  /** Path with query, as it arrived. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status?: number;
  /** Objects are sent as JSON, strings as they are. */
  body?: unknown;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Send headers, then stall the body forever. */
  stallBody?: boolean;
}

export type Handler = (request: Received, index: number) => Reply | Promise<Reply>;

export const ACQUIRER_TOKEN = "acq-5f0c2e9a7d1b4c3e8f6a0b2d4c6e8f1a3b5d7c9e";
export const AUTH_ACQUIRER_TOKEN = "basic-9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d";

/** Session tokens handed out by the default auth route: `session-1-…`, `session-2-…`, recognisable and long. */
export const sessionToken = (n: number) => `session-${n}-${"s3cr3t".repeat(8)}`;

export interface FakeDiia {
  url: string;
  received: Received[];
  /** Requests other than the auth call. */
  calls(): Received[];
  /** How many times the auth endpoint was called. */
  authCalls(): number;
  /** Answers requests with `handler`; with `auth: true` the auth calls too (else they get numbered tokens). */
  handle(handler: Handler, options?: { auth?: boolean }): void;
  close(): Promise<void>;
}

/** A branch that passes every client-side limit. */
export const sampleBranch: BranchInput = {
  name: "Відділення 1",
  email: "branch@bank.ua",
  region: "Київська",
  district: "Шевченківський",
  location: "Київ",
  street: "Хрещатик",
  house: "1",
  customFullName: "АТ Банк",
  customFullAddress: "м. Київ, вул. Хрещатик, 1",
  deliveryTypes: ["api"],
  offerRequestType: "dynamic",
  scopes: { sharing: ["passport", "taxpayer-card"], documentIdentification: ["internal-passport"] },
};

export const isAuth = (r: Received) => r.url.startsWith("/api/v1/auth/acquirer/");

/** Starts the fake; by default auth answers a fresh session token and everything else 404. */
export async function startFakeDiia(): Promise<FakeDiia> {
  const received: Received[] = [];
  let authCount = 0;
  let handler: Handler = () => ({ status: 404, body: { name: "Error", message: "Not found", code: 404 } });
  const hanging = new Set<ServerResponse>();

  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const request: Received = {
      method: req.method ?? "",
      url: req.url ?? "",
      headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8"),
    };
    received.push(request);
    const reply = isAuth(request)
      ? await authOrHandler(request)
      : await handler(request, received.length - 1);
    if (reply.hang) {
      hanging.add(res);
      return;
    }
    const status = reply.status ?? 200;
    const text =
      reply.body === undefined
        ? ""
        : typeof reply.body === "string"
          ? reply.body
          : JSON.stringify(reply.body);
    res.writeHead(status, { "content-type": "application/json" });
    if (reply.stallBody) {
      res.write(text.slice(0, 1));
      hanging.add(res);
      return;
    }
    res.end(text);
  });

  // Tests override auth by answering auth URLs in their handler; otherwise hand out numbered tokens.
  let authOverridden = false;
  async function authOrHandler(request: Received): Promise<Reply> {
    authCount++;
    if (authOverridden) return handler(request, received.length - 1);
    return { body: { token: sessionToken(authCount) } };
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    calls: () => received.filter((r) => !isAuth(r)),
    authCalls: () => authCount,
    handle(next, options) {
      handler = next;
      authOverridden = options?.auth ?? false;
    },
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
