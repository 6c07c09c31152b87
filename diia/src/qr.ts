/**
 * Diia document QR codes (spec §6): `https://diia.app/documents/{documentType}/{documentId}/verify/{otp}`, where
 * `otp` is a UUID v4 living 3 minutes like a barcode. `parseDiiaQr` is strict where a look-alike could fool a
 * person (scheme must be https, host exactly diia.app, no port, user info, query or fragment) and tolerant of what
 * scanners add (surrounding whitespace, one trailing slash).
 *
 * @example
 * import { parseDiiaQr, buildDiiaDocumentQr } from "@stiika/diia";
 * parseDiiaQr("https://diia.app/documents/internal-passport/123/verify/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
 * // { documentType: "internal-passport", documentId: "123", otp: "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d" }
 * parseDiiaQr("http://diia.app/…"); // throws CitizenCodeError, code "NOT_DIIA_QR"
 * buildDiiaDocumentQr({ documentType: "driver-license", documentId: "42" }); // link with a fresh otp
 */
import { CitizenCodeError } from "./errors.ts";

/** What a Diia document QR carries. */
export interface DiiaDocumentQr {
  /** Diia's kebab-case type, e.g. `internal-passport`; not limited to the shared types. */
  documentType: string;
  /** Diia's opaque document id. */
  documentId: string;
  /** One-time code, a UUID v4 as Diia wrote it. */
  otp: string;
}

const DOCUMENT_TYPE = "[a-z0-9]+(?:-[a-z0-9]+)*";
// URL-unreserved characters only, and never starting with a dot so `.`/`..` path tricks cannot pass.
const DOCUMENT_ID = "[A-Za-z0-9_~-][A-Za-z0-9._~-]*";
const UUID_V4 = "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}";
// Scheme and host are case-insensitive by RFC 3986; the path is not.
const QR_LINK = new RegExp(
  `^[hH][tT][tT][pP][sS]://[dD][iI][iI][aA]\\.[aA][pP][pP]/documents/(${DOCUMENT_TYPE})/(${DOCUMENT_ID})/verify/(${UUID_V4})/?$`,
);

/**
 * Reads the text of a scanned QR code.
 *
 * @throws CitizenCodeError `NOT_DIIA_QR` ("Це не QR-код документа з Дії") for anything else, including
 *   look-alike hosts, http links and an otp that is not a UUID v4.
 */
export function parseDiiaQr(text: string): DiiaDocumentQr {
  const match = typeof text === "string" ? QR_LINK.exec(text.trim()) : null;
  const [, documentType, documentId, otp] = match ?? [];
  if (documentType === undefined || documentId === undefined || otp === undefined) {
    throw new CitizenCodeError("NOT_DIIA_QR", "Це не QR-код документа з Дії");
  }
  return { documentType, documentId, otp };
}

/**
 * The QR link for a document, as the sandbox shows it on its fake phone. `otp` defaults to a fresh UUID v4.
 *
 * @throws CitizenCodeError `NOT_DIIA_QR` when the parts would not make a link `parseDiiaQr` accepts.
 */
export function buildDiiaDocumentQr(parts: {
  documentType: string;
  documentId: string;
  otp?: string;
}): string {
  const link = `https://diia.app/documents/${parts.documentType}/${parts.documentId}/verify/${parts.otp ?? globalThis.crypto.randomUUID()}`;
  if (!QR_LINK.test(link)) {
    throw new CitizenCodeError("NOT_DIIA_QR", "З цих частин не вийде QR-код документа з Дії");
  }
  return link;
}
