import { randomUUID } from "node:crypto";
import {
  CitizenCodeError,
  DiiaApiError,
  type DiiaSharingScope,
  documentTypeTitle,
  parseBarcode,
  parseDiiaQr,
} from "@stiika/diia";
import { AppError } from "../errors.ts";
import type { Queryable } from "../store/store.ts";
import { accessClock, canReadDocuments, canReadRequest, refuse } from "./access.ts";
import { appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import { findService } from "./catalog.ts";
import { type ChangeHub, longPoll } from "./changes.ts";
import type { PublicEmployee, Services } from "./context.ts";
import { lifecycle } from "./lifecycle.ts";
import { offerFor } from "./rest-offers.ts";
import { latestSigning, type SigningView } from "./signings.ts";

/**
 * Sharing requests: create (row first, committed, then Diia — so a delivery that beats Diia's answer finds its
 * request), read with lazy expiry, long-poll, cancel, and the terminal transitions the sweeper, the status poller
 * and the webhook make. Every change bumps `version`, commits, then NOTIFYs `request_changed`.
 */
export type RequestKind = "barcode" | "qr" | "deeplink";
export type RequestStatus = "waiting" | "received" | "declined" | "expired" | "failed" | "cancelled";

export type ReasonCode =
  | "DECLINED"
  | "EXPIRED"
  | "CANCELLED"
  | "CODE_USED"
  | "CODE_EXPIRED"
  | "CODE_UNKNOWN"
  | "SCOPE_FORBIDDEN"
  | "DIIA_UNAVAILABLE"
  | "DIIA_REJECTED"
  | "DIIA_AUTH"
  // Only on requests from before issue 11: bytes that do not verify no longer change a request.
  | "DELIVERY_INVALID";

/** One Ukrainian sentence per reason, with the next step for the teller. */
export const REASONS: Record<ReasonCode, string> = {
  DECLINED:
    "Клієнт відхилив запит у застосунку Дія. Попросіть клієнта повторити або скористайтеся паперовим документом.",
  EXPIRED: "Клієнт не підтвердив запит вчасно. Створіть новий запит і попросіть підтвердити його в Дії.",
  CANCELLED: "Запит скасовано працівником. За потреби створіть новий.",
  CODE_USED: "Цей код уже використано. Попросіть клієнта оновити код у Дії та відскануйте новий.",
  CODE_EXPIRED: "Термін дії коду минув. Попросіть клієнта оновити код у Дії та відскануйте новий.",
  CODE_UNKNOWN: "Дія не знає такого коду. Перевірте цифри або попросіть клієнта оновити код у Дії.",
  SCOPE_FORBIDDEN:
    "Це відділення не може запитувати такий документ у Дії. Оберіть іншу послугу або зверніться до адміністратора.",
  DIIA_UNAVAILABLE:
    "Дія зараз не відповідає. Спробуйте ще раз за хвилину або скористайтеся паперовим документом.",
  DIIA_REJECTED: "Дія відхилила запит. Створіть новий запит; якщо повториться, зверніться до адміністратора.",
  DIIA_AUTH: "Сервер не зміг увійти в Дію. Зверніться до адміністратора.",
  DELIVERY_INVALID:
    "Документи з Дії надійшли пошкодженими або не для цього сервера. Попросіть клієнта поділитися ще раз; якщо повториться, зверніться до адміністратора.",
};

export interface DocumentSummary {
  id: string;
  type: string;
  title: string;
}

export interface RequestView {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  reason: { code: ReasonCode; message: string } | null;
  code: string | null;
  deeplink: string | null;
  service: { id: string; name: string };
  documentTypes: string[];
  createdAt: string;
  expiresAt: string;
  version: number;
  documents: DocumentSummary[];
  /** The request's latest Дія.Підпис signing, so a reloaded tablet resumes it. */
  signing: SigningView | null;
}

export interface RequestRow {
  id: string;
  kind: RequestKind;
  status: RequestStatus;
  reason: ReasonCode | null;
  employee_id: string;
  branch_id: string;
  service: string;
  service_id: string | null;
  diia_branch_id: string | null;
  diia_offer_id: string | null;
  document_types: string[];
  code: string | null;
  status_key: string | null;
  deeplink: string | null;
  polling: boolean;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  version: number;
  closed_at: Date | null;
  qr_document_id: string | null;
  deleted_at: Date | null;
}

export type NewRequest =
  | { serviceId: string; kind: "barcode"; barcode: string }
  | { serviceId: string; kind: "qr"; qr: string }
  /** `documentTypes`: only these of the service's (a visit's «QR for the rest»); all of them when absent. */
  | { serviceId: string; kind: "deeplink"; documentTypes?: DiiaSharingScope[] };

export const documentTitle = (type: string) => documentTypeTitle(type, "uk");

/**
 * Single-flight reads: thousands of long-polls woken by one change would otherwise each read the same row and
 * documents. A row read is shared only within one notification generation (see ChangeHub.generation), and a view
 * only for the same version, so no caller gets data older than the change that woke it.
 */
const flights = new WeakMap<ChangeHub, Map<string, Promise<unknown>>>();
function shared<T>(s: Services, key: string, read: () => Promise<T>): Promise<T> {
  let map = flights.get(s.changes);
  if (!map) {
    map = new Map();
    flights.set(s.changes, map);
  }
  const running = map.get(key) as Promise<T> | undefined;
  if (running) return running;
  const p = read().finally(() => map.delete(key));
  map.set(key, p);
  return p;
}

function view(s: Services, row: RequestRow): Promise<RequestView> {
  return shared(s, `view:${row.id}:${row.version}`, () => readView(s, row));
}

/**
 * The view as `session` may see it. A view is shared by every reader of the same version, so what depends on the
 * reader is taken out here: the signer of the application (the client's name and certificate) follows the
 * documents' rule, so a teller past the window keeps the signing's state but gets `signer: null`.
 */
async function viewFor(s: Services, session: Session, row: RequestRow): Promise<RequestView> {
  const v = await view(s, row);
  if (!v.signing?.signer || canReadDocuments(session.employee, row, accessClock(s)) === "allow") return v;
  return { ...v, signing: { ...v.signing, signer: null } };
}

async function readView(s: Services, row: RequestRow): Promise<RequestView> {
  const docs = await s.store.query<{ id: string; doc_type: string }>(
    "SELECT id, doc_type FROM documents WHERE request_id = $1 AND deleted_at IS NULL ORDER BY created_at, doc_type",
    [row.id],
  );
  return {
    id: row.id,
    kind: row.kind,
    status: row.status,
    reason: row.reason ? { code: row.reason, message: REASONS[row.reason] } : null,
    code: row.kind === "barcode" ? row.code : null,
    deeplink: row.deeplink,
    service: { id: row.service_id ?? "", name: row.service },
    documentTypes: row.document_types,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    version: row.version,
    documents: docs.rows.map((d) => ({ id: d.id, type: d.doc_type, title: documentTitle(d.doc_type) })),
    signing: await latestSigning(s, row.id),
  };
}

function citizenCode(input: NewRequest): {
  code: string | null;
  statusKey: string | null;
  types?: string[];
  qrDocumentId?: string;
} {
  try {
    if (input.kind === "barcode") {
      const barcode = parseBarcode(input.barcode);
      return { code: barcode, statusKey: barcode };
    }
    if (input.kind === "qr") {
      const qr = parseDiiaQr(input.qr);
      return { code: null, statusKey: qr.otp, types: [qr.documentType], qrDocumentId: qr.documentId };
    }
  } catch (e) {
    if (e instanceof CitizenCodeError) throw new AppError(e.code, undefined, { cause: e });
    throw e;
  }
  return { code: null, statusKey: null };
}

/** What a failed Diia call means for the teller. */
export function reasonOfDiiaError(e: unknown): ReasonCode {
  if (!(e instanceof DiiaApiError)) return "DIIA_UNAVAILABLE";
  if (e.code === "UNAUTHORIZED") return "DIIA_AUTH";
  if (e.code !== "HTTP_ERROR") return "DIIA_UNAVAILABLE";
  const message = (e.diiaError?.message ?? "").toLowerCase();
  if (e.status === 400 && message.includes("used")) return "CODE_USED";
  if (e.status === 400 && message.includes("expired")) return "CODE_EXPIRED";
  if (e.status === 404) return "CODE_UNKNOWN";
  if (e.status === 403) return "SCOPE_FORBIDDEN";
  if (e.status !== undefined && e.status >= 500) return "DIIA_UNAVAILABLE";
  return "DIIA_REJECTED";
}

export async function createRequest(
  s: Services,
  employee: PublicEmployee,
  input: NewRequest,
): Promise<RequestView> {
  const parsed = citizenCode(input);
  const service = await findService(s, input.serviceId);
  if (!service || service.branchId !== employee.branchId) {
    throw new AppError("NOT_FOUND", "Послугу не знайдено у вашому відділенні");
  }
  const link = s.diia.link;
  const branch = (
    await s.store.query<{ diia_branch_id: string | null }>(
      "SELECT diia_branch_id FROM branches WHERE id = $1",
      [employee.branchId],
    )
  ).rows[0];
  const diiaBranchId = branch?.diia_branch_id ?? null;
  if (!link || !diiaBranchId || (input.kind === "deeplink" && !service.diiaOfferId)) {
    throw new AppError("DIIA_UNAVAILABLE");
  }
  // A deeplink for part of the service's documents asks with an offer for just those (made on first use).
  const offer =
    input.kind === "deeplink" && input.documentTypes
      ? await offerFor(
          s,
          link,
          { ...service, diiaOfferId: service.diiaOfferId as string },
          diiaBranchId,
          input.documentTypes,
        ).catch((e) => {
          throw e instanceof AppError ? e : new AppError("DIIA_UNAVAILABLE", undefined, { cause: e });
        })
      : { offerId: service.diiaOfferId, types: parsed.types ?? service.documentTypes };
  const id = randomUUID();
  const now = s.clock();
  const ttl = input.kind === "deeplink" ? s.config.requestTtlMs.deeplink : s.config.requestTtlMs.code;
  await s.store.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO requests (id, kind, employee_id, branch_id, service, service_id, diia_branch_id, diia_offer_id,
         document_types, code, status_key, qr_document_id, created_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14)`,
      [
        id,
        input.kind,
        employee.id,
        employee.branchId,
        service.name,
        service.id,
        diiaBranchId,
        offer.offerId,
        offer.types,
        parsed.code,
        parsed.statusKey,
        parsed.qrDocumentId ?? null,
        now,
        new Date(now.getTime() + ttl),
      ],
    );
    await appendAudit(tx, now, {
      actorId: employee.id,
      action: "request.create",
      subjectType: "request",
      subjectId: id,
      details: { kind: input.kind, serviceId: service.id, branchId: employee.branchId },
    });
  });

  // Committed: from here a delivery for `id` has a row to land on, even before Diia answers us.
  try {
    if (input.kind === "deeplink") {
      const { deeplink } = await link.client.sharing.createDeeplink(diiaBranchId, {
        offerId: offer.offerId as string,
        requestId: id,
      });
      const statusKey = deeplink.split("/").at(-1) ?? deeplink;
      await update(s, id, "deeplink = $2, status_key = $3, polling = true", [deeplink, statusKey]);
    } else {
      const { success } =
        input.kind === "barcode"
          ? await link.client.sharing.requestDocumentsByBarcode({
              branchId: diiaBranchId,
              barcode: parsed.code as string,
              requestId: id,
            })
          : await link.client.sharing.requestDocumentsByQrcode({
              branchId: diiaBranchId,
              qrcode: input.qr.trim(),
              requestId: id,
            });
      if (success) await update(s, id, "polling = true", [], "waiting");
      else await closeRequest(s, id, "failed", "DIIA_REJECTED");
    }
  } catch (e) {
    const reason = reasonOfDiiaError(e);
    s.log.warn(
      { requestId: id, reason, err: { code: (e as { code?: string }).code } },
      "Diia refused the request",
    );
    await closeRequest(s, id, "failed", reason);
  }
  return getRequestRow(s, id).then((row) => view(s, row));
}

/** Changes columns of a request (not its state), bumping its version, and announces it; `onlyIf` guards the status. */
function update(s: Services, id: string, set: string, params: unknown[], onlyIf?: RequestStatus) {
  return lifecycle(s, (_tx, life) => life.touch(id, set, params, onlyIf));
}

/**
 * Moves a waiting request to a final state or `failed` (only from `waiting`, so a delivery that landed first
 * wins), audited without personal data. Returns whether it changed.
 */
export function closeRequest(
  s: Services,
  id: string,
  status: Exclude<RequestStatus, "waiting" | "received">,
  reason: ReasonCode,
  actorId: string | null = null,
): Promise<boolean> {
  return lifecycle(s, async (_tx, life) => {
    const current = await life.lock(id);
    if (current?.state !== "waiting") return false;
    return life.move(id, status, {
      reason,
      actorId,
      action: status === "cancelled" ? "request.cancel" : "request.closed",
    });
  });
}

/** The row; `share` locks it against a concurrent change of state (a deletion) until the transaction ends. */
export async function getRequestRow(
  s: Services,
  id: string,
  tx?: Queryable,
  share = false,
): Promise<RequestRow> {
  const q = tx ?? s.store;
  const row = (
    await q.query<RequestRow>(`SELECT * FROM requests WHERE id = $1${share ? " FOR SHARE" : ""}`, [id])
  ).rows[0];
  if (!row) throw new AppError("NOT_FOUND", "Запит не знайдено");
  return row;
}

/** For reads only (polls): may share a flight with concurrent readers of the same notification generation. */
async function sharedRequestRow(s: Services, id: string): Promise<RequestRow> {
  const row = await shared(
    s,
    `row:${s.changes.generation()}:${id}`,
    async () => (await s.store.query<RequestRow>("SELECT * FROM requests WHERE id = $1", [id])).rows[0],
  );
  if (!row) throw new AppError("NOT_FOUND", "Запит не знайдено");
  return row;
}

/** A readable request, expired on the spot when its time ran out and no sweep has caught it yet. */
async function readable(s: Services, session: Session, id: string): Promise<RequestRow> {
  let row = await sharedRequestRow(s, id);
  refuse(canReadRequest(session.employee, row), "Запит не знайдено");
  if (row.status === "waiting" && row.expires_at <= s.clock()) {
    await closeRequest(s, id, "expired", "EXPIRED");
    row = await getRequestRow(s, id);
  }
  return row;
}

/** Long-poll (changes.ts `longPoll`): answers when the request's version differs from `version`, or after `waitMs`. */
export function pollRequest(
  s: Services,
  session: Session,
  id: string,
  opts: { waitMs: number; version: number | undefined; signal?: AbortSignal },
): Promise<RequestView> {
  return longPoll(s, id, opts, {
    read: () => readable(s, session, id),
    peek: () => sharedRequestRow(s, id),
    view: (row) => viewFor(s, session, row),
  });
}

export async function cancelRequest(s: Services, session: Session, id: string): Promise<RequestView> {
  const row = await readable(s, session, id);
  if (row.status !== "waiting") throw new AppError("REQUEST_CLOSED");
  if (!(await closeRequest(s, id, "cancelled", "CANCELLED", session.employee.id))) {
    throw new AppError("REQUEST_CLOSED");
  }
  return viewFor(s, session, await getRequestRow(s, id));
}

/** Expires every waiting request whose time ran out; returns how many. */
export async function sweepExpired(s: Services): Promise<number> {
  const due = await s.store.query<{ id: string }>(
    "SELECT id FROM requests WHERE status = 'waiting' AND expires_at <= $1 LIMIT 500",
    [s.clock()],
  );
  let n = 0;
  for (const { id } of due.rows) if (await closeRequest(s, id, "expired", "EXPIRED")) n++;
  return n;
}
