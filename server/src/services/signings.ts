import { randomUUID } from "node:crypto";
import { documentTypeTitle, type SignAlgo, SignAlgoSchema, signingDeeplinkRequest } from "@stiika/diia";
import { AppError } from "../errors.ts";
import { open, seal } from "../lib/seal.ts";
import type { Queryable } from "../store/store.ts";
import { accessClock, canReadDocuments, canWriteRequest, refuse } from "./access.ts";
import { renderApplicationPdf } from "./application-pdf.ts";
import { type AuditAction, type AuditEntry, appendAudit } from "./audit.ts";
import type { Session } from "./auth.ts";
import { composedAddress, getPartnerLegalName } from "./branch-identity.ts";
import { signingOfferFor } from "./catalog.ts";
import { longPoll } from "./changes.ts";
import type { Services } from "./context.ts";
import { getRequestRow, reasonOfDiiaError } from "./requests.ts";

/**
 * Дія.Підпис at the counter (issue 14): the application rendered from the saved questionnaire, sealed exactly as
 * hashed, sent to Diia as a signing deeplink on the branch's signing offer; long-poll, cancel, the status poller's
 * decline, expiry, and the verified signature (services/signing-callback.ts). Every change of a signing goes
 * through `change`, which bumps `version`, writes the audit entry in the same transaction and NOTIFYs the
 * signing's id on `request_changed` after the commit, so long-polls on any instance wake as for requests. The
 * states and what each does with a signature are in server/README.md ("Signing lifecycle").
 *
 * @example
 * const signing = await createSigning(s, session, requestId, { signAlgo: "DSTU" });
 * const later = await pollSigning(s, session, signing.id, { waitMs: 25_000, version: signing.version });
 */
export type SigningStatus =
  | "waiting"
  | "signed"
  | "signed_by_other"
  | "declined"
  | "expired"
  | "failed"
  | "cancelled";

export type SigningReason =
  | "DECLINED"
  | "EXPIRED"
  | "CANCELLED"
  | "REPLACED"
  | "DIIA_UNAVAILABLE"
  | "DIIA_REJECTED"
  | "DIIA_AUTH"
  | "SCOPE_FORBIDDEN"
  | "SIGNED_BY_OTHER"
  | "SIGNER_RNOKPP_MISSING"
  | "CLIENT_RNOKPP_MISSING";

/** One Ukrainian sentence per reason, with the next step for the teller. */
export const SIGNING_REASONS: Record<SigningReason, string> = {
  DECLINED:
    "Клієнт відхилив підписання в Дії. За потреби створіть новий запит на підпис або підпишіть заяву на папері.",
  EXPIRED: "Клієнт не підписав заяву вчасно. Створіть новий запит на підпис.",
  CANCELLED: "Підписання скасовано працівником. За потреби створіть новий запит на підпис.",
  REPLACED: "Замінено новим запитом на підпис цієї ж заяви.",
  DIIA_UNAVAILABLE: "Дія зараз не відповідає. Спробуйте ще раз за хвилину або підпишіть заяву на папері.",
  DIIA_REJECTED:
    "Дія відхилила запит на підпис. Спробуйте ще раз; якщо повториться, зверніться до адміністратора.",
  DIIA_AUTH: "Сервер не зміг увійти в Дію. Зверніться до адміністратора.",
  SCOPE_FORBIDDEN: "Відділенню не дозволено підписання в Дії. Зверніться до адміністратора.",
  SIGNED_BY_OTHER:
    "Підписано іншою особою: РНОКПП у сертифікаті підписувача не збігається з РНОКПП клієнта. Заява не вважається підписаною клієнтом — створіть новий запит на підпис.",
  SIGNER_RNOKPP_MISSING:
    "У сертифікаті підписувача немає РНОКПП, тож не можна підтвердити, що підписав клієнт. Заява не вважається підписаною — підпишіть її на папері.",
  CLIENT_RNOKPP_MISSING:
    "У документах клієнта з Дії немає РНОКПП, тож не можна підтвердити, що підписав клієнт. Заява не вважається підписаною — підпишіть її на папері.",
};

