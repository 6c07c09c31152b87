/**
 * Forgetting a client at the hand-over to the next one: every cached answer but who is signed in and the branch's
 * services, the PDFs' object URLs, the typed questionnaire; then /scan replaces the current history entry, so the
 * browser's Back shows the scan screen, never the previous client.
 *
 * @example
 * const nextClient = useNextClient();
 * <Button onClick={nextClient}>Наступний клієнт</Button>
 */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback } from "react";
import { useNavigate } from "react-router";
import { authKeys } from "../features/auth/query-keys.ts";
import { dropDraft } from "../features/questionnaire/lib/draft.ts";
import { serviceKeys } from "../features/services/query-keys.ts";
import { revokeAllObjectUrls } from "../lib/object-urls.ts";

export function useNextClient(): () => void {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useCallback(() => {
    queryClient.removeQueries({
      predicate: (q) => q.queryKey[0] !== authKeys.all[0] && q.queryKey[0] !== serviceKeys.all[0],
    });
    revokeAllObjectUrls();
    dropDraft();
    navigate("/scan", { replace: true });
  }, [queryClient, navigate]);
}
