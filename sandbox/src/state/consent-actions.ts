// What a citizen does with a consent on the phone: open a deeplink, approve (→ delivery) or decline. Diia sends
// nothing to the partner on decline, so neither does the sandbox; the copies prepared meanwhile are dropped.
import type { Citizen, CitizenDocument } from "../citizens/citizens.ts";
import { SandboxError } from "../errors.ts";
import type { Consent } from "./consents.ts";
import type { SandboxContext } from "./context.ts";

function findCitizen(ctx: SandboxContext, citizenId: string): Citizen {
  const citizen = ctx.citizens.find((c) => c.id === citizenId);
  if (!citizen) throw new SandboxError("NOT_FOUND", "Citizen not found");
  return citizen;
}

export function pendingConsent(ctx: SandboxContext, id: string): Consent {
  const consent = ctx.consents.get(id);
  if (!consent) throw new SandboxError("NOT_FOUND", "Consent not found");
  if (consent.status !== "pending")
    throw new SandboxError("CONFLICT", `Consent is already ${consent.status}`);
  return consent;
}

function claim(ctx: SandboxContext, consent: Consent, citizenId: string | undefined): Citizen {
  const id = citizenId ?? consent.citizenId;
  if (!id) throw new SandboxError("VALIDATION", "citizenId is required: nobody has opened this deeplink yet");
  if (consent.citizenId && consent.citizenId !== id) {
    throw new SandboxError("CONFLICT", "The consent belongs to another citizen");
  }
  return findCitizen(ctx, id);
}

/** The citizen confirming a signing request: the one who opened its deeplink (or, from the control API, the one named). */
export const claimSigning = claim;

/**
 * The documents a consent shares. Barcode/QR: the code's document. Deeplink: every document of each requested
 * type; `passport` is the internal passport when the citizen has one, else the foreign one (spec §4.1). Diia does
 * not let a citizen share an offer they lack a document for, so a missing type is an error.
 */
export function documentsForConsent(citizen: Citizen, consent: Consent): CitizenDocument[] {
  if (consent.code) {
    const { documentId } = consent.code;
    const document = citizen.documents.find((d) => d.id === documentId);
    if (!document) throw new SandboxError("NOT_FOUND", "The citizen no longer has this document");
    return [document];
  }
  const chosen = new Set<CitizenDocument>();
  const missing: string[] = [];
  for (const scope of consent.documentTypes) {
    const ofType = (type: string) => citizen.documents.filter((d) => d.type === type);
    const found =
      scope === "passport"
        ? ofType("internal-passport").length > 0
          ? ofType("internal-passport")
          : ofType("foreign-passport")
        : ofType(scope);
    if (found.length === 0) missing.push(scope);
    for (const document of found) chosen.add(document);
  }
  if (missing.length > 0) {
    throw new SandboxError("CONFLICT", "The citizen has no document of a requested type", {
      data: { missing },
    });
  }
  return [...chosen];
}

/** The citizen scanned a deeplink QR (or opened the link): the consent becomes theirs. */
export function openDeeplink(ctx: SandboxContext, citizenId: string, deeplink: string): Consent {
  const consent = ctx.consents.findByDeeplink(deeplink.trim());
  if (!consent) throw new SandboxError("NOT_FOUND", "Deeplink not found");
  pendingConsent(ctx, consent.id);
  ctx.consents.claim(consent, claim(ctx, consent, citizenId).id);
  return consent;
}

export function approveConsent(ctx: SandboxContext, id: string, citizenId?: string): Consent {
  const consent = pendingConsent(ctx, id);
  if (consent.signing)
    throw new SandboxError("CONFLICT", "This is a signing request: sign it (with the PIN) or decline it");
  const citizen = claim(ctx, consent, citizenId);
  documentsForConsent(citizen, consent);
  consent.citizenId = citizen.id;
  consent.status = "approved";
  consent.decidedAt = ctx.now();
  consent.deliveryId = ctx.deliveries.enqueue(consent).id;
  return consent;
}

export function declineConsent(ctx: SandboxContext, id: string): Consent {
  const consent = pendingConsent(ctx, id);
  consent.status = "declined";
  consent.decidedAt = ctx.now();
  ctx.deliveries.discard(consent.id);
  return consent;
}
