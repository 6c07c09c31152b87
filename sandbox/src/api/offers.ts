// Offers, API v1 (spec §3.2): create, list, delete. Diia has no offer update route, so neither does the sandbox.
import { isSharedDocumentType, scopeAllows } from "@stiika/diia";
import type { RequestHandler } from "express";
import { SandboxError } from "../errors.ts";
import { validate } from "../lib/http.ts";
import type { SandboxContext } from "../state/context.ts";
import { newDiiaId, type OfferRecord } from "../state/persistent-store.ts";
import { AcceptedOfferInputSchema } from "./accepted-bodies.ts";
import { findBranch, page } from "./branches.ts";

export const offerView = ({ branchId: _b, createdAt: _c, ...offer }: OfferRecord) => offer;

export function findOffer(ctx: SandboxContext, branchId: string, offerId: string): OfferRecord {
  const offer = ctx.store.data.offers.find((o) => o._id === offerId && o.branchId === branchId);
  if (!offer) throw new SandboxError("NOT_FOUND", "Offer not found");
  return offer;
}

export const createOffer =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.branchId));
    const input = validate(AcceptedOfferInputSchema, req.body);
    // An offer asks for a subset of what its branch may ask for (spec §3.2 [INF]); a concrete passport type is
    // covered by a branch's `passport` alias.
    const branchSharing = branch.scopes.sharing ?? [];
    const notAllowed = [
      ...(input.scopes.sharing ?? []).filter(
        (s) => !branchSharing.includes(s) && !(isSharedDocumentType(s) && scopeAllows(branchSharing, s)),
      ),
      ...(input.scopes.diiaId ?? []).filter((a) => !(branch.scopes.diiaId ?? []).includes(a)),
    ];
    if (notAllowed.length > 0) {
      throw new SandboxError(
        "FORBIDDEN",
        "Access forbidden: the offer asks for scopes its branch does not have",
        {
          data: { scopes: notAllowed },
        },
      );
    }
    const offer: OfferRecord = {
      _id: newDiiaId(),
      branchId: branch._id,
      ...input,
      createdAt: ctx.now().toISOString(),
    };
    ctx.store.data.offers.push(offer);
    ctx.store.save();
    res.json({ _id: offer._id });
  };

export const listOffers =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.branchId));
    const { total, items } = page(
      ctx.store.data.offers.filter((o) => o.branchId === branch._id),
      req.query,
    );
    res.json({ total, offers: items.map(offerView) });
  };

export const deleteOffer =
  (ctx: SandboxContext): RequestHandler =>
  (req, res) => {
    const branch = findBranch(ctx, String(req.params.branchId));
    const offer = findOffer(ctx, branch._id, String(req.params.offerId));
    ctx.store.data.offers = ctx.store.data.offers.filter((o) => o !== offer);
    ctx.store.save();
    // As for branches: `{}` is what every SDK's delete accepts.
    res.status(200).json({});
  };
