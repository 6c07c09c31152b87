import { DiiaApiError, type DiiaSharingScope } from "@stiika/diia";
import type { DiiaLink } from "../diia/connect.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "./audit.ts";
import { BRANCH_DIIA_ID_SCOPES, diiaBranchBody, getPartnerLegalName } from "./branch-identity.ts";
import type { Services } from "./context.ts";

/**
 * The services a branch offers ("what can a teller ask for here"), each a Diia offer, and the bootstrap that
 * registers the main branch and its offers with Diia on first start. Idempotent across restarts and instances:
 * rows are keyed by (branch, template); Diia ids are only written where still empty, and a Diia object made by a
 * losing concurrent start is deleted again.
 */
export type Template = "bank-account" | "hotel-check-in" | "cnap-service";

export interface Service {
  id: string;
  name: string;
  documentTypes: DiiaSharingScope[];
  template: Template;
  checkOnly: boolean;
}

interface ServiceRow {
  id: string;
  branch_id: string;
  name: string;
  document_types: DiiaSharingScope[];
  template: Template;
  check_only: boolean;
  diia_offer_id: string | null;
}

export const DEFAULT_SERVICES: { name: string; template: Template; documentTypes: DiiaSharingScope[] }[] = [
  { name: "Відкриття рахунку", template: "bank-account", documentTypes: ["passport", "taxpayer-card"] },
  { name: "Поселення в готель", template: "hotel-check-in", documentTypes: ["passport"] },
  {
    name: "Послуга ЦНАП",
    template: "cnap-service",
    documentTypes: ["passport", "taxpayer-card", "reference-internally-displaced-person"],
  },
];

// Address data Diia requires of a branch; the main branch row supplies it when an admin has filled it in.
const DEFAULT_ADDRESS = {
  region: "м. Київ",
  district: "Шевченківський район",
  location: "Київ",
  street: "вул. Хрещатик",
  house: "1",
};

const view = (r: ServiceRow): Service => ({
  id: r.id,
  name: r.name,
  documentTypes: r.document_types,
  template: r.template,
  checkOnly: r.check_only,
});

export async function listServices(s: Services, branchId: string): Promise<Service[]> {
  const r = await s.store.query<ServiceRow>(
    "SELECT * FROM services WHERE branch_id = $1 ORDER BY created_at, name",
    [branchId],
  );
  return r.rows.map(view);
}

export async function findService(
  s: Services,
  id: string,
): Promise<(Service & { branchId: string; diiaOfferId: string | null }) | undefined> {
  const r = await s.store.query<ServiceRow>("SELECT * FROM services WHERE id = $1", [id]);
  const row = r.rows[0];
  return row && { ...view(row), branchId: row.branch_id, diiaOfferId: row.diia_offer_id };
}

/** The main branch's default services, in the database only (Diia may not be reachable yet). */
export async function ensureDefaultServices(s: Services): Promise<void> {
  const branch = (await s.store.query<{ id: string }>("SELECT id FROM branches ORDER BY created_at LIMIT 1"))
    .rows[0];
  if (!branch) return;
  for (const d of DEFAULT_SERVICES) {
    await s.store.query(
      `INSERT INTO services (branch_id, name, document_types, template) VALUES ($1, $2, $3, $4)
       ON CONFLICT (branch_id, template) DO NOTHING`,
      [branch.id, d.name, d.documentTypes, d.template],
    );
  }
}

const isNotFound = (e: unknown) => e instanceof DiiaApiError && e.status === 404;

interface BranchSyncRow {
  id: string;
  name: string;
  diia_branch_id: string | null;
  region: string | null;
  district: string | null;
  location: string | null;
  street: string | null;
  house: string | null;
  email: string | null;
  display_address: string | null;
}

/**
 * Registers every branch that has services, their sharing offers and the branch's signing offer, with Diia. A
 * branch registered before Дія.Підпис (no `diiaId` scope in Diia) is updated to the current body first.
 */
export async function registerWithDiia(s: Services, link: DiiaLink): Promise<void> {
  const branches = (
    await s.store.query<BranchSyncRow>(
      "SELECT b.* FROM branches b WHERE EXISTS (SELECT 1 FROM services v WHERE v.branch_id = b.id)",
    )
  ).rows;
  for (const b of branches) {
    let diiaBranchId = b.diia_branch_id;
    if (diiaBranchId !== null) {
      try {
        const remote = await link.client.branches.get(diiaBranchId);
        if (!BRANCH_DIIA_ID_SCOPES.every((a) => (remote.scopes.diiaId ?? []).includes(a))) {
          s.log.info({ branchId: b.id }, "adding the Дія.Підпис scope to a branch registered before it");
          await link.client.branches.update(diiaBranchId, await branchBody(s, b));
        }
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // Diia forgot the branch (a reset sandbox): register it again, with fresh offers.
        s.log.warn({ branchId: b.id }, "Diia no longer knows the branch; registering it again");
        await s.store.query(
          `UPDATE branches SET diia_branch_id = NULL, diia_signing_offer_id = NULL
           WHERE id = $1 AND diia_branch_id = $2`,
          [b.id, diiaBranchId],
        );
        await s.store.query("UPDATE services SET diia_offer_id = NULL WHERE branch_id = $1", [b.id]);
        // The branch's offers went with it in Diia, the rest offers too.
        await s.store.query(
          "DELETE FROM service_rest_offers WHERE service_id IN (SELECT id FROM services WHERE branch_id = $1)",
          [b.id],
        );
        diiaBranchId = null;
      }
    }
    if (diiaBranchId === null) diiaBranchId = await createDiiaBranch(s, link, b);
    await createOffers(s, link, b.id, diiaBranchId);
    await signingOfferFor(s, link, b.id);
  }
}

