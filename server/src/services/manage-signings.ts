import { AppError } from "../errors.ts";
import { open } from "../lib/seal.ts";
import type { Queryable } from "../store/store.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import type { Services } from "./context.ts";
import { type ExportFile, scopedCopy } from "./manage-copies.ts";
import { signerView, verifyForSigning } from "./signing-callback.ts";
import { openSigner, openSigningPdf, type SignerView, type SigningRow, signingRow } from "./signings.ts";

/**
 * The managers' side of Дія.Підпис (same scope rules as copies): the signed application as its PDF and its
 * detached `.p7s`, and re-verification now (hash recomputed from the stored PDF, chain, revocation). Every view,
 * export and verification is audited (ids and codes only).
 *
 * @example
 * const pdf = await exportSigning(s, session, copyId, signingId, "pdf", "export");
 * const { verification } = { verification: await reverifySigning(s, session, copyId, signingId) };
 */
export interface Verification {
  valid: boolean;
  code: string | null;
  message: string;
  signer: SignerView | null;
  checkedAt: string;
}

/** Ukrainian for the manager: what the re-check found. */
const MESSAGES: Record<string, string> = {
  OK: "Підпис дійсний: накладений на цю заяву, сертифікат кваліфікований і не відкликаний.",
  NOT_SIGNED: "Заяву не підписано: перевіряти нічого.",
  NOT_READY: "Дія ще не підключена або не налаштовано кваліфіковані ЦСК: перевірте за хвилину.",
  HASH_MISMATCH: "Підпис накладено не на цю заяву.",
  STORED_PDF_CHANGED: "Збережену заяву змінено після підписання.",
  UNTRUSTED_CHAIN: "Сертифікат підписувача не видано кваліфікованим ЦСК зі списку довірених.",
  CERT_EXPIRED_AT_SIGNING: "Сертифікат підписувача не діяв у момент підписання.",
  SIGNER_REVOKED: "Сертифікат підписувача відкликано.",
  REVOCATION_UNAVAILABLE:
    "Не вдалося перевірити, чи сертифікат не відкликано: служби ЦСК не відповіли. Спробуйте пізніше.",
};
const messageOf = (code: string) => MESSAGES[code] ?? `Підпис не пройшов перевірку (${code}).`;

async function scopedSigning(
  tx: Queryable,
  session: Session,
  copyId: string,
  signingId: string,
): Promise<SigningRow> {
  await scopedCopy(tx, session, copyId);
  const row = await signingRow(tx, signingId);
  if (!row || row.request_id !== copyId) throw new AppError("NOT_FOUND", "Підписання не знайдено");
  return row;
}

/**
 * The application PDF (`what: "pdf"`), or the detached signature as DER (`"signature"`, named `<fileName>.p7s`;
 * NOT_FOUND while there is none). Audited as signing.export_pdf / signing.view_pdf / signing.export_signature.
 */
export function exportSigning(
  s: Services,
  session: Session,
  copyId: string,
  signingId: string,
  what: "pdf" | "signature",
  purpose: "view" | "export",
): Promise<ExportFile> {
  return s.store.transaction(async (tx) => {
    const row = await scopedSigning(tx, session, copyId, signingId);
    let file: ExportFile;
    if (what === "pdf") {
      file = {
        bytes: await openSigningPdf(s, tx, signingId),
        contentType: "application/pdf",
        filename: row.file_name,
      };
    } else {
      const sealed = (
        await tx.query<{ sig: string | null }>(
          "SELECT encode(signature_sealed, 'base64') AS sig FROM signings WHERE id = $1",
          [signingId],
        )
      ).rows[0]?.sig;
      if (!sealed) throw new AppError("NOT_FOUND", "Заяву ще не підписано");
      file = {
        bytes: open([s.dataKey], { rowId: signingId, kind: "signature" }, Buffer.from(sealed, "base64")),
        contentType: "application/pkcs7-signature",
        filename: `${row.file_name}.p7s`,
      };
    }
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action:
        what === "signature"
          ? "signing.export_signature"
          : purpose === "view"
            ? "signing.view_pdf"
            : "signing.export_pdf",
      subjectType: "signing",
      subjectId: signingId,
      details: { requestId: copyId },
    });
    return file;
  });
}

/** Verifies the stored signature again, now; audited with the outcome's code. */
export async function reverifySigning(
  s: Services,
  session: Session,
  copyId: string,
  signingId: string,
): Promise<Verification> {
  const { row, signature } = await s.store.transaction(async (tx) => {
    const row = await scopedSigning(tx, session, copyId, signingId);
    const sig = (
      await tx.query<{ sig: string | null }>(
        "SELECT encode(signature_sealed, 'base64') AS sig FROM signings WHERE id = $1",
        [signingId],
      )
    ).rows[0]?.sig;
    return {
      row,
      signature: sig
        ? open([s.dataKey], { rowId: signingId, kind: "signature" }, Buffer.from(sig, "base64"))
        : null,
    };
  });
  const checkedAt = s.clock().toISOString();
  let result: Verification;
  if (!signature) {
    result = { valid: false, code: "NOT_SIGNED", message: messageOf("NOT_SIGNED"), signer: null, checkedAt };
  } else {
    const v = await verifyForSigning(s, row, new Uint8Array(signature));
    result = v.ok
      ? {
          valid: true,
          code: null,
          message: messageOf("OK"),
          // Whether it was the client is decided at receipt (the documents may be purged since).
          signer: signerView(v.result, openSigner(s, row)?.rnokppMatches ?? false),
          checkedAt,
        }
      : { valid: false, code: v.code, message: messageOf(v.code), signer: openSigner(s, row), checkedAt };
  }
  await s.store.transaction((tx) =>
    appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "signing.verify",
      subjectType: "signing",
      subjectId: signingId,
      details: { requestId: copyId, valid: result.valid, code: result.code },
    }),
  );
  return result;
}