/** Allowed transitions. A signature verified for an expired or failed signing is accepted only within its life. */
export const SIGNING_TRANSITIONS: Record<SigningStatus, readonly SigningStatus[]> = {
  waiting: ["signed", "signed_by_other", "declined", "expired", "failed", "cancelled"],
  failed: ["signed", "signed_by_other"],
  expired: ["signed", "signed_by_other"],
  signed: [],
  signed_by_other: [],
  declined: [],
  cancelled: [],
};

export interface SignerView {
  fullName: string;
  rnokppMatches: boolean;
  signingTime: string | null;
  certificateSerial: string;
  issuer: string;
}

export interface SigningView {
  id: string;
  requestId: string;
  status: SigningStatus;
  reason: { code: string; message: string } | null;
  signAlgo: SignAlgo;
  fileName: string;
  deeplink: string | null;
  createdAt: string;
  expiresAt: string;
  version: number;
  refusedCallbacks: number;
  signer: SignerView | null;
  signedAt: string | null;
}

export interface SigningRow {
  id: string;
  request_id: string;
  branch_id: string;
  employee_id: string;
  diia_request_id: string;
  status: SigningStatus;
  reason: SigningReason | null;
  sign_algo: SignAlgo;
  file_name: string;
  file_hash: string;
  deeplink: string | null;
  status_key: string | null;
  polling: boolean;
  created_at: Date;
  updated_at: Date;
  expires_at: Date;
  closed_at: Date | null;
  version: number;
  refused_callbacks: number;
  signer: string | null;
  signature_digest: string | null;
  signed_at: Date | null;
}

/** Every column but the sealed PDF and signature (read only where they are used). */
export const SIGNING_COLUMNS = `id, request_id, branch_id, employee_id, diia_request_id, status, reason, sign_algo,
  file_name, file_hash, deeplink, status_key, polling, created_at, updated_at, expires_at, closed_at, version,
  refused_callbacks, encode(signer_sealed, 'base64') AS signer, signature_digest, signed_at`;

/** The partner's default algorithm (settings key); DSTU until an admin chooses. */
export const SIGN_ALGO_KEY = "partner_sign_algo";

const b64 = (b: Buffer) => b.toString("base64");

export function openSigner(s: Services, row: { id: string; signer: string | null }): SignerView | null {
  if (row.signer === null) return null;
  return JSON.parse(
    open([s.dataKey], { rowId: row.id, kind: "signer" }, Buffer.from(row.signer, "base64")).toString("utf8"),
  ) as SignerView;
}

export function signingView(s: Services, row: SigningRow): SigningView {
  return {
    id: row.id,
    requestId: row.request_id,
    status: row.status,
    reason: row.reason ? { code: row.reason, message: SIGNING_REASONS[row.reason] } : null,
    signAlgo: row.sign_algo,
    fileName: row.file_name,
    deeplink: row.status === "waiting" ? row.deeplink : null,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    version: row.version,
    refusedCallbacks: row.refused_callbacks,
    signer: openSigner(s, row),
    signedAt: row.signed_at?.toISOString() ?? null,
  };
}

export async function signingRow(q: Queryable, id: string, lock = false): Promise<SigningRow | undefined> {
  return (
    await q.query<SigningRow>(
      `SELECT ${SIGNING_COLUMNS} FROM signings WHERE id = $1${lock ? " FOR UPDATE" : ""}`,
      [id],
    )
  ).rows[0];
}

/** The latest signing of a request (GET /api/requests/:id resumes with it), or null. */
export async function latestSigning(s: Services, requestId: string): Promise<SigningView | null> {
  const row = (
    await s.store.query<SigningRow>(
      `SELECT ${SIGNING_COLUMNS} FROM signings WHERE request_id = $1 ORDER BY seq DESC LIMIT 1`,
      [requestId],
    )
  ).rows[0];
  return row ? signingView(s, row) : null;
}

