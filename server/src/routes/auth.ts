import { type Response, Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionCookieName, sessionOf } from "../http/middleware.ts";
import { changePassword, lockSession, login, logout, setPin, unlockSession } from "../services/auth.ts";
import type { PublicEmployee, Services } from "../services/context.ts";

const loginBody = z.object({ login: z.string().min(1).max(100), password: z.string().min(1).max(1000) });
const pinBody = z.object({ currentPassword: z.string().min(1).max(1000), pin: z.string().min(1).max(20) });
const unlockBody = z.object({ pin: z.string().min(1).max(20) });
const passwordBody = z.object({
  currentPassword: z.string().min(1).max(1000),
  newPassword: z.string().min(1).max(1000),
});

/**
 * `POST /api/auth/login` → `{employee, csrfToken}` and the session cookie; `POST /api/auth/logout`;
 * `POST /api/auth/password` (required first after a one-time password); `GET /api/me` → `{employee, csrfToken}`;
 * `PUT /api/auth/pin` (the unlock PIN), `POST /api/auth/lock` → `{pin}`, `POST /api/auth/unlock`.
 */
export function authRoutes(s: Services): Router {
  const r = Router();
  // The shape docs/api.md gives the web: the branch by name, so the teller's screen can always show it.
  const view = async (e: PublicEmployee, hasPin: boolean) => {
    const { rows } = await s.store.query<{ name: string; idle_lock_seconds: number }>(
      "SELECT name, idle_lock_seconds FROM branches WHERE id = $1",
      [e.branchId],
    );
    return {
      id: e.id,
      login: e.login,
      fullName: e.displayName,
      role: e.role,
      branch: {
        id: e.branchId,
        name: rows[0]?.name ?? "",
        idleLockSeconds: rows[0]?.idle_lock_seconds ?? 120,
      },
      mustChangePassword: e.mustChangePassword,
      hasPin,
    };
  };
  const cookie = (res: Response, secure: boolean, value: string, maxAgeMs?: number) =>
    res.cookie(sessionCookieName(secure), value, {
      httpOnly: true,
      sameSite: "strict",
      secure,
      path: "/",
      ...(maxAgeMs === undefined ? {} : { maxAge: maxAgeMs }),
    });

  r.post("/auth/login", async (req, res) => {
    const body = parse(loginBody, req.body);
    const { token, session } = await login(s, { ...body, ip: req.ip ?? "unknown" });
    cookie(res, req.secure, token, s.config.sessionMaxMs);
    res.json({ employee: await view(session.employee, session.hasPin), csrfToken: session.csrfToken });
  });

  r.post(
    "/auth/logout",
    requireSession(s, { allowPasswordChange: true, allowLocked: true }),
    async (req, res) => {
      await logout(s, sessionOf(res));
      cookie(res, req.secure, "", 0);
      res.json({ ok: true });
    },
  );

  r.post("/auth/password", requireSession(s, { allowPasswordChange: true }), async (req, res) => {
    const employee = await changePassword(s, sessionOf(res), parse(passwordBody, req.body));
    res.json({ employee: await view(employee, sessionOf(res).hasPin) });
  });

  r.put("/auth/pin", requireSession(s), async (req, res) => {
    await setPin(s, sessionOf(res), parse(pinBody, req.body));
    res.json({ ok: true });
  });

  r.post("/auth/lock", requireSession(s), async (req, res) => {
    const { pin } = await lockSession(s, sessionOf(res));
    if (!pin) cookie(res, req.secure, "", 0);
    res.json({ pin });
  });

  r.post("/auth/unlock", requireSession(s, { allowLocked: true }), async (req, res) => {
    const session = sessionOf(res);
    await unlockSession(s, session, parse(unlockBody, req.body).pin);
    res.json({ employee: await view(session.employee, session.hasPin), csrfToken: session.csrfToken });
  });

  r.get("/me", requireSession(s, { allowPasswordChange: true }), async (_req, res) => {
    const session = sessionOf(res);
    res.json({ employee: await view(session.employee, session.hasPin), csrfToken: session.csrfToken });
  });
  return r;
}
