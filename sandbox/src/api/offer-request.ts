// Dynamic offer-request (spec §3.3): a deeplink of Diia's form; the consent waits until a citizen opens it. With
// data.hashedFilesSigning (an offer scoped diiaId hashedFilesSigning) it is a Дія.Підпис request (spec §7).
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
    const deeplink = `${DEEPLINK_PREFIX}${randomBytes(16).toString("hex")}`;
    const party = {
      ...consentParty(branch, ctx.config.partnerName),
      branchId: branch._id,
      offerId: offer._id,
      offerName: offer.name,
      requestId: body.requestId,
      code: null,
      deeplink,
      returnLink: body.returnLink ?? offer.returnLink ?? null,
    };
    const signing = body.data?.hashedFilesSigning;
    if (signing !== undefined) {
      ctx.consents.create({
        ...party,
        flow: "deeplink",
        citizenId: null,
        documentTypes: [],
        signing: {
          // Diia's default is undocumented (spec §7); DSTU is what every SDK example signs with.
          signAlgo: body.signAlgo ?? "DSTU",
          files: signedFiles(signing.hashedFiles),
          signedItems: [],
          signerCitizenId: null,
          faults: [],
          form: null,
          busy: false,
        },
      });
      res.json({ deeplink });
      return;
    }
    const sharing = offer.scopes.sharing ?? [];
    if (sharing.length === 0) {
      // Diia-ID auth deeplinks are outside what the sandbox simulates.
      throw new SandboxError("VALIDATION", "Parameter validation error", {
        data: {
          errors: [
            {
              type: "unsupported",
              field: "offerId",
              message: "the sandbox simulates sharing and hashedFilesSigning offers only",
            },
          ],
        },
      });
    }
    ctx.consents.create({
      ...party,
      flow: "deeplink",
      citizenId: null,
      documentTypes: sharing,
      signing: null,
    });
    res.json({ deeplink });
  };

/**
 * The files of a signing deeplink. Each `fileHash` must be the base64 of a 32-byte digest (GOST 34.311 and SHA-256
 * both are): a signature's messageDigest is what the partner compares with its file's hash, so anything else could
 * never be verified. Names are distinct: the callback names each signature by its file.
 */
function signedFiles(files: readonly { fileName: string; fileHash: string }[]) {
  const errors: { type: string; field: string; message: string }[] = [];
  const seen = new Set<string>();
  files.forEach((file, i) => {
    if (Buffer.from(file.fileHash, "base64").length !== 32)
      errors.push({
        type: "invalid_hash",
        field: `data.hashedFilesSigning.hashedFiles.${i}.fileHash`,
        message: "expected the base64 of a 32-byte digest",
      });
    if (seen.has(file.fileName))
      errors.push({
        type: "duplicate",
        field: `data.hashedFilesSigning.hashedFiles.${i}.fileName`,
        message: "file names must be distinct",
      });
    seen.add(file.fileName);
  });
  if (errors.length > 0)
    throw new SandboxError("VALIDATION", "Parameter validation error", { data: { errors } });
  return files.map(({ fileName, fileHash }) => ({ fileName, fileHash }));
}
