import { DiiaApiError, IDENTIFICATION_DOCUMENT_TYPES, SHARING_SCOPES, type SharingScope } from "@stiika/diia";
import type { DiiaLink } from "../diia/connect.ts";
import { AppError } from "../errors.ts";
import { appendAudit } from "./audit.ts";
import type { Template } from "./catalog.ts";
import type { Services } from "./context.ts";
import { dropRestOffers } from "./rest-offers.ts";

/**
 * Admin: branches and services, kept in step with Diia through the diia client. Diia is changed first and the
 * database second, so a Diia failure leaves nothing half-made here; a database failure after Diia succeeded undoes
 * the Diia object again. Diia has NO offer update: changing a service's name or document types creates a new offer
 * and then deletes the old one (the old deeplinks stop working).
 *
 * @example
 * const b = await createBranch(s, actorId, { name: "Відділення 2", region: "м. Київ", district: "Печерський район",
 *   location: "Київ", street: "вул. Банкова", house: "2" });
 * await createService(s, actorId, b.id, { name: "Поселення", template: "hotel-check-in",
 *   documentTypes: ["passport"], checkOnly: false });
 */
export interface BranchInput {
  name: string;
  region: string;
  district: string;
  location: string;
  street: string;
  house: string;
}

export interface ServiceInput {
  name: string;
  template: Template;
  documentTypes: SharingScope[];
  checkOnly: boolean;
}

export interface AdminService extends ServiceInput {
  id: string;
  branchId: string;
  diiaOfferId: string | null;
}

export interface AdminBranch extends BranchInput {
  id: string;
  diiaBranchId: string | null;
  /** Seconds without input before a counter screen of this branch locks. */
  idleLockSeconds: number;
  employees: number;
  services: AdminService[];
}

interface BranchRow {
  id: string;
  name: string;
  diia_branch_id: string | null;
  region: string | null;
  district: string | null;
  location: string | null;
  street: string | null;
  house: string | null;
  idle_lock_seconds: number;
  employees: number;
}
interface ServiceRow {
  id: string;
  branch_id: string;
  name: string;
  template: Template;
  document_types: SharingScope[];
  check_only: boolean;
  diia_offer_id: string | null;
}

const serviceView = (r: ServiceRow): AdminService => ({
  id: r.id,
  branchId: r.branch_id,
  name: r.name,
  template: r.template,
  documentTypes: r.document_types,
  checkOnly: r.check_only,
  diiaOfferId: r.diia_offer_id,
});

function link(s: Services): DiiaLink {
  if (!s.diia.link) throw new AppError("DIIA_UNAVAILABLE");
  return s.diia.link;
}

/** Diia's refusal of our data (4xx) is the admin's to fix; anything else is Diia being unavailable. */
async function diia<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    if (e instanceof DiiaApiError && e.status !== undefined && e.status >= 400 && e.status < 500)
      throw new AppError("BAD_REQUEST", "Дія відхилила ці дані. Перевірте назву та адресу", { cause: e });
    throw new AppError("DIIA_UNAVAILABLE", undefined, { cause: e });
  }
}

const isNotFound = (e: unknown) =>
  e instanceof AppError && e.cause instanceof DiiaApiError && e.cause.status === 404;

function diiaBranch(b: BranchInput) {
  return {
    name: b.name,
    email: "branch@stiika.example.com",
    region: b.region,
    district: b.district,
    location: b.location,
    street: b.street,
    house: b.house,
    customFullName: "Стійка",
    customFullAddress: `${b.location}, ${b.street}, ${b.house}`,
    deliveryTypes: ["api" as const],
    offerRequestType: "dynamic" as const,
    scopes: { sharing: [...SHARING_SCOPES], documentIdentification: [...IDENTIFICATION_DOCUMENT_TYPES] },
  };
}

export async function listBranches(s: Services): Promise<AdminBranch[]> {
  const branches = (
    await s.store.query<BranchRow>(
      `SELECT b.*, (SELECT count(*)::int FROM employees e WHERE e.branch_id = b.id) AS employees
       FROM branches b ORDER BY b.created_at, b.name`,
    )
  ).rows;
  const services = (await s.store.query<ServiceRow>("SELECT * FROM services ORDER BY created_at, name")).rows;
  return branches.map((b) => ({
    id: b.id,
    name: b.name,
    region: b.region ?? "",
    district: b.district ?? "",
    location: b.location ?? "",
    street: b.street ?? "",
    house: b.house ?? "",
    diiaBranchId: b.diia_branch_id,
    idleLockSeconds: b.idle_lock_seconds,
    employees: Number(b.employees),
    services: services.filter((v) => v.branch_id === b.id).map(serviceView),
  }));
}

