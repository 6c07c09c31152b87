/**
 * Offers (v1) of a branch: what a deeplink asks the citizen to share or sign (spec §3.2). Diia has no offer
 * update: delete and create a new one instead.
 *
 * @example
 * const diia = createDiiaClient({ baseUrl: "https://api2s.diia.gov.ua", acquirerToken });
 * const { _id: offerId } = await diia.offers.create(branchId, { name: "Відкриття рахунку",
 *   returnLink: "https://bank.ua/done", scopes: { sharing: ["passport"] } });
 * const { total, offers } = await diia.offers.list(branchId, { limit: 50 });
 * await diia.offers.delete(branchId, offerId);
 */
import { validate } from "./http.ts";
import {
  DiiaIdSchema,
  type IdResponse,
  IdResponseSchema,
  type ListQuery,
  ListQuerySchema,
  type OfferInput,
  OfferInputSchema,
  type OfferListResponse,
  OfferListResponseSchema,
} from "./schemas.ts";
import type { DiiaSession } from "./session.ts";

export interface OffersApi {
  /** `POST /api/v1/acquirers/branch/{branchId}/offer` → the new offer's `_id`. */
  create(branchId: string, offer: OfferInput): Promise<IdResponse>;
  /** `GET /api/v1/acquirers/branch/{branchId}/offers?skip&limit`. */
  list(branchId: string, query?: ListQuery): Promise<OfferListResponse>;
  /** `DELETE /api/v1/acquirers/branch/{branchId}/offer/{offerId}`. */
  delete(branchId: string, offerId: string): Promise<void>;
}

export function createOffersApi(session: DiiaSession): OffersApi {
  const branchPath = (branchId: string) =>
    `/api/v1/acquirers/branch/${encodeURIComponent(validate(DiiaIdSchema, branchId, "branch id"))}`;

  return {
    async create(branchId, offer) {
      const path = `${branchPath(branchId)}/offer`;
      return session.call({
        method: "POST",
        path,
        body: validate(OfferInputSchema, offer, "offer"),
        response: IdResponseSchema,
        idempotent: false,
      });
    },
    async list(branchId, query = {}) {
      const path = `${branchPath(branchId)}/offers`;
      return session.call({
        method: "GET",
        path,
        query: validate(ListQuerySchema, query, "list query"),
        response: OfferListResponseSchema,
        idempotent: true,
      });
    },
    async delete(branchId, offerId) {
      const path = `${branchPath(branchId)}/offer/${encodeURIComponent(validate(DiiaIdSchema, offerId, "offer id"))}`;
      await session.call({ method: "DELETE", path, idempotent: true });
    },
  };
}
