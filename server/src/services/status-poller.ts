import { DiiaApiError } from "@stiika/diia";
import type { Services } from "./context.ts";
import { closeRequest, type RequestRow } from "./requests.ts";

/**
 * Diia sends nothing when a citizen declines, so each instance asks the (undocumented [?]) status routes about its
 * waiting requests every few seconds. Tolerant by design: a 404 / 4xx means "not supported here" and stops polling
 * that request (its lifetime still ends it); network errors and 5xx are simply tried again next round.
 */
export async function pollStatuses(s: Services): Promise<{ asked: number; closed: number }> {
  const link = s.diia.link;
  if (!link) return { asked: 0, closed: 0 };
  const rows = (
    await s.store.query<Pick<RequestRow, "id" | "kind" | "status_key">>(
      `SELECT id, kind, status_key FROM requests
       WHERE status = 'waiting' AND polling AND status_key IS NOT NULL AND expires_at > $1
       ORDER BY created_at LIMIT 200`,
      [s.clock()],
    )
  ).rows;
  let closed = 0;
  for (const r of rows) {
    const key = r.status_key as string;
    const query =
      r.kind === "deeplink"
        ? ({ flow: "offer-request", requestId: r.id, otp: key } as const)
        : r.kind === "barcode"
          ? ({ flow: "document-request", requestId: r.id, barcode: key } as const)
          : ({ flow: "document-request", requestId: r.id, otp: key } as const);
    try {
      const { status } = await link.client.sharing.getDocumentRequestStatus(query);
      if (status === "declined" && (await closeRequest(s, r.id, "declined", "DECLINED"))) closed++;
      if (status === "expired" && (await closeRequest(s, r.id, "expired", "EXPIRED"))) closed++;
    } catch (e) {
      const status = e instanceof DiiaApiError ? e.status : undefined;
      const unsupported =
        e instanceof DiiaApiError &&
        (e.code === "BAD_RESPONSE" ||
          (status !== undefined && status >= 400 && status < 500 && status !== 401));
      if (unsupported) {
        await s.store.query("UPDATE requests SET polling = false WHERE id = $1", [r.id]);
        s.log.info(
          { requestId: r.id, status },
          "Diia status route unsupported for this request; relying on its lifetime",
        );
      }
    }
  }
  return { asked: rows.length, closed };
}
