/**
 * Asking a citizen for documents: a deeplink (dynamic offer-request, v2), a document-request by the 13-digit
 * barcode or the QR content the citizen's Diia app shows, and document-identification (validation only, no
 * personal data). Documents themselves arrive later at the partner's callback (spec §3.3–§3.5, §4).
 *
 * @example
 * const diia = createDiiaClient({ baseUrl: "https://api2s.diia.gov.ua", acquirerToken });
 * const { deeplink } = await diia.sharing.createDeeplink(branchId, { offerId, requestId: crypto.randomUUID() });
 * const { success } = await diia.sharing.requestDocumentsByBarcode({ branchId, barcode: "2858364170864",
 *   requestId: crypto.randomUUID() });
 * const { success: valid } = await diia.sharing.identifyDocument({ branchId, barcode: "2858364170864" });
 * const { status } = await diia.sharing.getDocumentRequestStatus({ flow: "document-request", requestId,
 *   barcode: "2858364170864" }); // "pending" | "approved" | "declined" | … (values uncertain, spec [?])
 */
import type { z } from "zod";
import { validate } from "./http.ts";
import {
  type DeeplinkRequest,
  DeeplinkRequestSchema,
  type DeeplinkResponse,
  DeeplinkResponseSchema,
  DiiaIdSchema,
  type DocumentIdentificationRequest,
  DocumentIdentificationRequestSchema,
  type DocumentRequestByBarcode,
  DocumentRequestByBarcodeSchema,
  type DocumentRequestByQrcode,
  DocumentRequestByQrcodeSchema,
  type DocumentRequestStatus,
  type DocumentRequestStatusQuery,
  DocumentRequestStatusQuerySchema,
  DocumentRequestStatusSchema,
  type SigningDeeplinkRequest,
  SigningDeeplinkRequestSchema,
  type SuccessResponse,
  SuccessResponseSchema,
} from "./schemas.ts";
import type { DiiaSession } from "./session.ts";

export interface SharingApi {
  /** `POST /api/v2/acquirers/branch/{branchId}/offer-request/dynamic` → `{ deeplink }` to show as link or QR. */
  createDeeplink(branchId: string, request: DeeplinkRequest): Promise<DeeplinkResponse>;
  /**
   * The same call for Дія.Підпис: a signing deeplink (`signAlgo` + `data.hashedFilesSigning.hashedFiles[]`, spec
   * §7), checked strictly as it is sent (`SigningDeeplinkRequestSchema`; build it with `signingDeeplinkRequest`).
   */
  createSigningDeeplink(branchId: string, request: SigningDeeplinkRequest): Promise<DeeplinkResponse>;
  /** `POST /api/v1/acquirers/document-request` with the citizen's barcode → `{ success }`. */
  requestDocumentsByBarcode(request: DocumentRequestByBarcode): Promise<SuccessResponse>;
  /** `POST /api/v1/acquirers/document-request` with the scanned QR content → `{ success }`. */
  requestDocumentsByQrcode(request: DocumentRequestByQrcode): Promise<SuccessResponse>;
  /** `POST /api/v1/acquirers/document-identification` → `{ success }`: whether the document is valid. */
  identifyDocument(request: DocumentIdentificationRequest): Promise<SuccessResponse>;
  /**
   * `GET /api/v1/acquirers/document-request/status?barcode&requestId` or
   * `GET /api/v1/acquirers/offer-request/status?otp&requestId` → `{ status }`. Diia sends nothing on decline;
   * this is how a partner can learn of one. The routes are undocumented [?]: a 404 means "not supported here".
   */
  getDocumentRequestStatus(query: DocumentRequestStatusQuery): Promise<DocumentRequestStatus>;
}

// None of these calls is retried: each starts a flow in Diia (a deeplink bound to requestId, a delivery that uses
// up the single-use barcode), and after a timeout we cannot know whether Diia already acted on it.
export function createSharingApi(session: DiiaSession): SharingApi {
  const post = <T>(path: string, body: unknown, response: z.ZodType<T>) =>
    session.call({ method: "POST", path, body, response, idempotent: false });

  return {
    async createDeeplink(branchId, request) {
      const id = encodeURIComponent(validate(DiiaIdSchema, branchId, "branch id"));
      const body = validate(DeeplinkRequestSchema, request, "deeplink request");
      return post(`/api/v2/acquirers/branch/${id}/offer-request/dynamic`, body, DeeplinkResponseSchema);
    },
    async createSigningDeeplink(branchId, request) {
      const id = encodeURIComponent(validate(DiiaIdSchema, branchId, "branch id"));
      const body = validate(SigningDeeplinkRequestSchema, request, "signing deeplink request");
      return post(`/api/v2/acquirers/branch/${id}/offer-request/dynamic`, body, DeeplinkResponseSchema);
    },
    async requestDocumentsByBarcode(request) {
      const body = validate(DocumentRequestByBarcodeSchema.strict(), request, "document request");
      return post("/api/v1/acquirers/document-request", body, SuccessResponseSchema);
    },
    async requestDocumentsByQrcode(request) {
      const body = validate(DocumentRequestByQrcodeSchema.strict(), request, "document request");
      return post("/api/v1/acquirers/document-request", body, SuccessResponseSchema);
    },
    async identifyDocument(request) {
      const body = validate(DocumentIdentificationRequestSchema, request, "document identification");
      return post("/api/v1/acquirers/document-identification", body, SuccessResponseSchema);
    },
    async getDocumentRequestStatus(query) {
      const q = validate(DocumentRequestStatusQuerySchema, query, "status query");
      const search =
        "barcode" in q
          ? new URLSearchParams({ barcode: q.barcode, requestId: q.requestId })
          : new URLSearchParams({ otp: q.otp, requestId: q.requestId });
      // A read: safe to retry.
      return session.call({
        method: "GET",
        path: `/api/v1/acquirers/${q.flow}/status?${search}`,
        response: DocumentRequestStatusSchema,
        idempotent: true,
      });
    },
  };
}
