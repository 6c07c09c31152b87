// The certificate services the sandbox's certificates name (authorityInfoAccess, cRLDistributionPoints), on
// the paths of PKI_PATHS and CITIZEN_PKI_PATHS: the OCSP responder (POST application/ocsp-request, and GET with the base64 request in
// the path, RFC 6960 appendix A.1), the CRL and the CA certificate. Faults: endpoints "ocsp", "crl", "ca-issuers".
import express from "express";
import { CITIZEN_PKI_PATHS } from "../delivery/citizen-pki.ts";
import { PKI_PATHS } from "../delivery/sandbox-pki.ts";
import type { SandboxContext } from "../state/context.ts";
import { faultGate } from "./partner-api.ts";

/** An OCSP request is a few hundred bytes; anything much larger is not one. */
const MAX_REQUEST = 16 * 1024;

export function pkiRoutes(ctx: SandboxContext): express.Router {
  const router = express.Router();
  const answer = (res: express.Response, request: Uint8Array) => {
    res
      .status(200)
      .type("application/ocsp-response")
      .set("cache-control", "no-store")
      .send(Buffer.from(ctx.pki.ocsp(request, ctx.now())));
  };

  router.post(
    PKI_PATHS.ocsp,
    faultGate(ctx, "ocsp"),
    express.raw({ type: "application/ocsp-request", limit: MAX_REQUEST }),
    (req, res) => {
      // express.raw leaves the body unset for another content type: RFC 6960 A.1 requires this one.
      if (!Buffer.isBuffer(req.body)) {
        res.status(415).type("text/plain").send("expected application/ocsp-request");
        return;
      }
      answer(res, new Uint8Array(req.body));
    },
  );
  // GET {url}/{url-encoding of base64 of the DER request}; base64's "/" may arrive as a path separator.
  router.get(`${PKI_PATHS.ocsp}/*request`, faultGate(ctx, "ocsp"), (req, res) => {
    const parts = (req.params as { request?: string | string[] }).request ?? [];
    const text = (Array.isArray(parts) ? parts.join("/") : parts).trim();
    answer(
      res,
      /^[A-Za-z0-9+/]+={0,2}$/.test(text) ? new Uint8Array(Buffer.from(text, "base64")) : new Uint8Array(),
    );
  });
  router.get(PKI_PATHS.crl, faultGate(ctx, "crl"), (_req, res) => {
    res.type("application/pkix-crl").send(Buffer.from(ctx.pki.crl(ctx.now())));
  });
  router.get(PKI_PATHS.caIssuers, faultGate(ctx, "ca-issuers"), (_req, res) => {
    res.type("application/pkix-cert").send(Buffer.from(ctx.pki.ca.der));
  });
  // The citizens' qualified CAs (Дія.Підпис certificates name these); OCSP for them is the responder above.
  router.get(CITIZEN_PKI_PATHS.crl, faultGate(ctx, "crl"), (_req, res) => {
    res.type("application/pkix-crl").send(Buffer.from(ctx.pki.citizens.crl("DSTU", ctx.now())));
  });
  router.get(CITIZEN_PKI_PATHS.ecdsaCrl, faultGate(ctx, "crl"), (_req, res) => {
    res.type("application/pkix-crl").send(Buffer.from(ctx.pki.citizens.crl("ECDSA", ctx.now())));
  });
  router.get(CITIZEN_PKI_PATHS.caIssuers, faultGate(ctx, "ca-issuers"), (_req, res) => {
    res.type("application/pkix-cert").send(Buffer.from(ctx.pki.citizens.ca.DSTU.der));
  });
  router.get(CITIZEN_PKI_PATHS.ecdsaCaIssuers, faultGate(ctx, "ca-issuers"), (_req, res) => {
    res.type("application/pkix-cert").send(Buffer.from(ctx.pki.citizens.ca.ECDSA.der));
  });
  return router;
}