export interface SigningChange {
  /** Locks and reads the row; undefined when there is none. */
  lock(id: string): Promise<SigningRow | undefined>;
  /** Moves to `to` when allowed from the current status (false, nothing written, otherwise); `set` adds columns. */
  move(
    id: string,
    to: SigningStatus,
    opts: {
      reason?: SigningReason | null;
      actorId?: string | null;
      action: AuditAction;
      details?: AuditEntry["details"];
      set?: { sql: string; params: unknown[] };
    },
  ): Promise<boolean>;
  /** A change that is not a state change (deeplink, refused callbacks): version bump and notify. */
  touch(id: string, set: string, params: unknown[], onlyIf?: SigningStatus): Promise<boolean>;
}

/** Runs `fn` in one transaction; the signings it changed are announced after the commit. */
export async function change<T>(
  s: Services,
  fn: (tx: Queryable, c: SigningChange) => Promise<T>,
): Promise<T> {
  const changed = new Set<string>();
  const result = await s.store.transaction((tx) => {
    const now = s.clock();
    const c: SigningChange = {
      lock: (id) => signingRow(tx, id, true),
      async move(id, to, opts) {
        const current = await c.lock(id);
        if (!current) throw new AppError("NOT_FOUND", "Підписання не знайдено");
        if (!SIGNING_TRANSITIONS[current.status].includes(to)) return false;
        const extra = opts.set ?? { sql: "", params: [] };
        const base = 5;
        const sql = extra.sql.replace(/\$(\d+)/g, (_m, n) => `$${Number(n) + base}`);
        await tx.query(
          `UPDATE signings SET status = $2, reason = $3, polling = false, version = version + 1, updated_at = $4,
             closed_at = CASE WHEN $5::boolean THEN $4 ELSE closed_at END${sql ? `, ${sql}` : ""}
           WHERE id = $1`,
          [id, to, opts.reason ?? null, now, to !== "failed", ...extra.params],
        );
        await appendAudit(tx, now, {
          actorId: opts.actorId ?? null,
          action: opts.action,
          subjectType: "signing",
          subjectId: id,
          details: {
            requestId: current.request_id,
            from: current.status,
            to,
            ...(opts.reason ? { reason: opts.reason } : {}),
            ...opts.details,
          },
        });
        changed.add(id);
        return true;
      },
      async touch(id, set, params, onlyIf) {
        const r = await tx.query(
          `UPDATE signings SET ${set}, version = version + 1, updated_at = $${params.length + 2}
           WHERE id = $1 ${onlyIf ? `AND status = '${onlyIf}'` : ""}`,
          [id, ...params, now],
        );
        if (r.rowCount > 0) changed.add(id);
        return r.rowCount > 0;
      },
    };
    return fn(tx, c);
  });
  for (const id of changed) await s.changes.publish(id);
  return result;
}

/** Closes a waiting signing (only from waiting, so a signature that landed first wins). */
export function closeSigning(
  s: Services,
  id: string,
  to: "declined" | "expired" | "failed" | "cancelled",
  reason: SigningReason,
  actorId: string | null = null,
): Promise<boolean> {
  return change(s, async (_tx, c) => {
    if ((await c.lock(id))?.status !== "waiting") return false;
    return c.move(id, to, {
      reason,
      actorId,
      action: to === "cancelled" ? "signing.cancel" : "signing.closed",
    });
  });
}

export async function getDefaultSignAlgo(s: Services): Promise<SignAlgo> {
  const row = (
    await s.store.query<{ value: unknown }>("SELECT value FROM settings WHERE key = $1", [SIGN_ALGO_KEY])
  ).rows[0];
  const parsed = SignAlgoSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : "DSTU";
}