/** The structured address Diia requires, the defaults standing in for fields an admin never filled. */
function addressOf(b: Partial<Record<keyof typeof DEFAULT_ADDRESS, string | null>>) {
  return {
    region: b.region ?? DEFAULT_ADDRESS.region,
    district: b.district ?? DEFAULT_ADDRESS.district,
    location: b.location ?? DEFAULT_ADDRESS.location,
    street: b.street ?? DEFAULT_ADDRESS.street,
    house: b.house ?? DEFAULT_ADDRESS.house,
  };
}

async function branchBody(s: Services, b: BranchSyncRow) {
  return diiaBranchBody(
    {
      name: b.name.slice(0, 32),
      email: b.email ?? undefined,
      address: b.display_address ?? undefined,
      ...addressOf(b),
    },
    await getPartnerLegalName(s),
    s.config.diia.contactEmail,
  );
}

/** What the citizen reads as the offer's name on Diia's signing screen. */
export const SIGNING_OFFER_NAME = "Підписання заяви";

/**
 * The branch's Дія.Підпис offer (`scopes.diiaId: ["hashedFilesSigning"]`), made once — at sync, or on the first
 * signing of a branch an admin created since — and kept in `branches.diia_signing_offer_id`. Throws AppError
 * DIIA_UNAVAILABLE when the branch is not registered with Diia yet.
 */
export async function signingOfferFor(
  s: Services,
  link: DiiaLink,
  branchId: string,
): Promise<{ diiaBranchId: string; offerId: string }> {
  const read = async () =>
    (
      await s.store.query<BranchSyncRow & { diia_signing_offer_id: string | null }>(
        "SELECT * FROM branches WHERE id = $1",
        [branchId],
      )
    ).rows[0];
  const row = await read();
  if (!row?.diia_branch_id) throw new AppError("DIIA_UNAVAILABLE");
  const diiaBranchId = row.diia_branch_id;
  if (row.diia_signing_offer_id) return { diiaBranchId, offerId: row.diia_signing_offer_id };
  const offer = { name: SIGNING_OFFER_NAME, scopes: { diiaId: [...BRANCH_DIIA_ID_SCOPES] } };
  let made: { _id: string };
  try {
    made = await link.client.offers.create(diiaBranchId, offer);
  } catch (e) {
    // A branch an admin created before the scope existed here: give it the scope, then try once more.
    if (!(e instanceof DiiaApiError && e.status === 403)) throw e;
    await link.client.branches.update(diiaBranchId, await branchBody(s, row));
    made = await link.client.offers.create(diiaBranchId, offer);
  }
  const stored = await s.store.query(
    `UPDATE branches SET diia_signing_offer_id = $3
     WHERE id = $1 AND diia_branch_id = $2 AND diia_signing_offer_id IS NULL`,
    [branchId, diiaBranchId, made._id],
  );
  if (stored.rowCount === 1) return { diiaBranchId, offerId: made._id };
  // Another instance made one meanwhile: use theirs, remove ours.
  await link.client.offers.delete(diiaBranchId, made._id).catch(() => {});
  const theirs = (await read())?.diia_signing_offer_id;
  if (!theirs) throw new AppError("CONFLICT");
  return { diiaBranchId, offerId: theirs };
}

async function createDiiaBranch(s: Services, link: DiiaLink, b: BranchSyncRow): Promise<string> {
  const address = addressOf(b);
  const body = await branchBody(s, b);
  const { _id } = await link.client.branches.create(body);
  const won = await s.store.transaction(async (tx) => {
    const r = await tx.query(
      `UPDATE branches SET diia_branch_id = $2, region = $3, district = $4, location = $5, street = $6, house = $7
       WHERE id = $1 AND diia_branch_id IS NULL`,
      [b.id, _id, address.region, address.district, address.location, address.street, address.house],
    );
    if (r.rowCount === 0) return false;
    await appendAudit(tx, s.clock(), {
      actorId: null,
      action: "diia.branch_registered",
      subjectType: "branch",
      subjectId: b.id,
    });
    return true;
  });
  if (won) return _id;
  await link.client.branches.delete(_id).catch(() => {});
  const r = await s.store.query<{ diia_branch_id: string }>(
    "SELECT diia_branch_id FROM branches WHERE id = $1",
    [b.id],
  );
  return r.rows[0]?.diia_branch_id as string;
}

async function createOffers(s: Services, link: DiiaLink, branchId: string, diiaBranchId: string) {
  const rows = (
    await s.store.query<ServiceRow>("SELECT * FROM services WHERE branch_id = $1 AND diia_offer_id IS NULL", [
      branchId,
    ])
  ).rows;
  for (const row of rows) {
    const { _id } = await link.client.offers.create(diiaBranchId, {
      name: row.name,
      scopes: { sharing: row.document_types },
    });
    const r = await s.store.query(
      "UPDATE services SET diia_offer_id = $2 WHERE id = $1 AND diia_offer_id IS NULL",
      [row.id, _id],
    );
    if (r.rowCount === 0) await link.client.offers.delete(diiaBranchId, _id).catch(() => {});
  }
}
