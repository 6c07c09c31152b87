// The one-time codes a citizen's Diia app shows: an EAN-13 barcode and a verify-link QR that share one record
// (spec §6), live for the configured lifetime (3 min), and are spent by the first request that presents either.
import { randomUUID } from "node:crypto";
import { buildDiiaDocumentQr, generateDiiaBarcode, type SharedDocumentType } from "@stiika/diia";

export type CodeRecord = {
  barcode: string;
  otp: string;
  /** Diia's QR content: `https://diia.app/documents/{type}/{documentId}/verify/{otp}`. */
  link: string;
  citizenId: string;
  documentId: string;
  documentType: SharedDocumentType;
  issuedAt: Date;
  expiresAt: Date;
  usedAt: Date | null;
};

export type CodeState = "live" | "used" | "expired";

const FORGET_AFTER_MS = 60 * 60_000;

type DocumentRef = { citizenId: string; documentId: string; documentType: SharedDocumentType };

export class CodeRegistry {
  private readonly byBarcode = new Map<string, CodeRecord>();
  private readonly byOtp = new Map<string, CodeRecord>();
  private readonly current = new Map<string, CodeRecord>();

  constructor(
    private readonly lifetimeMs: number,
    private readonly now: () => Date = () => new Date(),
  ) {}

  stateOf(record: CodeRecord): CodeState {
    if (record.usedAt) return "used";
    return record.expiresAt.getTime() <= this.now().getTime() ? "expired" : "live";
  }

  /** The document's live code, issuing a new one when the last expired or was used. */
  liveCode(ref: DocumentRef): CodeRecord {
    const existing = this.current.get(key(ref));
    if (existing && this.stateOf(existing) === "live") return existing;
    return this.issue(ref);
  }

  /** A fresh code on the citizen's request; the previous one stays valid until it expires, as a shown code would. */
  issue(ref: DocumentRef): CodeRecord {
    this.forgetOld();
    let barcode = generateDiiaBarcode();
    while (this.byBarcode.has(barcode)) barcode = generateDiiaBarcode();
    const otp = randomUUID();
    const issuedAt = this.now();
    const record: CodeRecord = {
      ...ref,
      barcode,
      otp,
      link: buildDiiaDocumentQr({ documentType: ref.documentType, documentId: ref.documentId, otp }),
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + this.lifetimeMs),
      usedAt: null,
    };
    this.byBarcode.set(barcode, record);
    this.byOtp.set(otp, record);
    this.current.set(key(ref), record);
    return record;
  }

  findByBarcode(barcode: string): CodeRecord | undefined {
    return this.byBarcode.get(barcode);
  }

  findByOtp(otp: string): CodeRecord | undefined {
    return this.byOtp.get(otp);
  }

  /**
   * The phone polls, so a long-running sandbox issues codes all day. Codes expired for over an hour are forgotten:
   * presenting one then answers "unknown" instead of "expired".
   */
  private forgetOld(): void {
    const cutoff = this.now().getTime() - FORGET_AFTER_MS;
    for (const [barcode, record] of this.byBarcode) {
      if (record.expiresAt.getTime() >= cutoff) continue;
      this.byBarcode.delete(barcode);
      this.byOtp.delete(record.otp);
    }
  }

  use(record: CodeRecord): void {
    record.usedAt = this.now();
  }

  /** Fault injection: the code stays known but is past its expiry from now on. */
  expire(record: CodeRecord): void {
    record.expiresAt = new Date(this.now().getTime() - 1);
  }

  currentFor(ref: Pick<DocumentRef, "citizenId" | "documentId">): CodeRecord | undefined {
    return this.current.get(key(ref));
  }

  clear(): void {
    this.byBarcode.clear();
    this.byOtp.clear();
    this.current.clear();
  }
}

const key = (ref: Pick<DocumentRef, "citizenId" | "documentId">) => `${ref.citizenId}\u0000${ref.documentId}`;
