// Dynamic offer-request (spec §3.3): a deeplink of Diia's form; the consent waits until a citizen opens it.
import { randomBytes } from "node:crypto";
import type { RequestHandler } from "express";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import type { SandboxContext } from "../state/context.ts";
import { AcceptedDeeplinkRequestSchema } from "./accepted-bodies.ts";
import { consentParty, findBranch } from "./branches.ts";
import { findOffer } from "./offers.ts";

/** The shape of the SDK stubs (spec §3.3 [?]); the sandbox also serves this path, redirecting to its phone. */
export const DEEPLINK_PREFIX = "https://diia.app/acquirers/offer-request/dynamic/";

export const createDynamicOfferRequest =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.branchId));
    const body = validate(AcceptedDeeplinkRequestSchema, req.body);
    const offer = findOffer(ctx, branch._id, body.offerId);
    // A signing deeplink needs an offer scoped to sign; Diia refuses it rather than quietly sharing instead.
    if (
      body.data?.hashedFilesSigning !== undefined &&
      !(offer.scopes.diiaId ?? []).includes("hashedFilesSigning")
    ) {
      throw new SandboxError(
        "FORBIDDEN",
        "Access forbidden: the offer has no diiaId scope hashedFilesSigning",
        {
          data: { scopes: ["hashedFilesSigning"] },
        },
      );
    }
    const sharing = offer.scopes.sharing ?? [];
    // A signing deeplink waits like a sharing one (its status route answers; the phone's signing is helper B's).
    const signing = body.data?.hashedFilesSigning !== undefined;
    if (sharing.length === 0 && !signing) {
      // Diia-ID (auth, signing) deeplinks are outside what the sandbox simulates.
      throw new SandboxError("VALIDATION", "Parameter validation error", {
        data: {
          errors: [
            { type: "unsupported", field: "offerId", message: "the sandbox simulates sharing offers only" },
          ],
        },
      });
    }
    const deeplink = `${DEEPLINK_PREFIX}${randomBytes(16).toString("hex")}`;
    ctx.consents.create({
      flow: "deeplink",
      citizenId: null,
      ...consentParty(branch, ctx.config.partnerName),
      branchId: branch._id,
      offerId: offer._id,
      offerName: offer.name,
      documentTypes: sharing,
      requestId: body.requestId,
      code: null,
      deeplink,
      returnLink: body.returnLink ?? offer.returnLink ?? null,
    });
    res.json({ deeplink });
  };
