import { DiiaApiError, IDENTIFICATION_DOCUMENT_TYPES, SHARING_SCOPES, type SharingScope } from "@stiika/diia";
import type { DiiaLink } from "../diia/connect.ts";
import { appendAudit } from "./audit.ts";
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
  documentTypes: SharingScope[];
  template: Template;
  checkOnly: boolean;
}

interface ServiceRow {
  id: string;
  branch_id: string;
  name: string;
  document_types: SharingScope[];
  template: Template;
  check_only: boolean;
  diia_offer_id: string | null;
}

export const DEFAULT_SERVICES: { name: string; template: Template; documentTypes: SharingScope[] }[] = [
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

/** Registers every branch that has services, and their offers, with Diia. */
export async function registerWithDiia(s: Services, link: DiiaLink): Promise<void> {
  const branches = (
    await s.store.query<{
      id: string;
      name: string;
      diia_branch_id: string | null;
      region: string | null;
      district: string | null;
      location: string | null;
      street: string | null;
      house: string | null;
    }>("SELECT b.* FROM branches b WHERE EXISTS (SELECT 1 FROM services v WHERE v.branch_id = b.id)")
  ).rows;
  for (const b of branches) {
    let diiaBranchId = b.diia_branch_id;
    if (diiaBranchId !== null) {
      try {
        await link.client.branches.get(diiaBranchId);
      } catch (e) {
        if (!isNotFound(e)) throw e;
        // Diia forgot the branch (a reset sandbox): register it again, with fresh offers.
        s.log.warn({ branchId: b.id }, "Diia no longer knows the branch; registering it again");
        await s.store.query(
          "UPDATE branches SET diia_branch_id = NULL WHERE id = $1 AND diia_branch_id = $2",
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
  }
}

async function createDiiaBranch(
  s: Services,
  link: DiiaLink,
  b: { id: string; name: string } & Partial<Record<keyof typeof DEFAULT_ADDRESS, string | null>>,
): Promise<string> {
  const address = {
    region: b.region ?? DEFAULT_ADDRESS.region,
    district: b.district ?? DEFAULT_ADDRESS.district,
    location: b.location ?? DEFAULT_ADDRESS.location,
    street: b.street ?? DEFAULT_ADDRESS.street,
    house: b.house ?? DEFAULT_ADDRESS.house,
  };
  const { _id } = await link.client.branches.create({
    name: b.name.slice(0, 32),
    email: "branch@stiika.example.com",
    ...address,
    customFullName: "Стійка",
    customFullAddress: `${address.location}, ${address.street}, ${address.house}`,
    deliveryTypes: ["api"],
    offerRequestType: "dynamic",
    scopes: { sharing: [...SHARING_SCOPES], documentIdentification: [...IDENTIFICATION_DOCUMENT_TYPES] },
  });
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