export async function setDefaultSignAlgo(s: Services, actorId: string, algo: SignAlgo): Promise<void> {
  await s.store.transaction(async (tx) => {
    const now = s.clock();
    await tx.query(
      `INSERT INTO settings (key, value, updated_by, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by,
         updated_at = EXCLUDED.updated_at`,
      [SIGN_ALGO_KEY, JSON.stringify(algo), actorId, now],
    );
    await appendAudit(tx, now, { actorId, action: "settings.sign_algo", details: { signAlgo: algo } });
  });
}

interface OpenedDocument {
  id: string;
  doc_type: string;
  created_at: Date;
  meta: {
    normalised: unknown;
    provenance?: {
      signer?: { subject?: unknown; serial?: string };
      signingTime?: string | null;
      receivedAt?: string;
    };
  };
}

/** The request's documents with their opened metadata (what the application lists and the РНОКПП check reads). */
export async function requestDocuments(
  s: Services,
  q: Queryable,
  requestId: string,
): Promise<OpenedDocument[]> {
  const rows = (
    await q.query<{ id: string; doc_type: string; created_at: Date; metadata: string }>(
      `SELECT id, doc_type, created_at, encode(metadata_sealed, 'base64') AS metadata FROM documents
       WHERE request_id = $1 AND deleted_at IS NULL ORDER BY created_at, doc_type`,
      [requestId],
    )
  ).rows;
  return rows.map((r) => ({
    id: r.id,
    doc_type: r.doc_type,
    created_at: r.created_at,
    meta: JSON.parse(
      open([s.dataKey], { rowId: r.id, kind: "metadata" }, Buffer.from(r.metadata, "base64")).toString(
        "utf8",
      ),
    ),
  }));
}

const subjectText = (v: unknown) =>
  typeof v === "string"
    ? v
    : typeof (v as { text?: unknown })?.text === "string"
      ? (v as { text: string }).text
      : "";

/** The file name the client sees in Diia and the .p7s is named after: "zayava-1a2b3c4d.pdf". */
export const signingFileName = (id: string) => `zayava-${id.slice(0, 8)}.pdf`;

/**
 * «Підписати в Дії»: renders and seals the application, then asks Diia for the signing deeplink (the row is
 * committed first, so a signature that beats Diia's answer finds it). A waiting signing of the same request is
 * cancelled first (REPLACED). Diia refusing or failing → the signing is `failed` with a reason, as requests are.
 */
