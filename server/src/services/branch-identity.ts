import { DIIA_SHARING_SCOPES, IDENTIFICATION_DOCUMENT_TYPES } from "@stiika/diia";
import { AppError } from "../errors.ts";
import { appendAudit } from "./audit.ts";
import type { Services } from "./context.ts";

/**
 * What the citizen reads on Diia's consent screen about who asks: the partner's legal name (one setting for every
 * branch, sent as each branch's `customFullName`), the branch's name and its address (`customFullAddress`, one
 * text, line breaks allowed), plus the contact e-mail Diia keeps for the branch. One builder makes the body of
 * every branch create and update, so the bootstrap and the admin screen send the same thing.
 *
 * Limits are Diia's (the Python SDK's client-side checks, spec §3.1); checked here so the admin gets the field
 * and its limit in words instead of Diia's refusal.
 *
 * @example
 * const input = checkBranchInput(body); // throws BRANCH_FIELD_INVALID / BRANCH_EMAIL_INVALID
 * await link.client.branches.update(id, diiaBranchBody(input, await getPartnerLegalName(s), s.config.diia.contactEmail));
 */
export const PARTNER_LEGAL_NAME_KEY = "partner_legal_name";
/** The Diia-ID actions every branch is registered with: signing the application (issue 14). */
export const BRANCH_DIIA_ID_SCOPES = ["hashedFilesSigning"] as const;

export interface BranchAddress {
  region: string;
  district: string;
  location: string;
  street: string;
  house: string;
}

export interface BranchIdentity extends BranchAddress {
  name: string;
  /** The branch's contact e-mail; undefined = the configured DIIA_CONTACT_EMAIL. */
  email?: string | undefined;
  /** The address as the client reads it; undefined = composed from the structured fields. */
  address?: string | undefined;
}

// [field, Ukrainian name, min, max]
const LIMITS = [
  ["name", "Назва відділення", 1, 32],
  ["region", "Область", 4, 100],
  ["district", "Район", 4, 100],
  ["location", "Населений пункт", 2, 100],
  ["street", "Вулиця", 4, 100],
  ["house", "Будинок", 1, 20],
  ["address", "Адреса для клієнта", 1, 200],
] as const;
const EMAIL_LIMITS = { min: 6, max: 100 };
export const PARTNER_NAME_LIMITS = { min: 1, max: 100 };
// Diia's own e-mail check is unknown; this refuses what no mail system accepts (spaces, no domain, two @).
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
// Control characters and bidirectional overrides: on a consent screen they could make one name read as another
// ("Банк\u202Eкнаб"), and Diia's handling of them is unknown. Line breaks of the address are checked line by line.
const HIDDEN = /[\p{Cc}\p{Cf}]/u;

/** Trims every line, drops empty lines and unifies line breaks: what the client reads, without stray spaces. */
function cleanLines(value: string): string {
  return value
    .split(/\r\n|\r|\n/)
    .map((l) => l.replace(/\s+/g, " ").trim())
    .filter((l) => l !== "")
    .join("\n");
}

const length = (label: string, min: number, max: number) =>
  new AppError("BRANCH_FIELD_INVALID", `${label}: від ${min} до ${max} символів`);
const hidden = (label: string) =>
  new AppError("BRANCH_FIELD_INVALID", `${label}: приберіть невидимі або керівні символи`);

/** The admin's branch body, cleaned and checked against Diia's limits. Empty e-mail or address = not set. */
export function checkBranchInput(body: unknown): BranchIdentity {
  if (typeof body !== "object" || body === null)
    throw new AppError("BAD_REQUEST", "Тіло запиту має бути об'єктом");
  const raw = body as Record<string, unknown>;
  const out: Record<string, string | undefined> = {};
  for (const [field, label, min, max] of LIMITS) {
    const value = raw[field];
    if (field === "address" && (value === undefined || value === null)) continue;
    if (typeof value !== "string") throw length(label, min, max);
    const text = field === "address" ? cleanLines(value) : value.replace(/\s+/g, " ").trim();
    if (field === "address" && text === "") continue;
    if ([...text].length < min || [...text].length > max) throw length(label, min, max);
    if (text.split("\n").some((line) => HIDDEN.test(line))) throw hidden(label);
    out[field] = text;
  }
  const email = raw.email;
  if (email !== undefined && email !== null && email !== "") {
    if (typeof email !== "string") throw new AppError("BRANCH_EMAIL_INVALID");
    const e = email.trim();
    if (e.length < EMAIL_LIMITS.min || e.length > EMAIL_LIMITS.max || !EMAIL.test(e))
      throw new AppError("BRANCH_EMAIL_INVALID");
    out.email = e;
  }
  return out as unknown as BranchIdentity;
}

/** The address as one text when the admin gave none: "Київ, вул. Хрещатик, 1". */
export const composedAddress = (a: BranchAddress) => `${a.location}, ${a.street}, ${a.house}`;

/**
 * The branch body Diia receives on create and on update (PUT takes the whole object). Without a partner legal
 * name `customFullName` is left out: Diia then shows the name the partner was registered with.
 */
export function diiaBranchBody(
  b: BranchIdentity,
  partnerLegalName: string | undefined,
  contactEmail: string,
) {
  return {
    name: b.name,
    email: b.email ?? contactEmail,
    region: b.region,
    district: b.district,
    location: b.location,
    street: b.street,
    house: b.house,
    ...(partnerLegalName === undefined ? {} : { customFullName: partnerLegalName }),
    customFullAddress: b.address ?? composedAddress(b),
    deliveryTypes: ["api" as const],
    offerRequestType: "dynamic" as const,
    // diiaId: the branch's Дія.Підпис offer (issue 14) needs its branch to have the scope.
    scopes: {
      sharing: [...DIIA_SHARING_SCOPES],
      documentIdentification: [...IDENTIFICATION_DOCUMENT_TYPES],
      diiaId: [...BRANCH_DIIA_ID_SCOPES],
    },
  };
}

export async function getPartnerLegalName(s: Services): Promise<string | undefined> {
  const row = (
    await s.store.query<{ value: unknown }>("SELECT value FROM settings WHERE key = $1", [
      PARTNER_LEGAL_NAME_KEY,
    ])
  ).rows[0];
  return typeof row?.value === "string" && row.value !== "" ? row.value : undefined;
}

export function checkPartnerLegalName(value: unknown): string | undefined {
  if (value === null || value === "") return undefined;
  const text = typeof value === "string" ? value.replace(/\s+/g, " ").trim() : undefined;
  if (
    text === undefined ||
    [...text].length < PARTNER_NAME_LIMITS.min ||
    [...text].length > PARTNER_NAME_LIMITS.max
  )
    throw length("Юридична назва партнера", PARTNER_NAME_LIMITS.min, PARTNER_NAME_LIMITS.max);
  if (HIDDEN.test(text)) throw hidden("Юридична назва партнера");
  return text;
}

/** Stores the legal name (undefined clears it); the caller re-syncs the branches with Diia first. */
export async function storePartnerLegalName(s: Services, actorId: string, name: string | undefined) {
  await s.store.transaction(async (tx) => {
    const now = s.clock();
    if (name === undefined) await tx.query("DELETE FROM settings WHERE key = $1", [PARTNER_LEGAL_NAME_KEY]);
    else
      await tx.query(
        `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
           updated_at = EXCLUDED.updated_at`,
        [PARTNER_LEGAL_NAME_KEY, JSON.stringify(name), actorId, now],
      );
    await appendAudit(tx, now, { actorId, action: "settings.partner_legal_name", details: { set: !!name } });
  });
}
