// Branch CRUD, API v2 (spec §3, §3.1). Deleting a branch also deletes its offers.
import { ListQuerySchema } from "@stiika/diia";
import type { RequestHandler } from "express";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import type { SandboxContext } from "../state/context.ts";
import { type BranchRecord, newDiiaId } from "../state/persistent-store.ts";
import { AcceptedBranchInputSchema, AcceptedBranchUpdateSchema } from "./accepted-bodies.ts";

/**
 * The wire form: the stored fields in the order partners sent them, plus `_id`. The optional custom name and
 * address come back as `null` when not set: the Python SDK's `get_branch` model requires the keys.
 */
export const branchView = ({ createdAt: _, ...branch }: BranchRecord) => ({
  ...branch,
  customFullName: branch.customFullName ?? null,
  customFullAddress: branch.customFullAddress ?? null,
});

/**
 * Who asks, as the citizen's consent screen shows it [INF, spec §3.1]: the partner by the branch's
 * `customFullName` (the partner's legal name as the partner wants it read), else the name the partner was
 * registered with; the branch by its `name`; its address by `customFullAddress` (line breaks kept), else the
 * structured address in Ukrainian order.
 */
export function consentParty(
  branch: BranchRecord,
  registeredPartnerName: string,
): { partnerName: string; branchName: string; branchAddress: string } {
  const structured = [branch.region, branch.district, branch.location, branch.street, branch.house].join(
    ", ",
  );
  return {
    partnerName: branch.customFullName ?? registeredPartnerName,
    branchName: branch.name,
    branchAddress: branch.customFullAddress ?? structured,
  };
}

export function findBranch(ctx: SandboxContext, id: string): BranchRecord {
  const branch = ctx.store.data.branches.find((b) => b._id === id);
  if (!branch) throw new SandboxError("NOT_FOUND", "Branch not found");
  return branch;
}

/** Diia's default page size is unknown (spec §2 [?]); the sandbox returns up to 100 unless asked otherwise. */
export function page<T>(items: T[], query: unknown): { total: number; items: T[] } {
  const { skip = 0, limit = 100 } = validate(ListQuerySchema, query);
  return { total: items.length, items: items.slice(skip, skip + limit) };
}

export const createBranch =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const input = validate(AcceptedBranchInputSchema, req.body);
    const branch: BranchRecord = { _id: newDiiaId(), ...input, createdAt: ctx.now().toISOString() };
    ctx.store.data.branches.push(branch);
    ctx.store.save();
    res.json({ _id: branch._id });
  };

export const listBranches =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const { total, items } = page(ctx.store.data.branches, req.query);
    res.json({ total, branches: items.map(branchView) });
  };

export const getBranch =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    res.json(branchView(findBranch(ctx, String(req.params.id))));
  };

export const updateBranch =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.id));
    // JAVA/PY send `_id` in the body (spec §3.1); it is tolerated and ignored, the path names the branch.
    const { _id: _, ...input } = validate(AcceptedBranchUpdateSchema, req.body);
    const updated: BranchRecord = { _id: branch._id, ...input, createdAt: branch.createdAt };
    const { branches } = ctx.store.data;
    branches[branches.indexOf(branch)] = updated;
    ctx.store.save();
    res.json({ _id: branch._id });
  };

export const deleteBranch =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.id));
    const { data } = ctx.store;
    data.branches = data.branches.filter((b) => b !== branch);
    data.offers = data.offers.filter((o) => o.branchId !== branch._id);
    ctx.store.save();
    // 200 with `{}`: every SDK test expects 200, and PHP decodes the body of any answer but a 204 as a JSON array,
    // so an empty 200 makes its delete throw (spec §3 [?]).
    res.status(200).json({});
  };