export async function createSigning(
  s: Services,
  session: Session,
  requestId: string,
  input: { signAlgo?: SignAlgo | undefined },
): Promise<SigningView> {
  const request = await getRequestRow(s, requestId);
  refuse(canWriteRequest(session.employee, request, accessClock(s)), "Запит не знайдено");
  const link = s.diia.link;
  if (!link) throw new AppError("DIIA_UNAVAILABLE");
  if (link.signingCAs.length === 0) throw new AppError("SIGNING_UNAVAILABLE");
  const saved = (
    await s.store.query<{ template: string; fields: string }>(
      "SELECT template, encode(fields_sealed, 'base64') AS fields FROM questionnaires WHERE request_id = $1",
      [requestId],
    )
  ).rows[0];
  if (!saved || request.status !== "received") throw new AppError("QUESTIONNAIRE_MISSING");
  const fields = JSON.parse(
    open(
      [s.dataKey],
      { rowId: requestId, kind: "questionnaire" },
      Buffer.from(saved.fields, "base64"),
    ).toString("utf8"),
  ) as Record<string, string>;
  const signAlgo = input.signAlgo ?? (await getDefaultSignAlgo(s));
  const branch = (
    await s.store.query<{
      name: string;
      location: string | null;
      street: string | null;
      house: string | null;
      display_address: string | null;
    }>("SELECT name, location, street, house, display_address FROM branches WHERE id = $1", [
      request.branch_id,
    ])
  ).rows[0];
  if (!branch) throw new AppError("NOT_FOUND", "Відділення не знайдено");
  const address =
    branch.display_address ??
    composedAddress({
      region: "",
      district: "",
      location: branch.location ?? "",
      street: branch.street ?? "",
      house: branch.house ?? "",
    });
  const offer = await signingOfferFor(s, link, request.branch_id).catch((e) => {
    throw e instanceof AppError ? e : new AppError("DIIA_UNAVAILABLE", undefined, { cause: e });
  });
  const documents = await requestDocuments(s, s.store, requestId);
  const id = randomUUID();
  const diiaRequestId = randomUUID();
  const now = s.clock();
  const fileName = signingFileName(id);
  const pdf = await renderApplicationPdf({
    id,
    createdAt: now,
    place: branch.location ?? address,
    partner: { name: (await getPartnerLegalName(s)) ?? "" },
    branch: { name: branch.name, address },
    service: { name: request.service },
    employee: { fullName: session.employee.displayName },
    questionnaire: { template: saved.template, fields },
    documents: documents.map((d) => ({
      type: d.doc_type,
      title: documentTypeTitle(d.doc_type, "uk"),
      normalised: d.meta.normalised ?? null,
      signer: {
        subject: subjectText(d.meta.provenance?.signer?.subject),
        serial: d.meta.provenance?.signer?.serial ?? "",
      },
      signingTime: d.meta.provenance?.signingTime ? new Date(d.meta.provenance.signingTime) : null,
      receivedAt: d.meta.provenance?.receivedAt ? new Date(d.meta.provenance.receivedAt) : d.created_at,
    })),
  });
  // The body is built (and its hash computed) from exactly the bytes that are sealed below.
  const body = signingDeeplinkRequest({
    offerId: offer.offerId,
    requestId: diiaRequestId,
    signAlgo,
    files: [{ fileName, content: pdf }],
  });
  const fileHash = body.data.hashedFilesSigning.hashedFiles[0]?.fileHash as string;
  const sealedPdf = b64(seal(s.dataKey, { rowId: id, kind: "pdf" }, Buffer.from(pdf)));
  await change(s, async (tx, c) => {
    // Again on the locked row: a copy deleted while the PDF was made gets no signing.
    refuse(
      canWriteRequest(session.employee, await getRequestRow(s, requestId, tx, true), accessClock(s)),
      "Запит не знайдено",
    );
    const waiting = (
      await tx.query<{ id: string }>("SELECT id FROM signings WHERE request_id = $1 AND status = 'waiting'", [
        requestId,
      ])
    ).rows;
    for (const w of waiting)
      await c.move(w.id, "cancelled", {
        reason: "REPLACED",
        actorId: session.employee.id,
        action: "signing.cancel",
      });
    await tx.query(
      `INSERT INTO signings (id, request_id, branch_id, employee_id, diia_request_id, status, sign_algo, file_name,
         file_hash, pdf_sealed, created_at, updated_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, 'waiting', $6, $7, $8, decode($9, 'base64'), $10, $10, $11)`,
      [
        id,
        requestId,
        request.branch_id,
        session.employee.id,
        diiaRequestId,
        signAlgo,
        fileName,
        fileHash,
        sealedPdf,
        now,
        new Date(now.getTime() + s.config.requestTtlMs.deeplink),
      ],
    );
    await appendAudit(tx, now, {
      actorId: session.employee.id,
      action: "signing.create",
      subjectType: "signing",
      subjectId: id,
      details: { requestId, signAlgo, replaced: waiting.length },
    });
  });

  try {
    const { deeplink } = await link.client.sharing.createSigningDeeplink(offer.diiaBranchId, body);
    const statusKey = deeplink.split("/").at(-1) ?? deeplink;
    await change(s, (_tx, c) =>
      c.touch(id, "deeplink = $2, status_key = $3, polling = true", [deeplink, statusKey], "waiting"),
    );
  } catch (e) {
    const reason = reasonOfDiiaError(e);
    s.log.warn(
      { signingId: id, reason, err: { code: (e as { code?: string }).code } },
      "Diia refused the signing request",
    );
    // A code's reasons (used, expired, unknown) do not apply to a deeplink: Diia refused it.
    const passOn = reason === "DIIA_AUTH" || reason === "DIIA_UNAVAILABLE" || reason === "SCOPE_FORBIDDEN";
    await closeSigning(s, id, "failed", passOn ? reason : "DIIA_REJECTED");
  }
  return signingView(s, (await signingRow(s.store, id)) as SigningRow);
}

