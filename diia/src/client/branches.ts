/**
 * Branches (v2): a partner's points of service, each with the document scopes it may ask for (spec §3.1).
 *
 * @example
 * const diia = createDiiaClient({ baseUrl: "https://api2s.diia.gov.ua", acquirerToken });
 * const { _id } = await diia.branches.create({ name: "Відділення 1", email: "branch@bank.ua", region: "Київ",
 *   district: "Шевченківський", location: "Київ", street: "Хрещатик", house: "1", customFullName: "Банк",
 *   customFullAddress: "м. Київ, вул. Хрещатик, 1", deliveryTypes: ["api"], offerRequestType: "dynamic",
 *   scopes: { sharing: ["passport", "taxpayer-card"] } });
 * const branch = await diia.branches.get(_id);
 * await diia.branches.update(_id, { ...branch, name: "Відділення 2" });
 * const { total, branches } = await diia.branches.list({ skip: 0, limit: 10 });
 * await diia.branches.delete(_id);
 */
import { DiiaApiError } from "../errors.ts";
import { validate } from "./http.ts";
import {
  type Branch,
  type BranchInput,
  BranchInputSchema,
  type BranchListResponse,
  BranchListResponseSchema,
  BranchSchema,
  type BranchUpdate,
  BranchUpdateSchema,
  DiiaIdSchema,
  type IdResponse,
  IdResponseSchema,
  type ListQuery,
  ListQuerySchema,
} from "./schemas.ts";
import type { DiiaSession } from "./session.ts";

export interface BranchesApi {
  /** `POST /api/v2/acquirers/branch` → the new branch's `_id`. */
  create(branch: BranchInput): Promise<IdResponse>;
  /** `GET /api/v2/acquirers/branch/{id}`. */
  get(id: string): Promise<Branch>;
  /** `GET /api/v2/acquirers/branches?skip&limit`. */
  list(query?: ListQuery): Promise<BranchListResponse>;
  /** `PUT /api/v2/acquirers/branch/{id}` with the full object (a fetched branch with its `_id` is accepted). */
  update(id: string, branch: BranchUpdate): Promise<IdResponse>;
  /** `DELETE /api/v2/acquirers/branch/{id}`. */
  delete(id: string): Promise<void>;
}

export function createBranchesApi(session: DiiaSession): BranchesApi {
  const branchPath = (id: string) =>
    `/api/v2/acquirers/branch/${encodeURIComponent(validate(DiiaIdSchema, id, "branch id"))}`;

  return {
    async create(branch) {
      return session.call({
        method: "POST",
        path: "/api/v2/acquirers/branch",
        body: validate(BranchInputSchema, branch, "branch"),
        response: IdResponseSchema,
        idempotent: false,
      });
    },
    async get(id) {
      return session.call({ method: "GET", path: branchPath(id), response: BranchSchema, idempotent: true });
    },
    async list(query = {}) {
      return session.call({
        method: "GET",
        path: "/api/v2/acquirers/branches",
        query: validate(ListQuerySchema, query, "list query"),
        response: BranchListResponseSchema,
        idempotent: true,
      });
    },
    async update(id, branch) {
      const path = branchPath(id);
      const body = validate(BranchUpdateSchema, branch, "branch");
      if (body._id !== undefined && body._id !== id) {
        throw new DiiaApiError("BAD_REQUEST", "invalid branch: _id differs from the branch id being updated");
      }
      // JAVA and PY SDKs send `_id` in the PUT body; doing the same keeps us on the path Diia is known to accept.
      return session.call({
        method: "PUT",
        path,
        body: { ...body, _id: id },
        response: IdResponseSchema,
        idempotent: true,
      });
    },
    async delete(id) {
      await session.call({ method: "DELETE", path: branchPath(id), idempotent: true });
    },
  };
}
