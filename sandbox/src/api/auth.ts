// Acquirer authentication (spec §1): acquirer token in the path → opaque session token living 2 hours.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { RequestHandler } from "express";
import { SandboxError } from "../errors.ts";
import type { SandboxContext } from "../state/context.ts";
import { hashToken } from "../state/persistent-store.ts";

const sameSecret = (a: string, b: string) => {
  const [x, y] = [Buffer.from(hashToken(a)), Buffer.from(hashToken(b))];
  return timingSafeEqual(x, y);
};

/** `GET /api/:version/auth/acquirer/:token` → `{token}`. */
export function issueSessionToken(ctx: SandboxContext): RequestHandler {
  return (req, res) => {
    const expectedBasic = ctx.config.authAcquirerToken;
    // SDKs disagree on this header (spec §1 [?]); it is only checked when the operator configured a value.
    if (expectedBasic && !sameSecret(req.get("authorization") ?? "", `Basic ${expectedBasic}`)) {
      throw new SandboxError("UNAUTHORIZED", "Invalid authorization credentials");
    }
    if (!sameSecret(String(req.params.token), ctx.store.acquirerToken)) {
      throw new SandboxError("UNAUTHORIZED", "Acquirer not found by the provided token");
    }
    const token = randomBytes(32).toString("base64url");
    const now = ctx.now().getTime();
    const { data } = ctx.store;
    data.sessions = data.sessions.filter((s) => Date.parse(s.expiresAt) > now);
    data.sessions.push({
      tokenHash: hashToken(token),
      expiresAt: new Date(now + ctx.config.sessionLifetimeMs).toISOString(),
    });
    ctx.store.save();
    res.json({ token });
  };
}

/** Guards every other partner call: `Authorization: Bearer <live session token>`. */
export function requireSession(ctx: SandboxContext): RequestHandler {
  return (req, _res, next) => {
    const match = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "");
    const tokenHash = match?.[1] ? hashToken(match[1]) : undefined;
    const session = ctx.store.data.sessions.find((s) => s.tokenHash === tokenHash);
    if (!session) throw new SandboxError("UNAUTHORIZED", "Unauthorized: missing or unknown session token");
    if (Date.parse(session.expiresAt) <= ctx.now().getTime()) {
      throw new SandboxError("UNAUTHORIZED", "Unauthorized: session token has expired");
    }
    next();
  };
}
