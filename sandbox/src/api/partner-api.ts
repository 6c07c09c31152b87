// The partner ("acquirer") API on Diia's paths (spec §1, §3), with injected latency and failures per endpoint.
import express, { type RequestHandler } from "express";
import type { SandboxContext } from "../state/context.ts";
import type { EndpointName } from "../state/faults.ts";
import { issueSessionToken, requireSession } from "./auth.ts";
import { createBranch, deleteBranch, getBranch, listBranches, updateBranch } from "./branches.ts";
import { identifyDocument, requestDocument } from "./document-request.ts";
import { createDynamicOfferRequest } from "./offer-request.ts";
import { createOffer, deleteOffer, listOffers } from "./offers.ts";
import { documentRequestStatus, offerRequestStatus } from "./request-status.ts";

const FAULT_NAMES: Record<number, string> = {
  500: "InternalServerError",
  502: "BadGatewayError",
  503: "ServiceUnavailableError",
  504: "GatewayTimeoutError",
};

/** Applies the configured latency and the endpoint's injected fault (an error status, or no answer at all). */
export function faultGate(ctx: SandboxContext, endpoint: EndpointName): RequestHandler {
  return async (_req, res, next) => {
    const { latencyMs } = ctx.faults.current;
    if (latencyMs > 0) await new Promise((r) => setTimeout(r, latencyMs));
    const fault = ctx.faults.takeEndpointFault(endpoint);
    // A hung request is never answered; the client's timeout (or the sandbox stopping) ends it.
    if (fault?.kind === "hang") return;
    if (fault) {
      const name = FAULT_NAMES[fault.status] ?? "InternalServerError";
      res.status(fault.status).json({ name, message: "Injected fault", code: fault.status, data: {} });
      return;
    }
    next();
  };
}

export function partnerApi(ctx: SandboxContext): express.Router {
  const router = express.Router();
  const session = requireSession(ctx);
  const route = (
    method: "get" | "post" | "put" | "delete",
    path: string,
    endpoint: EndpointName,
    handler: (ctx: SandboxContext) => RequestHandler,
  ) => {
    const guards = endpoint === "auth" ? [] : [session];
    router[method](path, faultGate(ctx, endpoint), ...guards, handler(ctx));
  };

  route("get", "/api/:version/auth/acquirer/:token", "auth", issueSessionToken);
  route("post", "/api/v2/acquirers/branch", "branch-create", createBranch);
  route("get", "/api/v2/acquirers/branches", "branch-list", listBranches);
  route("get", "/api/v2/acquirers/branch/:id", "branch-get", getBranch);
  route("put", "/api/v2/acquirers/branch/:id", "branch-update", updateBranch);
  route("delete", "/api/v2/acquirers/branch/:id", "branch-delete", deleteBranch);
  route("post", "/api/v1/acquirers/branch/:branchId/offer", "offer-create", createOffer);
  route("get", "/api/v1/acquirers/branch/:branchId/offers", "offer-list", listOffers);
  route("delete", "/api/v1/acquirers/branch/:branchId/offer/:offerId", "offer-delete", deleteOffer);
  route(
    "post",
    "/api/v2/acquirers/branch/:branchId/offer-request/dynamic",
    "offer-request-dynamic",
    createDynamicOfferRequest,
  );
  route("post", "/api/v1/acquirers/document-request", "document-request", requestDocument);
  route("post", "/api/v1/acquirers/document-identification", "document-identification", identifyDocument);
  route("get", "/api/v1/acquirers/document-request/status", "request-status", documentRequestStatus);
  route("get", "/api/v1/acquirers/offer-request/status", "request-status", offerRequestStatus);
  return router;
}