export async function createBranch(
  s: Services,
  actorId: string,
  input: BranchInput,
): Promise<{ id: string }> {
  const l = link(s);
  const { _id } = await diia(() => l.client.branches.create(diiaBranch(input)));
  try {
    return await s.store.transaction(async (tx) => {
      const row = (
        await tx.query<{ id: string }>(
          `INSERT INTO branches (name, diia_branch_id, region, district, location, street, house)
           VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
          [input.name, _id, input.region, input.district, input.location, input.street, input.house],
        )
      ).rows[0] as { id: string };
      await appendAudit(tx, s.clock(), {
        actorId,
        action: "branch.created",
        subjectType: "branch",
        subjectId: row.id,
      });
      return row;
    });
  } catch (e) {
    await l.client.branches.delete(_id).catch(() => {});
    throw e;
  }
}

async function branchRow(s: Services, id: string): Promise<BranchRow> {
  const row = (await s.store.query<BranchRow>("SELECT *, 0 AS employees FROM branches WHERE id = $1", [id]))
    .rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Відділення не знайдено");
  return row;
}

export async function updateBranch(
  s: Services,
  actorId: string,
  id: string,
  input: BranchInput,
): Promise<void> {
  const row = await branchRow(s, id);
  if (row.diia_branch_id !== null) {
    const l = link(s);
    const diiaId = row.diia_branch_id;
    // PUT takes the whole object: the same scopes as at creation, the new name and address.
    await diia(() => l.client.branches.update(diiaId, diiaBranch(input)));
  }
  await s.store.transaction(async (tx) => {
    await tx.query(
      `UPDATE branches SET name = $2, region = $3, district = $4, location = $5, street = $6, house = $7 WHERE id = $1`,
      [id, input.name, input.region, input.district, input.location, input.street, input.house],
    );
    await appendAudit(tx, s.clock(), {
      actorId,
      action: "branch.updated",
      subjectType: "branch",
      subjectId: id,
    });
  });
}

/** Only an empty branch (no employees, no requests) can go: its history must stay attributable. */
export async function deleteBranch(s: Services, actorId: string, id: string): Promise<void> {
  const row = await branchRow(s, id);
  const used = (
    await s.store.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM employees WHERE branch_id = $1) + (SELECT count(*) FROM requests WHERE branch_id = $1) AS n`,
      [id],
    )
  ).rows[0];
  if (Number(used?.n) > 0)
    throw new AppError("CONFLICT", "У відділенні є працівники або запити: спершу переведіть працівників");
  if (row.diia_branch_id !== null) {
    const l = link(s);
    const diiaId = row.diia_branch_id;
    await diia(() => l.client.branches.delete(diiaId)).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
  }
  await s.store.transaction(async (tx) => {
    await tx.query("DELETE FROM services WHERE branch_id = $1", [id]);
    await tx.query("DELETE FROM branches WHERE id = $1", [id]);
    await appendAudit(tx, s.clock(), {
      actorId,
      action: "branch.deleted",
      subjectType: "branch",
      subjectId: id,
    });
  });
}

function offerOf(input: ServiceInput) {
  return { name: input.name, scopes: { sharing: input.documentTypes } };
}

const uniqueViolation = (e: unknown) => (e as { code?: string })?.code === "23505";
const TEMPLATE_TAKEN = "У відділенні вже є послуга з цим шаблоном анкети";

export async function createService(
  s: Services,
  actorId: string,
  branchId: string,
  input: ServiceInput,
): Promise<AdminService> {
  const branch = await branchRow(s, branchId);
  const taken = await s.store.query("SELECT 1 FROM services WHERE branch_id = $1 AND template = $2", [
    branchId,
    input.template,
  ]);
  if (taken.rows.length > 0) throw new AppError("CONFLICT", TEMPLATE_TAKEN);
  if (branch.diia_branch_id === null)
    throw new AppError("CONFLICT", "Відділення ще не зареєстроване в Дії. Спробуйте за хвилину");
  const l = link(s);
  const diiaBranchId = branch.diia_branch_id;
  const { _id } = await diia(() => l.client.offers.create(diiaBranchId, offerOf(input)));
  try {
    return await s.store.transaction(async (tx) => {
      const row = (
        await tx.query<ServiceRow>(
          `INSERT INTO services (branch_id, name, document_types, template, check_only, diia_offer_id)
           VALUES ($1, $2, $3, $4, $5, $6) RETURNING *`,
          [branchId, input.name, input.documentTypes, input.template, input.checkOnly, _id],
        )
      ).rows[0] as ServiceRow;
      await appendAudit(tx, s.clock(), {
        actorId,
        action: "service.created",
        subjectType: "service",
        subjectId: row.id,
        details: { branchId, template: input.template, documentTypes: input.documentTypes.join(",") },
      });
      return serviceView(row);
    });
  } catch (e) {
    await l.client.offers.delete(diiaBranchId, _id).catch(() => {});
    throw uniqueViolation(e) ? new AppError("CONFLICT", TEMPLATE_TAKEN, { cause: e }) : e;
  }
}

async function serviceRow(s: Services, id: string) {
  const row = (
    await s.store.query<ServiceRow & { diia_branch_id: string | null }>(
      "SELECT v.*, b.diia_branch_id FROM services v JOIN branches b ON b.id = v.branch_id WHERE v.id = $1",
      [id],
    )
  ).rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Послугу не знайдено");
  return row;
}

/**
 * Name, template and check-only change in place; a new name or new document types need a new Diia offer (Diia
 * cannot update one): the new offer is created, stored, and only then the old one deleted.
 */
export async function updateService(
  s: Services,
  actorId: string,
  id: string,
  input: ServiceInput,
): Promise<AdminService & { offerReplaced: boolean }> {
  const row = await serviceRow(s, id);
  const sameTypes =
    row.document_types.length === input.documentTypes.length &&
    row.document_types.every((t) => input.documentTypes.includes(t));
  const replace = row.diia_branch_id !== null && (!sameTypes || row.name !== input.name);
  let newOffer: string | null = row.diia_offer_id;
  const l = replace ? link(s) : undefined;
  const diiaBranchId = row.diia_branch_id as string;
  if (l) newOffer = (await diia(() => l.client.offers.create(diiaBranchId, offerOf(input))))._id;
  let updated: ServiceRow;
  try {
    updated = await s.store.transaction(async (tx) => {
      const r = (
        await tx.query<ServiceRow>(
          `UPDATE services SET name = $2, document_types = $3, template = $4, check_only = $5, diia_offer_id = $6
           WHERE id = $1 RETURNING *`,
          [id, input.name, input.documentTypes, input.template, input.checkOnly, newOffer],
        )
      ).rows[0] as ServiceRow;
      await appendAudit(tx, s.clock(), {
        actorId,
        action: "service.updated",
        subjectType: "service",
        subjectId: id,
        details: { offerReplaced: replace, documentTypes: input.documentTypes.join(",") },
      });
      return r;
    });
  } catch (e) {
    if (l && newOffer) await l.client.offers.delete(diiaBranchId, newOffer).catch(() => {});
    throw uniqueViolation(e) ? new AppError("CONFLICT", TEMPLATE_TAKEN, { cause: e }) : e;
  }
  if (l && row.diia_offer_id) {
    const old = row.diia_offer_id;
    await l.client.offers.delete(diiaBranchId, old).catch((e) => {
      // The service already uses the new offer; a stale old offer only lingers in Diia's list.
      s.log.warn({ serviceId: id, err: { message: (e as Error).message } }, "could not delete the old offer");
    });
    await dropRestOffers(s, l, id, old, diiaBranchId);
  }
  return { ...serviceView(updated), offerReplaced: replace };
}

/** Past requests keep the service's name (requests.service); only the link to the row goes. */
export async function deleteService(s: Services, actorId: string, id: string): Promise<void> {
  const row = await serviceRow(s, id);
  if (row.diia_offer_id && row.diia_branch_id) {
    const l = link(s);
    const [b, o] = [row.diia_branch_id, row.diia_offer_id];
    await diia(() => l.client.offers.delete(b, o)).catch((e) => {
      if (!isNotFound(e)) throw e;
    });
    await dropRestOffers(s, l, id, null, b);
  }
  await s.store.transaction(async (tx) => {
    await tx.query("UPDATE requests SET service_id = NULL WHERE service_id = $1", [id]);
    await tx.query("DELETE FROM services WHERE id = $1", [id]);
    await appendAudit(tx, s.clock(), {
      actorId,
      action: "service.deleted",
      subjectType: "service",
      subjectId: id,
    });
  });
}

/** The branch's idle time before a counter screen locks (a local setting: Diia does not know it). */
export async function setBranchIdleLock(
  s: Services,
  actorId: string,
  id: string,
  seconds: number,
): Promise<void> {
  await s.store.transaction(async (tx) => {
    const r = await tx.query("UPDATE branches SET idle_lock_seconds = $2 WHERE id = $1", [id, seconds]);
    if (r.rowCount === 0) throw new AppError("NOT_FOUND", "Відділення не знайдено");
    await appendAudit(tx, s.clock(), {
      actorId,
      action: "branch.idle_lock",
      subjectType: "branch",
      subjectId: id,
      details: { seconds },
    });
  });
}
