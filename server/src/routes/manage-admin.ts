import { ROLES, TEMPLATE_IDS } from "@stiika/api";
import { DIIA_SHARING_SCOPES } from "@stiika/diia";
import { Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionOf } from "../http/middleware.ts";
import { appendAudit, verifyAuditChain } from "../services/audit.ts";
import { checkBranchInput, checkPartnerLegalName } from "../services/branch-identity.ts";
import type { Services } from "../services/context.ts";
import {
  createBranch,
  createService,
  deleteBranch,
  deleteService,
  getPartner,
  listBranches,
  setBranchIdleLock,
  setPartnerLegalName,
  updateBranch,
  updateService,
} from "../services/manage-catalog.ts";
import { listEmployees, resetPassword, updateEmployee } from "../services/manage-employees.ts";
import { getDefaultSignAlgo, setDefaultSignAlgo } from "../services/signings.ts";

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const serviceBody = z.object({
  name: text(1, 100),
  template: z.enum(TEMPLATE_IDS),
  // What Diia accepts as a scope: every type it may share, the newer ones without a schema too (issue 16).
  documentTypes: z.array(z.enum(DIIA_SHARING_SCOPES)).min(1).max(DIIA_SHARING_SCOPES.length),
  checkOnly: z.boolean().default(false),
});
const employeeBody = z.object({
  displayName: text(1, 200),
  role: z.enum(ROLES),
  branchId: z.uuid(),
  disabled: z.boolean(),
});
const idParam = z.object({ id: z.uuid() });

/**
 * Admin only: branches and services kept in sync with Diia, employees, and the audit chain check —
 * `GET|POST /api/admin/branches`, `PUT|DELETE /api/admin/branches/:id`, `POST /api/admin/branches/:id/services`,
 * `GET|PUT /api/admin/partner` (the legal name on Diia's consent screen), `PUT|DELETE /api/admin/services/:id`, `GET /api/admin/employees`, `PUT /api/admin/employees/:id`,
 * `POST /api/admin/employees/:id/reset-password`, `POST /api/admin/audit/verify` — see docs/api.md.
 */
export function manageAdminRoutes(s: Services): Router {
  const r = Router();
  const admin = requireSession(s, { area: "admin" });
  const actor = (res: Parameters<typeof sessionOf>[0]) => sessionOf(res).employee.id;
  const id = (req: { params: unknown }) => parse(idParam, req.params).id;

  r.get("/admin/branches", admin, async (_req, res) => {
    res.json({ branches: await listBranches(s), documentTypes: DIIA_SHARING_SCOPES });
  });
  r.post("/admin/branches", admin, async (req, res) => {
    res.status(201).json({ branch: await createBranch(s, actor(res), checkBranchInput(req.body)) });
  });
  r.put("/admin/branches/:id", admin, async (req, res) => {
    await updateBranch(s, actor(res), id(req), checkBranchInput(req.body));
    res.json({ updated: true });
  });
  r.put("/admin/branches/:id/idle-lock", admin, async (req, res) => {
    const { seconds } = parse(z.object({ seconds: z.number().int().min(30).max(3600) }), req.body);
    await setBranchIdleLock(s, actor(res), id(req), seconds);
    res.json({ updated: true });
  });
  r.delete("/admin/branches/:id", admin, async (req, res) => {
    await deleteBranch(s, actor(res), id(req));
    res.json({ deleted: true });
  });
  const partner = async () => ({ ...(await getPartner(s)), signAlgo: await getDefaultSignAlgo(s) });
  r.get("/admin/partner", admin, async (_req, res) => {
    res.json({ partner: await partner() });
  });
  // Either field may come alone: only what is given changes (the legal name re-syncs every branch with Diia).
  r.put("/admin/partner", admin, async (req, res) => {
    const body = parse(
      z
        .object({
          legalName: z.string().nullable().optional(),
          signAlgo: z.enum(["DSTU", "ECDSA"]).optional(),
        })
        .refine((b) => b.legalName !== undefined || b.signAlgo !== undefined, "legalName or signAlgo"),
      req.body,
    );
    if (body.legalName !== undefined)
      await setPartnerLegalName(s, actor(res), checkPartnerLegalName(body.legalName));
    if (body.signAlgo !== undefined) await setDefaultSignAlgo(s, actor(res), body.signAlgo);
    res.json({ partner: await partner() });
  });
  r.post("/admin/branches/:id/services", admin, async (req, res) => {
    const service = await createService(s, actor(res), id(req), parse(serviceBody, req.body));
    res.status(201).json({ service });
  });
  r.put("/admin/services/:id", admin, async (req, res) => {
    res.json({ service: await updateService(s, actor(res), id(req), parse(serviceBody, req.body)) });
  });
  r.delete("/admin/services/:id", admin, async (req, res) => {
    await deleteService(s, actor(res), id(req));
    res.json({ deleted: true });
  });

  r.get("/admin/employees", admin, async (_req, res) => {
    res.json({ employees: await listEmployees(s) });
  });
  r.put("/admin/employees/:id", admin, async (req, res) => {
    await updateEmployee(s, actor(res), id(req), parse(employeeBody, req.body));
    res.json({ updated: true });
  });
  r.post("/admin/employees/:id/reset-password", admin, async (req, res) => {
    res.json(await resetPassword(s, actor(res), id(req)));
  });

  // A POST: running the check is itself recorded in the chain it checks.
  r.post("/admin/audit/verify", admin, async (_req, res) => {
    const result = await verifyAuditChain(s.store, s.dataKey);
    await s.store.transaction((tx) =>
      appendAudit(tx, s.clock(), {
        actorId: actor(res),
        action: "audit.verified",
        details: { ok: result.ok, rows: result.rows },
      }),
    );
    res.json({ result });
  });
  return r;
}
