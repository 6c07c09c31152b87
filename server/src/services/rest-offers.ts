import type { SharingScope } from "@stiika/diia";
import type { DiiaLink } from "../diia/connect.ts";
import { AppError } from "../errors.ts";
import type { Services } from "./context.ts";

/**
 * Offers for part of a service's documents, for «Показати QR для решти»: a visit that already has the passport
 * asks Diia for the taxpayer card only. A deeplink names one offer and Diia cannot change an offer's scopes, so
 * each subset gets its own offer, made on first use and kept in `service_rest_offers` under the service's own
 * offer (a replaced service offer leaves them unused; `dropRestOffers` deletes them from Diia too).
 *
 * @example
 * const offerId = await offerFor(s, link, service, diiaBranchId, ["taxpayer-card"]);
 * await dropRestOffers(s, link, service.id, oldOfferId, diiaBranchId); // when the service's offer goes
 */
interface OfferedService {
  id: string;
  name: string;
  documentTypes: SharingScope[];
  diiaOfferId: string;
}

/**
 * The offer that asks for exactly `types` (the service's own when they are all of its types). `types` must be a
 * non-empty part of the service's; they are kept in the service's order, so the same subset finds the same offer.
 */
export async function offerFor(
  s: Services,
  link: DiiaLink,
  service: OfferedService,
  diiaBranchId: string,
  types: readonly SharingScope[],
): Promise<{ offerId: string; types: SharingScope[] }> {
  const wanted = new Set(types);
  if (wanted.size === 0 || [...wanted].some((t) => !service.documentTypes.includes(t)))
    throw new AppError("BAD_REQUEST", "Запитати можна лише документи, які потрібні для цієї послуги");
  const subset = service.documentTypes.filter((t) => wanted.has(t));
  if (subset.length === service.documentTypes.length) return { offerId: service.diiaOfferId, types: subset };

  const find = async () =>
    (
      await s.store.query<{ diia_offer_id: string }>(
        `SELECT diia_offer_id FROM service_rest_offers
         WHERE service_id = $1 AND parent_offer_id = $2 AND document_types = $3`,
        [service.id, service.diiaOfferId, subset],
      )
    ).rows[0]?.diia_offer_id;
  const known = await find();
  if (known) return { offerId: known, types: subset };

  const { _id } = await link.client.offers.create(diiaBranchId, {
    name: service.name,
    scopes: { sharing: subset },
  });
  const stored = await s.store.query(
    `INSERT INTO service_rest_offers (service_id, parent_offer_id, document_types, diia_offer_id)
     VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
    [service.id, service.diiaOfferId, subset, _id],
  );
  if (stored.rowCount === 1) return { offerId: _id, types: subset };
  // Another teller (or instance) made the same offer meanwhile: use theirs, remove ours.
  await link.client.offers.delete(diiaBranchId, _id).catch(() => {});
  const theirs = await find();
  if (!theirs) throw new AppError("CONFLICT");
  return { offerId: theirs, types: subset };
}

/**
 * Deletes the subset offers made under `parentOfferId` (null: all of the service's) from Diia and here; one that
 * Diia fails to delete only lingers in its list.
 */
export async function dropRestOffers(
  s: Services,
  link: DiiaLink,
  serviceId: string,
  parentOfferId: string | null,
  diiaBranchId: string,
): Promise<void> {
  const { rows } = await s.store.query<{ diia_offer_id: string }>(
    `DELETE FROM service_rest_offers WHERE service_id = $1 AND ($2::text IS NULL OR parent_offer_id = $2)
     RETURNING diia_offer_id`,
    [serviceId, parentOfferId],
  );
  for (const r of rows)
    await link.client.offers.delete(diiaBranchId, r.diia_offer_id).catch((e) => {
      s.log.warn({ serviceId, err: { message: (e as Error).message } }, "could not delete a rest offer");
    });
}
