/**
 * `GET /api/manage/copies/:id` → a copy's detail: documents (normalised metadata, provenance, a signature checked
 * again on the server), the saved questionnaire, the client's Дія.Підпис signings of the application (newest
 * first), and the record's audit trail. Each call is audited as a view.
 *
 * @example
 * const { data: copy } = useCopy(id); // copy?.documents[0].signature.valid
 */

import { signingSchema } from "@stiika/api";
import { useQuery } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";
import { copyKeys } from "../query-keys.ts";
import { copySummarySchema } from "./list-copies.ts";

const signer = z.object({
  subject: z.string(),
  serial: z.string(),
  keyId: z.string().nullable(),
  issuer: z.string(),
});
export const copyDocumentSchema = z.object({
  id: z.string(),
  type: z.string(),
  title: z.string(),
  normalised: z.record(z.string(), z.unknown()).nullable(),
  // What of it a person must read for themselves (docs/api.md); absent on servers before issue 16.
  manualCheck: z.array(z.object({ path: z.string(), code: z.string() })).default([]),
  fields: z.array(z.object({ path: z.string(), value: z.string() })).default([]),
  provenance: z.object({
    signer,
    signingTime: z.string().nullable(),
    receivedAt: z.string(),
    verified: z.boolean(),
  }),
  signature: z.object({
    signer: z.string(),
    issuer: z.string(),
    serial: z.string(),
    signingTime: z.string().nullable(),
    valid: z.boolean(),
    checkedNow: z.boolean(),
  }),
});
export type CopyDocument = z.infer<typeof copyDocumentSchema>;

export const copyDetailSchema = copySummarySchema.extend({
  kind: z.string(),
  expiresAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
  deletedReason: z.string().nullable(),
  documents: z.array(copyDocumentSchema),
  questionnaire: z
    .object({
      template: z.string(),
      fields: z.record(z.string(), z.string()),
      savedAt: z.string(),
      savedBy: z.string(),
    })
    .nullable(),
  signings: z.array(signingSchema),
  audit: z.array(
    z.object({
      seq: z.number(),
      at: z.string(),
      action: z.string(),
      actor: z.object({ id: z.string(), name: z.string() }).nullable(),
      subjectType: z.string().nullable(),
      subjectId: z.string().nullable(),
      details: z.record(z.string(), z.unknown()),
    }),
  ),
});
export type CopyDetail = z.infer<typeof copyDetailSchema>;

export const useCopy = (id: string) =>
  useQuery({
    queryKey: copyKeys.detail(id),
    queryFn: ({ signal }) =>
      apiRequest(`/api/manage/copies/${encodeURIComponent(id)}`, {
        schema: z.object({ copy: copyDetailSchema }),
        signal,
      }).then((r) => r.copy),
    gcTime: 0,
    staleTime: Infinity,
  });

/** Download links (attachment): the browser saves the file; the server audits the export. */
export const exportUrl = (copyId: string, documentId: string, what: "pdf" | "envelope") =>
  `/api/manage/copies/${encodeURIComponent(copyId)}/documents/${encodeURIComponent(documentId)}/${what}`;

/** A signing's application PDF, or the client's detached signature as `<fileName>.p7s` (DER); audited. */
export const signingExportUrl = (copyId: string, signingId: string, what: "pdf" | "signature") =>
  `/api/manage/copies/${encodeURIComponent(copyId)}/signings/${encodeURIComponent(signingId)}/${what}`;
