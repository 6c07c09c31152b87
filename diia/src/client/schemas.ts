/**
 * Wire schemas of the Diia partner ("acquirer") API (spec §1–§3, §6, error body §2), shared by the client (which
 * validates what it sends and receives) and the sandbox (which validates what it is sent). Names are stable.
 *
 * @example
 * import { BranchInputSchema } from "@stiika/diia";
 * const parsed = BranchInputSchema.safeParse(await request.json());
 * if (!parsed.success) reply(422, { name: "Error", message: "Parameter validation error", code: 422, data: {} });
 */
import { z } from "zod";
import { DIIA_SHARING_SCOPES, IDENTIFICATION_DOCUMENT_TYPES } from "../document-types.ts";

/** Opaque `_id` of a branch or offer (128 hex chars in real Diia, 24 hex in SDK stubs). */
export const DiiaIdSchema = z.string().min(1).max(256);

/**
 * Drops `null` members and items, at any depth: Diia and the official SDKs write `null` for "not set", and a reader
 * treating it as a value would reject answers that only lack something we do not use.
 */
export function withoutNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(withoutNulls);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, withoutNulls(v)]),
    );
  }
  return value;
}

/**
 * Tolerant reader: an answer from Diia is checked only as far as we rely on it. Nulls count as absent, unknown
 * fields are kept (`z.looseObject` in each answer schema), numbers pass where text is expected. What we send is
 * validated by the strict input schemas instead.
 */
function readAnswer<S extends z.ZodType>(schema: S) {
  return z.preprocess(withoutNulls, schema);
}

/** Text in an answer; a number (Diia serialises some ids and house numbers as numbers) is read as its digits. */
const readText = z.union([z.string(), z.number().transform(String)]);
/** An `_id` in an answer: the one field of branches and offers we rely on. */
const readId = readText.pipe(DiiaIdSchema);
/** `total` of a list, as a number or as digits. */
const readCount = z.union([
  z.number().int().min(0),
  z
    .string()
    .regex(/^\d{1,9}$/)
    .transform(Number),
]);

/** Diia-ID actions a branch or offer may be scoped to (spec §7). */
export const DiiaIdActionSchema = z.enum(["auth", "hashedFilesSigning"]);
export type DiiaIdAction = z.infer<typeof DiiaIdActionSchema>;

/** `scopes` of a branch. Sharing branches omit `diiaId`; Diia-ID branches may send only `diiaId` (spec §3.1). */
export const BranchScopesSchema = z.object({
  sharing: z.array(z.enum(DIIA_SHARING_SCOPES)).optional(),
  // Always empty in every SDK; its item type is unknown, so only the empty list is accepted.
  identification: z.array(z.never()).optional(),
  documentIdentification: z.array(z.enum(IDENTIFICATION_DOCUMENT_TYPES)).optional(),
  diiaId: z.array(DiiaIdActionSchema).optional(),
});
export type BranchScopes = z.infer<typeof BranchScopesSchema>;

/** Body of branch create (POST) and, with an optional `_id`, update (PUT). Limits are the PY SDK's (spec §3.1). */
export const BranchInputSchema = z.object({
  name: z.string().min(1).max(32),
  email: z.email().min(6).max(100),
  region: z.string().min(4).max(100),
  district: z.string().min(4).max(100),
  location: z.string().min(2).max(100),
  street: z.string().min(4).max(100),
  house: z.string().min(1).max(20),
  // Optional in every SDK: without them Diia shows the partner's registered name and the structured address.
  customFullName: z.string().min(1).max(100).optional(),
  customFullAddress: z.string().min(1).max(200).optional(),
  deliveryTypes: z.array(z.literal("api")).min(1),
  offerRequestType: z.enum(["dynamic", "static"]),
  scopes: BranchScopesSchema,
});
export type BranchInput = z.infer<typeof BranchInputSchema>;

/** PUT body: the full object; JAVA/PY SDKs also send `_id`, so it is tolerated. */
export const BranchUpdateSchema = BranchInputSchema.extend({ _id: DiiaIdSchema.optional() });
export type BranchUpdate = z.infer<typeof BranchUpdateSchema>;

/**
 * A branch as Diia returns it (GET, list items). Reads are tolerant where writes are strict (see `readAnswer`): we
 * rely only on `_id`, so every other field is optional, spelled as Diia spells it (numbers kept as text), and
 * newer scopes and fields pass through untouched.
 */
