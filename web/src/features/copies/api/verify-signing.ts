/**
 * `POST /api/manage/copies/:id/signings/:signingId/verify` → `{verification}`: the server checks the client's
 * signature again now — the hash recomputed from the stored application PDF, the chain to the qualified CAs,
 * revocation as of now (audited). `valid: false` carries a `code` and a Ukrainian `message`.
 *
 * @example
 * const verify = useVerifySigning();
 * verify.mutate({ copyId, signingId }); // verify.data?.valid
 */

import { signerSchema } from "@stiika/api";
import { useMutation } from "@tanstack/react-query";
import { z } from "zod";
import { apiRequest } from "../../../lib/api-client.ts";

export const verificationSchema = z.object({
  valid: z.boolean(),
  code: z.string().nullable(),
  message: z.string(),
  signer: signerSchema.nullable(),
  checkedAt: z.iso.datetime({ offset: true }),
});
export type Verification = z.infer<typeof verificationSchema>;

export function verifySigning({ copyId, signingId }: { copyId: string; signingId: string }) {
  return apiRequest(
    `/api/manage/copies/${encodeURIComponent(copyId)}/signings/${encodeURIComponent(signingId)}/verify`,
    { method: "POST", schema: z.object({ verification: verificationSchema }) },
  ).then((r) => r.verification);
}

export const useVerifySigning = () => useMutation({ mutationFn: verifySigning });
