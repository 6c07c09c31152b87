// What the sandbox accepts, as Diia does: the official SDKs' bodies with their documented defaults. The client's
// schemas are our strict writer; Diia is more forgiving than that, and a sandbox stricter than Diia fails SDKs
// that work against it (issue 16). Nulls count as absent (Python's pydantic models and PHP send `null` for
// unset fields); `customFullName` / `customFullAddress` are optional in every SDK.
import {
  BranchInputSchema,
  DeeplinkRequestSchema,
  DocumentRequestSchema,
  OfferInputSchema,
  withoutNulls,
} from "@stiika/diia";
import { z } from "zod";

const acceptBody = <S extends z.ZodType>(schema: S) => z.preprocess(withoutNulls, schema);

// The client's schema already leaves `customFullName` / `customFullAddress` optional.
const branchFields = BranchInputSchema;

/** Branch create. The Python and JS SDKs also send an empty `_id` / `id`; unknown keys are dropped. */
export const AcceptedBranchInputSchema = acceptBody(branchFields);
export type AcceptedBranchInput = z.output<typeof AcceptedBranchInputSchema>;

/** Branch update: JAVA/PY send `_id` (empty when the model was never saved); the path names the branch. */
export const AcceptedBranchUpdateSchema = acceptBody(
  branchFields.extend({ _id: z.string().max(256).optional() }),
);

export const AcceptedOfferInputSchema = acceptBody(OfferInputSchema);
export type AcceptedOfferInput = z.output<typeof AcceptedOfferInputSchema>;

/** PHP sends `returnLink: null` and `useDiiaId` when not asked to. */
export const AcceptedDeeplinkRequestSchema = acceptBody(DeeplinkRequestSchema);

export const AcceptedDocumentRequestSchema = acceptBody(DocumentRequestSchema);