export const BranchSchema = readAnswer(
  z.looseObject({
    _id: readId,
    name: readText.optional(),
    email: readText.optional(),
    region: readText.optional(),
    district: readText.optional(),
    location: readText.optional(),
    street: readText.optional(),
    house: readText.optional(),
    customFullName: readText.optional(),
    customFullAddress: readText.optional(),
    deliveryTypes: z.array(readText).optional(),
    offerRequestType: readText.optional(),
    scopes: z
      .looseObject({
        sharing: z.array(readText).optional(),
        identification: z.array(z.unknown()).optional(),
        documentIdentification: z.array(readText).optional(),
        diiaId: z.array(readText).optional(),
      })
      // Absent scopes read as none, so callers need not tell the two apart.
      .default({}),
  }),
);
export type Branch = z.infer<typeof BranchSchema>;

/** `{ _id }` answered by branch create/update and offer create. */
export const IdResponseSchema = readAnswer(z.looseObject({ _id: readId }));
export type IdResponse = z.infer<typeof IdResponseSchema>;

/** A non-negative integer, given as a number or as a query-string value. */
const queryInt = (min: number) =>
  z
    .union([
      z.number().int().min(min),
      z
        .string()
        .regex(/^\d{1,9}$/)
        .transform(Number),
    ])
    .pipe(z.number().min(min));

/** `?skip&limit` of branch and offer lists; both optional, defaults unknown (spec §2). */
export const ListQuerySchema = z.object({
  skip: queryInt(0).optional(),
  limit: queryInt(1).optional(),
});
export type ListQuery = z.input<typeof ListQuerySchema>;

export const BranchListResponseSchema = readAnswer(
  z.looseObject({ total: readCount, branches: z.array(BranchSchema) }),
);
export type BranchListResponse = z.infer<typeof BranchListResponseSchema>;

/** `scopes` of an offer: expected to be a subset of its branch's (spec §3.2). */
export const OfferScopesSchema = z.object({
  sharing: z.array(z.enum(DIIA_SHARING_SCOPES)).optional(),
  diiaId: z.array(DiiaIdActionSchema).optional(),
});
export type OfferScopes = z.infer<typeof OfferScopesSchema>;

/** An absolute http(s) URL, e.g. where Diia sends the citizen back after confirming. */
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);

/** Body of offer create. There is no offer update in Diia. */
export const OfferInputSchema = z.object({
  name: z.string().min(1).max(100),
  returnLink: httpUrl.optional(),
  scopes: OfferScopesSchema,
});
export type OfferInput = z.infer<typeof OfferInputSchema>;

/**
 * An offer as listed by Diia; tolerant like `BranchSchema`. `returnLink` is only shown back, never followed by us,
 * so it is not required to be a URL (the Java SDK's recorded list has `"returnLink": "1"`).
 */
export const OfferSchema = readAnswer(
  z.looseObject({
    _id: readId,
    name: readText.optional(),
    returnLink: readText.optional(),
    scopes: z
      .looseObject({ sharing: z.array(readText).optional(), diiaId: z.array(readText).optional() })
      .default({}),
  }),
);
export type Offer = z.infer<typeof OfferSchema>;

export const OfferListResponseSchema = readAnswer(
  z.looseObject({ total: readCount, offers: z.array(OfferSchema) }),
);
export type OfferListResponse = z.infer<typeof OfferListResponseSchema>;

/**
 * A partner's `requestId`. Diia echoes it verbatim in the callback header `X-Document-Request-Trace-Id` (spec §4),
 * and an HTTP header carries printable ASCII only, without surrounding whitespace: anything else can never be
 * delivered, so it is refused up front (by our writer and by the sandbox, as Diia's 422).
 */
export const RequestIdSchema = z
  .string()
  .min(1)
  .max(512)
  .regex(/^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/, "expected printable ASCII without surrounding spaces");

/** A file to sign in Diia: `fileHash` = base64 digest of its bytes (GOST 34.311 for DSTU, SHA-256 for ECDSA). */
export const HashedFileSchema = z.object({
  fileName: z.string().min(1).max(255),
  fileHash: z.base64().min(1),
});
export type HashedFile = z.infer<typeof HashedFileSchema>;

/** Body of `POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic` (spec §3.3). */
export const DeeplinkRequestSchema = z.object({
  offerId: DiiaIdSchema,
  requestId: RequestIdSchema,
  returnLink: httpUrl.optional(),
  useDiiaId: z.boolean().optional(),
  signAlgo: z.enum(["DSTU", "ECDSA"]).optional(),
  data: z
    .object({ hashedFilesSigning: z.object({ hashedFiles: z.array(HashedFileSchema).min(1) }).optional() })
    .optional(),
});
export type DeeplinkRequest = z.infer<typeof DeeplinkRequestSchema>;

