/**
 * The teller's lock: after the idle timeout (or the lock button, or a session the server ended) every teller
 * screen unmounts — the camera stops, forms are dropped — the query cache is cleared, PDF object URLs revoked, the
 * server session ended, and a waiting app update applied. Only the employee's login and name stay in memory, for
 * the lock screen's re-login.
 *
 * @example
 * const { locked, lock, unlock } = useLock();
 */
import { useQueryClient } from "@tanstack/react-query";
import { createContext, type ReactNode, useCallback, useContext, useEffect, useState } from "react";
import type { Session } from "../features/auth/api/get-me.ts";
import { logout } from "../features/auth/api/logout.ts";
import { authKeys } from "../features/auth/query-keys.ts";
import { dropDraft } from "../features/questionnaire/lib/draft.ts";
import { onUnauthenticated } from "../lib/api-client.ts";
import { revokeAllObjectUrls } from "../lib/object-urls.ts";
import { applyUpdate } from "./pwa.ts";

type LockedEmployee = { login: string; fullName: string };

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
    setLocked({ login: me.employee.login, fullName: me.employee.fullName });
    wipe();
    void logout().catch(() => {}); // the session may already be gone; locally it is over either way
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
        if (error.code === "UNAUTHENTICATED" || error.code === "SESSION_EXPIRED") lock();
      }),
    [lock],
  );

  const unlock = useCallback(() => setLocked(null), []);
  return <LockContext value={{ locked, lock, unlock, signOut }}>{children}</LockContext>;
}

export function useLock() {
  return useContext(LockContext);
}
