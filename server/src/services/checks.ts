/**
 * Check-only mode: is the document behind a client's Diia barcode genuine and current? One `document-identification`
 * call for the employee's branch, answered at once. Nothing about the client is kept: no request row, no code —
 * only an audit entry saying who checked, where, and the result.
 *
 * @example
 * const answer = await checkDocument(s, employee, { barcode: "2858364170864" });
 * // → { result: "valid", message: "Документ дійсний: Дія підтвердила його чинність.", checkedAt: "2026-…Z" }
 * // a branch without the type in its Diia documentIdentification scope → AppError IDENTIFICATION_SCOPE_MISSING
 */
import {
  CitizenCodeError,
  DiiaApiError,
  DOCUMENT_TYPE_TITLES,
  IDENTIFICATION_DOCUMENT_TYPES,
  isSharedDocumentType,
  parseBarcode,
} from "@stiika/diia";
import { AppError } from "../errors.ts";
import { appendAudit } from "./audit.ts";
import { findService } from "./catalog.ts";
import type { PublicEmployee, Services } from "./context.ts";
import { reasonOfDiiaError } from "./requests.ts";

export type CheckResult =
  | "valid"
  | "invalid"
  | "code_expired"
  | "code_used"
  | "unknown_code"
  | "diia_unavailable";

export interface CheckAnswer {
  result: CheckResult;
  /** One Ukrainian sentence for the teller, with the next step when there is one. */
  message: string;
  checkedAt: string;
}

export const CHECK_MESSAGES: Record<CheckResult, string> = {
  valid: "Документ дійсний: Дія підтвердила його чинність.",
  invalid: "Документ недійсний за даними Дії: попросіть клієнта показати інший документ.",
  code_expired: "Термін дії коду минув: попросіть клієнта оновити код у Дії та відскануйте новий.",
  code_used: "Цей код уже використано: попросіть клієнта оновити код у Дії та відскануйте новий.",
  unknown_code: "Дія не знає такого коду: перевірте цифри або попросіть клієнта оновити код у Дії.",
  diia_unavailable: "Дія зараз не відповідає: спробуйте ще раз за хвилину або перевірте паперовий документ.",
};

export interface NewCheck {
  serviceId?: string | undefined;
  barcode: string;
}

/** Diia's 403 names the refused type in `data.documentType` (the sandbox does; real Diia may not). */
function refusedType(e: DiiaApiError): string | undefined {
  const data = e.diiaError?.data;
  if (!data || Array.isArray(data)) return undefined;
  const type = (data as Record<string, unknown>).documentType;
  return typeof type === "string" ? type : undefined;
}

/** The error an admin can act on: which type to enable, or that Diia cannot check this type at all. */
function scopeError(type: string | undefined, cause: unknown): AppError {
  const identifiable = (IDENTIFICATION_DOCUMENT_TYPES as readonly string[]).includes(type ?? "");
  if (type !== undefined && isSharedDocumentType(type) && !identifiable) {
    const title = DOCUMENT_TYPE_TITLES[type].uk;
    return new AppError(
      "IDENTIFICATION_TYPE_UNSUPPORTED",
      `Дія не перевіряє документ «${title}»: попросіть ID-картку, закордонний паспорт або картку платника податків`,
      { cause },
    );
  }
  const what =
    type !== undefined && isSharedDocumentType(type)
      ? `«${DOCUMENT_TYPE_TITLES[type].uk}» (${type})`
      : "цей тип документа";
  return new AppError(
    "IDENTIFICATION_SCOPE_MISSING",
    `Відділенню не дозволено перевіряти ${what} у Дії: адміністратору — додайте цей тип до дозволів «documentIdentification» відділення`,
    { cause },
  );
}

function resultOfDiiaError(e: unknown): CheckResult {
  switch (reasonOfDiiaError(e)) {
    case "CODE_USED":
      return "code_used";
    case "CODE_EXPIRED":
      return "code_expired";
    case "CODE_UNKNOWN":
      return "unknown_code";
    default:
      return "diia_unavailable";
  }
}

export async function checkDocument(
  s: Services,
  employee: PublicEmployee,
  input: NewCheck,
): Promise<CheckAnswer> {
  let barcode: string;
  try {
    barcode = parseBarcode(input.barcode);
  } catch (e) {
    if (e instanceof CitizenCodeError) throw new AppError(e.code, undefined, { cause: e });
    throw e;
  }
  if (input.serviceId !== undefined) {
    const service = await findService(s, input.serviceId);
    if (!service || service.branchId !== employee.branchId) {
      throw new AppError("NOT_FOUND", "Послугу не знайдено у вашому відділенні");
    }
  }
  const branch = (
    await s.store.query<{ diia_branch_id: string | null }>(
      "SELECT diia_branch_id FROM branches WHERE id = $1",
      [employee.branchId],
    )
  ).rows[0];
  const link = s.diia.link;
  const diiaBranchId = branch?.diia_branch_id ?? null;

  let result: CheckResult;
  let refused: AppError | undefined;
  if (!link || !diiaBranchId) {
    result = "diia_unavailable";
  } else {
    try {
      result = (await link.client.sharing.identifyDocument({ branchId: diiaBranchId, barcode })).success
        ? "valid"
        : "invalid";
    } catch (e) {
      if (e instanceof DiiaApiError && e.code === "HTTP_ERROR" && e.status === 403) {
        refused = scopeError(refusedType(e), e);
      }
      result = resultOfDiiaError(e);
      s.log.warn(
        { result, err: { code: (e as { code?: string }).code, status: (e as { status?: number }).status } },
        "Diia identification failed",
      );
    }
  }

  const checkedAt = s.clock();
  // The barcode is a handle on the client's document: it stays out of the audit and the logs.
  await s.store.transaction((tx) =>
    appendAudit(tx, checkedAt, {
      actorId: employee.id,
      action: "check.document",
      subjectType: "branch",
      subjectId: employee.branchId,
      details: {
        result: refused ? refused.code : result,
        serviceId: input.serviceId ?? null,
      },
    }),
  );
  if (refused) throw refused;
  return { result, message: CHECK_MESSAGES[result], checkedAt: checkedAt.toISOString() };
}
