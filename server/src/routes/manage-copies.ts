import { DELETE_REASONS } from "@stiika/api";
import { Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionOf } from "../http/middleware.ts";
import { branchScope } from "../services/access.ts";
import type { Services } from "../services/context.ts";
import { attachLateDelivery, deleteLateDelivery, listLateDeliveries } from "../services/late-deliveries.ts";
import { COPY_STATUSES, deleteCopy, exportDocument, getCopy, listCopies } from "../services/manage-copies.ts";
import { dashboard } from "../services/manage-dashboard.ts";
import {
  getRetention,
  MAX_RETENTION_DAYS,
  setBranchRetention,
  setDefaultRetention,
} from "../services/manage-settings.ts";
import { exportSigning, reverifySigning } from "../services/manage-signings.ts";

/** A calendar day (`2026-02-30` and `9999-99-99` are refused, not turned into invalid dates for the database). */
const day = z.iso.date();
const listQuery = z.object({
  from: day.optional(),
  to: day.optional(),
  employeeId: z.uuid().optional(),
  branchId: z.uuid().optional(),
  type: z
    .string()
    .regex(/^[a-z-]{1,64}$/)
    .optional(),
  status: z.enum(COPY_STATUSES).optional(),
  q: z.string().max(200).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
const idParam = z.object({ id: z.uuid() });
const docParam = z.object({ id: z.uuid(), documentId: z.uuid() });
const signingParam = z.object({ id: z.uuid(), signingId: z.uuid() });
const deleteBody = z.object({ reason: z.enum(DELETE_REASONS) });
const dashboardQuery = z.object({ from: day.optional(), to: day.optional(), branchId: z.uuid().optional() });
const retentionDays = z.number().int().min(1).max(MAX_RETENTION_DAYS);
const retentionBody = z.object({ days: retentionDays });
const branchRetentionBody = z.object({ days: retentionDays.nullable() });

/** Start of a UTC day; `to` days are inclusive, so the range ends at the start of the next day. */
const startOf = (d: string) => new Date(`${d}T00:00:00.000Z`);
const dayAfter = (d: string) => new Date(startOf(d).getTime() + 86_400_000);

/**
 * Managers (their branch) and admins (all): `GET /api/manage/copies`, `GET /api/manage/copies/:id`,
 * `GET /api/manage/copies/:id/documents/:documentId/pdf|envelope`, `DELETE /api/manage/copies/:id`,
 * `GET /api/manage/copies/:id/signings/:signingId/pdf|signature`, `POST …/signings/:signingId/verify`,
 * `GET /api/manage/filters`, `GET /api/manage/dashboard`, `GET|PUT /api/manage/retention`,
 * `PUT /api/manage/retention/branches/:id`,
 * `GET /api/manage/late-deliveries`, `POST /api/manage/late-deliveries/:id/attach`,
 * `DELETE /api/manage/late-deliveries/:id` — see docs/api.md.
 */
export function manageCopiesRoutes(s: Services): Router {
  const r = Router();
  const managers = requireSession(s, { area: "manage" });
  const admins = requireSession(s, { area: "admin" });

  r.get("/manage/copies", managers, async (req, res) => {
    const q = parse(listQuery, req.query);
    const page = await listCopies(s, sessionOf(res), {
      ...q,
      from: q.from ? startOf(q.from) : undefined,
      to: q.to ? dayAfter(q.to) : undefined,
    });
    res.set("Cache-Control", "no-store").json(page);
  });

  r.get("/manage/copies/:id", managers, async (req, res) => {
    const copy = await getCopy(s, sessionOf(res), parse(idParam, req.params).id);
    res.set("Cache-Control", "no-store").json({ copy });
  });

  for (const what of ["pdf", "envelope"] as const) {
    r.get(`/manage/copies/:id/documents/:documentId/${what}`, managers, async (req, res) => {
      const { id, documentId } = parse(docParam, req.params);
      // ?inline=1: the PDF shown in the page (audited as a view), not a download (audited as an export).
      const inline = what === "pdf" && req.query.inline === "1";
      const file = await exportDocument(s, sessionOf(res), id, documentId, what, inline ? "view" : "export");
      res.set({
        "Content-Type": file.contentType,
        "Cache-Control": "no-store",
        "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${file.filename}"`,
      });
      res.send(file.bytes);
    });
  }

  r.get("/manage/copies/:id/signings/:signingId/pdf", managers, async (req, res) => {
    const { id, signingId } = parse(signingParam, req.params);
    const inline = req.query.inline === "1";
    const file = await exportSigning(s, sessionOf(res), id, signingId, "pdf", inline ? "view" : "export");
    res.set({
      "Content-Type": file.contentType,
      "Cache-Control": "no-store",
      "Content-Disposition": `${inline ? "inline" : "attachment"}; filename="${file.filename}"`,
    });
    res.send(file.bytes);
  });

  r.get("/manage/copies/:id/signings/:signingId/signature", managers, async (req, res) => {
    const { id, signingId } = parse(signingParam, req.params);
    const file = await exportSigning(s, sessionOf(res), id, signingId, "signature", "export");
    res.set({
      "Content-Type": file.contentType,
      "Cache-Control": "no-store",
      "Content-Disposition": `attachment; filename="${file.filename}"`,
    });
    res.send(file.bytes);
  });

  r.post("/manage/copies/:id/signings/:signingId/verify", managers, async (req, res) => {
    const { id, signingId } = parse(signingParam, req.params);
    res.json({ verification: await reverifySigning(s, sessionOf(res), id, signingId) });
  });

  r.delete("/manage/copies/:id", managers, async (req, res) => {
    const { reason } = parse(deleteBody, req.body);
    await deleteCopy(s, sessionOf(res), parse(idParam, req.params).id, reason);
    res.json({ deleted: true });
  });

  r.get("/manage/late-deliveries", managers, async (_req, res) => {
    res.set("Cache-Control", "no-store").json({ deliveries: await listLateDeliveries(s, sessionOf(res)) });
  });

  r.post("/manage/late-deliveries/:id/attach", managers, async (req, res) => {
    const requestId = await attachLateDelivery(s, sessionOf(res), parse(idParam, req.params).id);
    res.json({ attached: true, requestId });
  });

  r.delete("/manage/late-deliveries/:id", managers, async (req, res) => {
    await deleteLateDelivery(s, sessionOf(res), parse(idParam, req.params).id);
    res.json({ deleted: true });
  });

  r.get("/manage/filters", managers, async (_req, res) => {
    const scope = branchScope(sessionOf(res).employee);
    const [employees, branches] = await Promise.all([
      s.store.query<{ id: string; name: string; branch_id: string }>(
        `SELECT id, display_name AS name, branch_id FROM employees WHERE ($1::uuid IS NULL OR branch_id = $1)
         ORDER BY display_name`,
        [scope],
      ),
      s.store.query<{ id: string; name: string }>(
        "SELECT id, name FROM branches WHERE ($1::uuid IS NULL OR id = $1) ORDER BY created_at, name",
        [scope],
      ),
    ]);
    res.json({
      employees: employees.rows.map((e) => ({ id: e.id, name: e.name, branchId: e.branch_id })),
      branches: branches.rows,
    });
  });

  r.get("/manage/dashboard", managers, async (req, res) => {
    const q = parse(dashboardQuery, req.query);
    const to = q.to
      ? dayAfter(q.to)
      : new Date(startOf(s.clock().toISOString().slice(0, 10)).getTime() + 86_400_000);
    const from = q.from ? startOf(q.from) : new Date(to.getTime() - 30 * 86_400_000);
    res.json({ dashboard: await dashboard(s, sessionOf(res), { from, to, branchId: q.branchId }) });
  });

  r.get("/manage/retention", managers, async (_req, res) => {
    res.json({ retention: await getRetention(s, sessionOf(res)) });
  });

  r.put("/manage/retention", admins, async (req, res) => {
    await setDefaultRetention(s, sessionOf(res), parse(retentionBody, req.body).days);
    res.json({ retention: await getRetention(s, sessionOf(res)) });
  });

  r.put("/manage/retention/branches/:id", managers, async (req, res) => {
    const { id } = parse(idParam, req.params);
    await setBranchRetention(s, sessionOf(res), id, parse(branchRetentionBody, req.body).days);
    res.json({ retention: await getRetention(s, sessionOf(res)) });
  });
  return r;
}
