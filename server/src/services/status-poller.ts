import { DiiaApiError } from "@stiika/diia";
import type { Services } from "./context.ts";
import { closeRequest, type RequestRow } from "./requests.ts";
import { closeSigning } from "./signings.ts";

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
      if (unsupported(e)) {
        await s.store.query("UPDATE requests SET polling = false WHERE id = $1", [r.id]);
        s.log.info(
          { requestId: r.id, status },
          "Diia status route unsupported for this request; relying on its lifetime",
        );
      }
    }
  }
  const signings = await pollSignings(s, link);
  return { asked: rows.length + signings.asked, closed: closed + signings.closed };
}

/** The same for waiting Дія.Підпис signings: a signing deeplink is an offer-request, asked by its requestId. */
async function pollSignings(
  s: Services,
  link: NonNullable<Services["diia"]["link"]>,
): Promise<{ asked: number; closed: number }> {
  const rows = (
    await s.store.query<{ id: string; diia_request_id: string; status_key: string }>(
      `SELECT id, diia_request_id, status_key FROM signings
       WHERE status = 'waiting' AND polling AND status_key IS NOT NULL AND expires_at > $1
       ORDER BY created_at LIMIT 200`,
      [s.clock()],
    )
  ).rows;
  let closed = 0;
  for (const r of rows) {
    try {
      const { status } = await link.client.sharing.getDocumentRequestStatus({
        flow: "offer-request",
        requestId: r.diia_request_id,
        otp: r.status_key,
      });
      if (status === "declined" && (await closeSigning(s, r.id, "declined", "DECLINED"))) closed++;
      if (status === "expired" && (await closeSigning(s, r.id, "expired", "EXPIRED"))) closed++;
    } catch (e) {
      if (unsupported(e)) {
        await s.store.query("UPDATE signings SET polling = false WHERE id = $1", [r.id]);
        s.log.info(
          { signingId: r.id },
          "Diia status route unsupported for this signing; relying on its lifetime",
        );
      }
    }
  }
  return { asked: rows.length, closed };
}

/** A 404 / 4xx (not 401) or an unreadable answer: the route does not serve this request. */
function unsupported(e: unknown): boolean {
  const status = e instanceof DiiaApiError ? e.status : undefined;
  return (
    e instanceof DiiaApiError &&
    (e.code === "BAD_RESPONSE" || (status !== undefined && status >= 400 && status < 500 && status !== 401))
  );
}