/** Signing algorithms Diia names for Дія.Підпис (spec §7): DSTU 4145 with GOST 34.311, or ECDSA with SHA-256. */
export const SignAlgoSchema = z.enum(["DSTU", "ECDSA"]);
export type SignAlgo = z.infer<typeof SignAlgoSchema>;

/** Most files one signing deeplink carries: our bound (Diia documents none), one screen of names for the citizen. */
export const MAX_SIGNED_FILES = 20;

/**
 * `fileHash` as we send it: the canonical base64 of a 32-byte digest (both GOST 34.311 and SHA-256 are 32 bytes,
 * so 44 characters). Anything else cannot be a hash of the file and would only come back as a signature over it.
 */
export const FileHashSchema = z
  .string()
  .length(44)
  .refine((s) => {
    const bytes = Buffer.from(s, "base64");
    return bytes.length === 32 && bytes.toString("base64") === s;
  }, "expected the base64 of a 32-byte digest");

/**
 * `fileName` as we send it: Diia shows it to the citizen and echoes it as `signedItems[].name`, and the partner
 * names the `.p7s` after it, so it is a plain file name (no path, no control characters, no edge spaces).
 */
export const SignedFileNameSchema = z
  .string()
  .min(1)
  .max(255)
  .refine(
    (s) =>
      s.trim() === s &&
      s !== "." &&
      s !== ".." &&
      ![...s].some((c) => c === "/" || c === "\\" || c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
    "expected a plain file name",
  );

/**
 * Body of a signing deeplink (`POST …/offer-request/dynamic`, spec §3.3 and §7) as we send it: strict, with
 * `signAlgo` always named (Diia's default is undocumented), 1–{@link MAX_SIGNED_FILES} files of distinct names.
 */
export const SigningDeeplinkRequestSchema = z.strictObject({
  offerId: DiiaIdSchema,
  requestId: RequestIdSchema,
  returnLink: httpUrl.optional(),
  signAlgo: SignAlgoSchema,
  data: z.strictObject({
    hashedFilesSigning: z.strictObject({
      hashedFiles: z
        .array(z.strictObject({ fileName: SignedFileNameSchema, fileHash: FileHashSchema }))
        .min(1)
        .max(MAX_SIGNED_FILES)
        .refine(
          (files) => new Set(files.map((f) => f.fileName)).size === files.length,
          "file names must be distinct",
        ),
    }),
  }),
});
export type SigningDeeplinkRequest = z.infer<typeof SigningDeeplinkRequestSchema>;

/**
 * The decoded `encodeData` of a signing callback (`X-Diia-Id-Action: hashedFilesSigning`, spec §7):
 * `{ signedItems: [{ name, signature }] }`, one detached base64 CMS signature per file, named as we sent it.
 * Read tolerantly (unknown fields kept) but every item must have both, and a name appears once.
 */
export const SigningCallbackSchema = readAnswer(
  z.looseObject({
    signedItems: z
      .array(z.looseObject({ name: z.string().min(1).max(255), signature: z.base64().min(1).max(1_400_000) }))
      .min(1)
      .max(MAX_SIGNED_FILES)
      .refine((items) => new Set(items.map((i) => i.name)).size === items.length, "a name appears twice"),
  }),
);
export type SigningCallback = z.infer<typeof SigningCallbackSchema>;

// The deeplink is what the citizen's phone opens, so it is the one read-side URL we rely on being http(s).
export const DeeplinkResponseSchema = readAnswer(z.looseObject({ deeplink: httpUrl }));
export type DeeplinkResponse = z.infer<typeof DeeplinkResponseSchema>;

/** The 13-digit code a citizen's Diia app shows (EAN-13, lives 3 minutes, single use; spec §6). */
export const BarcodeSchema = z.string().regex(/^\d{13}$/, "expected 13 digits");

/** Body of `POST /api/v1/acquirers/document-request` by barcode (spec §3.4). */
export const DocumentRequestByBarcodeSchema = z.object({
  branchId: DiiaIdSchema,
  barcode: BarcodeSchema,
  requestId: RequestIdSchema,
  useDiiaId: z.boolean().optional(),
});
export type DocumentRequestByBarcode = z.infer<typeof DocumentRequestByBarcodeSchema>;

/** Body of `POST /api/v1/acquirers/document-request` by QR content (spec §3.4; exact payload format unknown). */
export const DocumentRequestByQrcodeSchema = z.object({
  branchId: DiiaIdSchema,
  qrcode: z.string().min(1).max(2048),
  requestId: RequestIdSchema,
  useDiiaId: z.boolean().optional(),
});
export type DocumentRequestByQrcode = z.infer<typeof DocumentRequestByQrcodeSchema>;

/** Either document-request body; a body carries exactly one of `barcode` / `qrcode`. */
export const DocumentRequestSchema = z.union([
  DocumentRequestByBarcodeSchema.strict(),
  DocumentRequestByQrcodeSchema.strict(),
]);
export type DocumentRequest = z.infer<typeof DocumentRequestSchema>;

/** Body of `POST /api/v1/acquirers/document-identification` (validation, spec §3.5). */
export const DocumentIdentificationRequestSchema = z.object({
  branchId: DiiaIdSchema,
  barcode: BarcodeSchema,
});
export type DocumentIdentificationRequest = z.infer<typeof DocumentIdentificationRequestSchema>;

/**
 * Query of the status routes Diia's gateway has but no SDK documents (spec §3, "also routed in GW" [?]):
 * `document-request/status?barcode&requestId` for barcode/QR sharing, `offer-request/status?otp&requestId` for
 * deeplinks. What `otp` means for a deeplink is unknown; callers send the code they have.
 */
export const DocumentRequestStatusQuerySchema = z.union([
  z.strictObject({
    flow: z.literal("document-request"),
    requestId: RequestIdSchema,
    barcode: BarcodeSchema,
  }),
  // A QR share has no barcode on the partner's side; its otp (the QR's last segment) stands in [?].
  z.strictObject({
    flow: z.literal("document-request"),
    requestId: RequestIdSchema,
    otp: z.string().min(1).max(2048),
  }),
  z.strictObject({
    flow: z.literal("offer-request"),
    requestId: RequestIdSchema,
    otp: z.string().min(1).max(2048),
  }),
]);
export type DocumentRequestStatusQuery = z.infer<typeof DocumentRequestStatusQuerySchema>;

/** The status values are not documented [?]; unknown values are passed through as strings, not rejected. */
export const DocumentRequestStatusSchema = readAnswer(
  z.looseObject({
    status: z.union([z.enum(["pending", "approved", "declined", "expired", "used"]), z.string().min(1)]),
  }),
);
export type DocumentRequestStatus = z.infer<typeof DocumentRequestStatusSchema>;

/** `{ success }` answered by document-request and document-identification. */
export const SuccessResponseSchema = readAnswer(z.looseObject({ success: z.boolean() }));
export type SuccessResponse = z.infer<typeof SuccessResponseSchema>;

/** Answer of `GET /api/v1/auth/acquirer/{acquirer_token}`: a session token living 2 hours. */
export const SessionTokenResponseSchema = readAnswer(z.looseObject({ token: z.string().min(1) }));
export type SessionTokenResponse = z.infer<typeof SessionTokenResponseSchema>;

/** One entry of `data.errors` in a 422 "Parameter validation error". */
export const DiiaValidationIssueSchema = z.looseObject({
  type: z.string(),
  message: z.string(),
  field: z.string(),
  expected: z.unknown().optional(),
  actual: z.unknown().optional(),
});
export type DiiaValidationIssue = z.infer<typeof DiiaValidationIssueSchema>;

/** `data` of a 422 validation error. */
export const DiiaValidationErrorDataSchema = z.looseObject({ errors: z.array(DiiaValidationIssueSchema) });

/** `data` of an expired barcode/QR code (400 "Code has been expired!"); dates as Diia serialises them. */
export const DiiaExpiredCodeDataSchema = z.looseObject({
  now: z.union([z.string(), z.number()]),
  expirationDate: z.union([z.string(), z.number()]),
});

/** Diia's error body; the HTTP status equals `code`. `data` may be an object, or `[]` in older answers. */
export const DiiaErrorBodySchema = readAnswer(
  z.looseObject({
    name: readText,
    message: readText,
    code: z.union([
      z.number().int(),
      z
        .string()
        .regex(/^\d{3}$/)
        .transform(Number),
    ]),
    data: z
      .union([
        DiiaValidationErrorDataSchema,
        DiiaExpiredCodeDataSchema,
        z.record(z.string(), z.unknown()),
        z.array(z.unknown()),
      ])
      .optional(),
  }),
);
export type DiiaErrorBody = z.infer<typeof DiiaErrorBodySchema>;