/**
 * A signing the session may see (its request's documents rule), or change (`write`: the request's write rule),
 * expired on the spot when its time ran out.
 */
async function readable(s: Services, session: Session, id: string, write = false): Promise<SigningRow> {
  let row = await signingRow(s.store, id);
  if (!row) throw new AppError("NOT_FOUND", "Підписання не знайдено");
  const rule = write ? canWriteRequest : canReadDocuments;
  refuse(
    rule(session.employee, await getRequestRow(s, row.request_id), accessClock(s)),
    "Підписання не знайдено",
  );
  if (row.status === "waiting" && row.expires_at <= s.clock()) {
    await closeSigning(s, id, "expired", "EXPIRED");
    row = (await signingRow(s.store, id)) as SigningRow;
  }
  return row;
}

/** Long-poll with the semantics of GET /api/requests/:id (changes.ts `longPoll`). */
export function pollSigning(
  s: Services,
  session: Session,
  id: string,
  opts: { waitMs: number; version: number | undefined; signal?: AbortSignal },
): Promise<SigningView> {
  return longPoll(s, id, opts, {
    read: () => readable(s, session, id),
    peek: () => signingRow(s.store, id),
    view: (row) => signingView(s, row),
  });
}

export async function cancelSigning(s: Services, session: Session, id: string): Promise<SigningView> {
  const row = await readable(s, session, id, true);
  if (row.status !== "waiting" || !(await closeSigning(s, id, "cancelled", "CANCELLED", session.employee.id)))
    throw new AppError("SIGNING_CLOSED");
  return signingView(s, (await signingRow(s.store, id)) as SigningRow);
}

/** The sealed PDF of a signing, opened (the bytes that were hashed). */
export async function openSigningPdf(s: Services, q: Queryable, id: string): Promise<Buffer> {
  const r = (
    await q.query<{ pdf: string }>("SELECT encode(pdf_sealed, 'base64') AS pdf FROM signings WHERE id = $1", [
      id,
    ])
  ).rows[0];
  if (!r) throw new AppError("NOT_FOUND", "Підписання не знайдено");
  return open([s.dataKey], { rowId: id, kind: "pdf" }, Buffer.from(r.pdf, "base64"));
}

/** The teller's view of the application (GET /api/signings/:id/pdf), audited. */
export async function signingPdf(s: Services, session: Session, id: string): Promise<Buffer> {
  const row = await readable(s, session, id);
  return s.store.transaction(async (tx) => {
    const pdf = await openSigningPdf(s, tx, id);
    await appendAudit(tx, s.clock(), {
      actorId: session.employee.id,
      action: "signing.view_pdf",
      subjectType: "signing",
      subjectId: id,
      details: { requestId: row.request_id },
    });
    return pdf;
  });
}

/** Expires every waiting signing whose time ran out; returns how many. */
export async function sweepExpiredSignings(s: Services): Promise<number> {
  const due = await s.store.query<{ id: string }>(
    "SELECT id FROM signings WHERE status = 'waiting' AND expires_at <= $1 LIMIT 500",
    [s.clock()],
  );
  let n = 0;
  for (const { id } of due.rows) if (await closeSigning(s, id, "expired", "EXPIRED")) n++;
  return n;
}
