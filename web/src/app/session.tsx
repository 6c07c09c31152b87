/**
 * The teller's lock: after the idle timeout (or the lock button, or a session the server ended) every teller
 * screen unmounts — the camera stops — the query cache is cleared, PDF object URLs revoked, and a waiting app
 * update applied. With an unlock PIN the server session stays, locked (it answers nothing until the PIN reopens
 * it); without one it is ended. The employee's login and name stay in memory for the lock screen, and the
 * questionnaire typed so far (questionnaire/lib/draft.ts) for after the unlock; signing out drops both.
 *
 * @example
 * const { locked, lock, unlock } = useLock();
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { Session } from "../features/auth/api/get-me.ts";
import { logout } from "../features/auth/api/logout.ts";
import { lockScreen } from "../features/auth/api/pin.ts";
import { authKeys } from "../features/auth/query-keys.ts";
import { dropDraft } from "../features/questionnaire/lib/draft.ts";
import { onUnauthenticated } from "../lib/api-client.ts";
import { revokeAllObjectUrls } from "../lib/object-urls.ts";
import { applyUpdate } from "./pwa.ts";

type LockedEmployee = { login: string; fullName: string; pin: boolean };

const LockContext = createContext<{
  locked: LockedEmployee | null;
  lock: () => void;
  unlock: () => void;
  signOut: () => Promise<void>;
}>({ locked: null, lock: () => {}, unlock: () => {}, signOut: async () => {} });

export function LockProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [locked, setLocked] = useState<LockedEmployee | null>(null);

  const wipe = useCallback(() => {
    queryClient.cancelQueries();
    queryClient.clear();
    revokeAllObjectUrls();
  }, [queryClient]);

  const lock = useCallback(() => {
    const me = queryClient.getQueryData<Session>(authKeys.me());
    if (!me) return; // nobody signed in: the login screen is already what shows
    const pin = me.employee.hasPin;
    setLocked({ login: me.employee.login, fullName: me.employee.fullName, pin });
    wipe();
    // The session may already be gone; locally the screen is locked either way (a PIN that then fails to unlock
    // falls back to the password).
    void (pin ? lockScreen() : logout()).catch(() => {});
    applyUpdate();
  }, [queryClient, wipe]);

  const signOut = useCallback(async () => {
    await logout().catch(() => {});
    wipe();
    dropDraft(); // a lock keeps the typed questionnaire for the same employee; signing out does not
    setLocked(null);
  }, [wipe]);

  // The server ended the session (idle, max age): lock rather than drop the teller on a blank login.
  useEffect(
    () =>
      onUnauthenticated((error) => {
        if (["UNAUTHENTICATED", "SESSION_EXPIRED", "SESSION_LOCKED"].includes(error.code)) lock();
      }),
    [lock],
  );

  const unlock = useCallback(() => setLocked(null), []);
  return <LockContext value={{ locked, lock, unlock, signOut }}>{children}</LockContext>;
}

export function useLock() {
  return useContext(LockContext);
}
