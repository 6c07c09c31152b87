/**
 * Дія.Підпис signings (issue 14) as the server answers them (docs/api.md, "Signing"): the teller's long-poll, the
 * request's latest signing, a copy's signings. The web parses every answer with these; the server's tests check
 * its answers against them.
 *
 * @example
 * import { signingResponse } from "@stiika/api";
 * const { signing } = signingResponse.parse(await res.json());
 */
import { z } from "zod";

export const SIGNING_STATUSES = [
  "waiting",
  "signed",
  "signed_by_other",
  "declined",
  "expired",
  "failed",
  "cancelled",
] as const;
export type SigningStatus = (typeof SIGNING_STATUSES)[number];

export const SIGN_ALGOS = ["DSTU", "ECDSA"] as const;
export type SignAlgo = (typeof SIGN_ALGOS)[number];

const isoTime = z.iso.datetime({ offset: true });

export const signerSchema = z.object({
  fullName: z.string(),
  rnokppMatches: z.boolean(),
  signingTime: isoTime.nullable(),
  certificateSerial: z.string(),
  issuer: z.string(),
});
export type Signer = z.infer<typeof signerSchema>;

export const signingSchema = z.object({
  id: z.uuid(),
  requestId: z.uuid(),
  status: z.enum(SIGNING_STATUSES),
  reason: z.object({ code: z.string(), message: z.string() }).nullable(),
  signAlgo: z.enum(SIGN_ALGOS),
  fileName: z.string().min(1),
  deeplink: z.string().nullable(),
  createdAt: isoTime,
  expiresAt: isoTime,
  version: z.number().int(),
  refusedCallbacks: z.number().int().nonnegative(),
  signer: signerSchema.nullable(),
  signedAt: isoTime.nullable(),
});
export type Signing = z.infer<typeof signingSchema>;

export const signingResponse = z.object({ signing: signingSchema });
