/**
 * `POST /api/admin/branches` (create → `{branch: {id}}`) or `PUT /api/admin/branches/:id` (→ `{updated: true}`):
 * the server registers or updates the branch in Diia first. `branchInputSchema` is the form's, with Diia's limits.
 *
 * @example
 * useSaveBranch().mutate({ name: "Філія", region: "м. Київ", district: "…", location: "Київ", street: "…",
 *   house: "1", email: "filia@bank.ua", address: "вул. Хрещатик, 1\nКиїв" });
 */
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { adminKeys } from "../query-keys.ts";
import { updatedResponse, useAdminMutation } from "./mutation.ts";

// Messages are keys of the form's copy (`adminText[lang].invalid`), so one schema serves both languages.
const required = (max: number) => z.string().min(1, "required").max(max, "tooLong");
/**
 * What an admin types for a branch: the lengths Diia allows. Whether the e-mail and the address are acceptable is
 * the server's call (it knows Diia's rules), and its refusal is shown in its words.
 */
export const branchInputSchema = z.object({
  name: required(32),
  region: required(100),
  district: required(100),
  location: required(100),
  street: required(100),
  house: required(20),
  email: z.string().max(100, "tooLong"),
  address: z.string().max(200, "tooLong"),
});
export type BranchInput = z.infer<typeof branchInputSchema>;

const created = z.object({ branch: z.object({ id: z.string() }) });

export const useSaveBranch = () =>
  useAdminMutation(adminKeys.branches(), async ({ id, ...body }: BranchInput & { id?: string }) => {
    if (!id)
      return (await apiRequest("/api/admin/branches", { method: "POST", body, schema: created })).branch;
    const path = `/api/admin/branches/${encodeURIComponent(id)}`;
    await apiRequest(path, { method: "PUT", body, schema: updatedResponse });
    return { id };
  });
