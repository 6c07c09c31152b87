// The status routes Diia's gateway has but no SDK documents (spec §3 "also routed in GW"; values unknown [?]).
// Diia sends nothing on decline, so these are how a partner learns of one. The sandbox answers from the consent
// the request created: `{status: "pending" | "approved" | "declined"}`; an unknown pair is 404 (README, Choices).

import type { RequestHandler } from "express";
import { z } from "zod";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import type { Consent } from "../state/consents.ts";
import type { SandboxContext } from "../state/context.ts";
import { DEEPLINK_PREFIX } from "./offer-request.ts";

const documentQuery = z.union([
  z.object({ barcode: z.string().min(1), requestId: z.string().min(1) }),
  z.object({ otp: z.string().min(1), requestId: z.string().min(1) }),
]);
const offerQuery = z.object({ otp: z.string().min(1), requestId: z.string().min(1) });

function answer(consent: Consent | undefined): { status: Consent["status"] } {
  if (!consent) throw new SandboxError("NOT_FOUND", "No request with presented parameters");
  return { status: consent.status };
}

/** The newest consent of `requestId` that `matches`: a partner may reuse a requestId, the latest counts. */
function latest(ctx: SandboxContext, requestId: string, matches: (c: Consent) => boolean) {
  return ctx.consents
    .list()
    .filter((c) => c.requestId === requestId && matches(c))
    .at(-1);
}

/** `?barcode&requestId` (barcode share) or `?otp&requestId` (QR share: the QR's otp stands for the barcode). */
export const documentRequestStatus =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const q = validate(documentQuery, req.query);
    const barcode = "barcode" in q ? q.barcode : ctx.codes.findByOtp(q.otp.toLowerCase())?.barcode;
    res.json(answer(latest(ctx, q.requestId, (c) => c.code !== null && c.code.barcode === barcode)));
  };

/** `?otp&requestId`: a deeplink share; `otp` is the deeplink's id, or the whole deeplink. */
export const offerRequestStatus =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const q = validate(offerQuery, req.query);
    const deeplink = q.otp.startsWith(DEEPLINK_PREFIX) ? q.otp : `${DEEPLINK_PREFIX}${q.otp}`;
    res.json(answer(latest(ctx, q.requestId, (c) => c.deeplink === deeplink)));
  };
