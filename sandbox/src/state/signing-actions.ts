// What a citizen does with a Дія.Підпис request (spec §7) on the phone: confirm with the photo and the PIN, and
// the sandbox signs every file's hash with the citizen's key (a detached CAdES signature, DSTU 4145 or ECDSA as
// the request's signAlgo says) and posts the callback; or decline, and nothing is sent (the status route answers
// "declined"). The signing faults (faults.ts) are applied here.
import { SIGNING_HASH, signDetached, signingDigest } from "@stiika/diia";
import type { Citizen } from "../citizens/citizens.ts";
import type { PreparedPayload } from "../delivery/delivery-queue.ts";
import { SandboxError } from "../errors.ts";
import { claimSigning, declineConsent, pendingConsent } from "./consent-actions.ts";
import type { Consent } from "./consents.ts";
import type { SandboxContext } from "./context.ts";

/** The Дія.Підпис PIN of every sandbox citizen (the phone page says so). */
export const SANDBOX_PIN = "1234";

/** Another citizen than `citizen`, whose certificate the wrong-signer fault signs with. */
function someoneElse(ctx: SandboxContext, citizen: Citizen): Citizen {
  const others = ctx.citizens.filter((c) => c.id !== citizen.id);
  const other = others[0];
  if (!other) throw new SandboxError("CONFLICT", "The wrong-signer fault needs a second citizen");
  return other;
}

/**
 * The citizen confirmed with the photo and `pin`: signs, and starts the callback. A wrong PIN is refused
 * (WRONG_PIN) and changes nothing; under the declined fault the request is declined instead.
 */
export async function signConsent(
  ctx: SandboxContext,
  id: string,
  input: { citizenId?: string; pin: string },
): Promise<Consent> {
  const consent = pendingConsent(ctx, id);
  const { signing } = consent;
  if (!signing) throw new SandboxError("CONFLICT", "This is a sharing request: approve or decline it");
  const citizen = claimSigning(ctx, consent, input.citizenId);
  if (input.pin !== SANDBOX_PIN)
    throw new SandboxError("WRONG_PIN", "Неправильний PIN-код Дія.Підпису", {
      data: { reason: "WRONG_PIN" },
    });
  if (signing.busy) throw new SandboxError("CONFLICT", "The request is being signed already");
  const faults = ctx.faults.takeSigningFaults();
  signing.faults = [
    ...(faults.declined ? ["declined"] : []),
    ...(faults["wrong-signer"] ? ["wrong-signer"] : []),
    ...(faults["other-data"] ? ["other-data"] : []),
    ...(faults.lateSeconds !== undefined ? ["late"] : []),
  ];
  consent.citizenId = citizen.id;
  if (faults.declined) return declineConsent(ctx, consent.id);
  signing.busy = true;
  try {
    const signerCitizen = faults["wrong-signer"] ? someoneElse(ctx, citizen) : citizen;
    const signer = await ctx.pki.citizens.signer(signerCitizen, signing.signAlgo);
    const signingTime = ctx.now();
    signing.signedItems = signing.files.map((file) => {
      let hash: Uint8Array = new Uint8Array(Buffer.from(file.fileHash, "base64"));
      // Over other data: the digest of something else than the partner's file (a signature valid in itself).
      if (faults["other-data"])
        hash = signingDigest(
          new TextEncoder().encode(`not ${file.fileName}: ${file.fileHash}`),
          SIGNING_HASH[signing.signAlgo],
        );
      const signature = signDetached(hash, { signer, signingTime });
      return { name: file.fileName, signature: Buffer.from(signature).toString("base64") };
    });
    signing.signerCitizenId = signerCitizen.id;
  } finally {
    signing.busy = false;
  }
  // Declined or reset while the keys loaded: nothing is sent.
  if (consent.status !== "pending" || ctx.consents.get(consent.id) !== consent) return consent;
  signing.form = ctx.faults.nextSigningForm();
  consent.status = "approved";
  consent.decidedAt = ctx.now();
  consent.deliveryId = ctx.deliveries.enqueue(
    consent,
    faults.lateSeconds === undefined ? {} : { delayMs: faults.lateSeconds * 1000 },
  ).id;
  return consent;
}

/** The callback of a signed request (spec §7): one field `encodeData` = base64(JSON {signedItems}). */
export function signingPayload(consent: Consent): PreparedPayload {
  const { signing } = consent;
  if (!signing || signing.signedItems.length === 0) throw new Error("the request is not signed");
  const encodeData = Buffer.from(JSON.stringify({ signedItems: signing.signedItems }), "utf8").toString(
    "base64",
  );
  return {
    parts: [{ name: "encodeData", value: encodeData }],
    documents: [],
    form: signing.form ?? "form-data",
    headers: { "X-Diia-Id-Action": "hashedFilesSigning" },
  };
}
