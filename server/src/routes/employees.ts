import { ROLES } from "@stiika/api";
import { Router } from "express";
import { z } from "zod";
import { parse, requireSession, sessionOf } from "../http/middleware.ts";
import type { Services } from "../services/context.ts";
import { createEmployee } from "../services/employees.ts";

const newEmployee = z.object({
  login: z.string().regex(/^[A-Za-z0-9._-]{3,64}$/),
  displayName: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  branchId: z.uuid(),
  password: z.string().min(12).max(1000).optional(),
});

/** Admin only. `POST /api/employees` → `{employee, oneTimePassword?}` (shown once). */
export function employeeRoutes(s: Services): Router {
  const r = Router();
  const admin = requireSession(s, { area: "admin" });
  r.post("/employees", admin, async (req, res) => {
    const result = await createEmployee(s, sessionOf(res).employee.id, parse(newEmployee, req.body));
    res.status(201).json(result);
  });
  return r;
}
