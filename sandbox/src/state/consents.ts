// A consent is what the citizen sees in Diia: "partner X asks for documents Y". Barcode/QR requests create it for
// the code's citizen and document; a deeplink creates it with no citizen until someone opens the link.
import { randomUUID } from "node:crypto";
import type { DiiaSharingScope, SharedDocumentType, SignAlgo } from "@stiika/diia";

export type ConsentFlow = "barcode" | "qrcode" | "deeplink";

/** What a signing deeplink (data.hashedFilesSigning) asks the citizen to sign, and what was signed. */
export type ConsentSigning = {
  signAlgo: SignAlgo;
  files: { fileName: string; fileHash: string }[];
  /** After signing: the signatures (base64 DER) the callback carries, one per file, in order. */
  signedItems: { name: string; signature: string }[];
  /** Whose certificate signed (another citizen's under the wrong-signer fault). */
  signerCitizenId: string | null;
  /** The signing faults this request got (faults.ts SIGNING_FAULT_KINDS). */
  faults: string[];
  /** The multipart form the callback went in. */
  form: "form-data" | "mixed" | null;
  /** A confirmation is being signed (the keys load asynchronously): a second one is refused meanwhile. */
  busy: boolean;
};
export type ConsentStatus = "pending" | "approved" | "declined";

export type Consent = {
  id: string;
  status: ConsentStatus;
  flow: ConsentFlow;
  citizenId: string | null;
  partnerName: string;
  branchId: string;
  branchName: string;
  /** The branch's address as the consent screen shows it (may span lines). */
  branchAddress: string;
  offerId: string | null;
  offerName: string;
  /** Requested types: the code's document type, or the offer's sharing scopes (may hold the `passport` alias). */
  documentTypes: DiiaSharingScope[];
  requestId: string;
  createdAt: Date;
  decidedAt: Date | null;
  /** Barcode/QR flows: the document the code belongs to and the code's barcode (metadata `barcode`). */
  code: { documentId: string; documentType: SharedDocumentType; barcode: string } | null;
  deeplink: string | null;
  returnLink: string | null;
  deliveryId: string | null;
  /** A Дія.Підпис request (documentTypes is then empty); null for sharing. */
  signing: ConsentSigning | null;
};

export type NewConsent = Omit<Consent, "id" | "status" | "createdAt" | "decidedAt" | "deliveryId">;

export class ConsentStore {
  private readonly consents = new Map<string, Consent>();

  /**
   * @param onCitizenKnown called when a pending consent has its citizen (a code request, or a deeplink once
   *   opened), so the delivery can be prepared while the prompt is shown.
   */
  constructor(
    private readonly now: () => Date,
    private readonly onCitizenKnown: (consent: Consent) => void,
  ) {}

  create(input: NewConsent): Consent {
    const consent: Consent = {
      ...input,
      id: randomUUID(),
      status: "pending",
      createdAt: this.now(),
      decidedAt: null,
      deliveryId: null,
    };
    this.consents.set(consent.id, consent);
    // Signatures are made when the citizen confirms (their signingTime), not ahead.
    if (consent.citizenId && !consent.signing) this.onCitizenKnown(consent);
    return consent;
  }

  /** A citizen opened the consent's deeplink: it becomes theirs. */
  claim(consent: Consent, citizenId: string): void {
    consent.citizenId = citizenId;
    if (!consent.signing) this.onCitizenKnown(consent);
  }

  get(id: string): Consent | undefined {
    return this.consents.get(id);
  }

  findByDeeplink(deeplink: string): Consent | undefined {
    for (const consent of this.consents.values()) if (consent.deeplink === deeplink) return consent;
    return undefined;
  }

  list(filter: { status?: ConsentStatus; citizenId?: string } = {}): Consent[] {
    return [...this.consents.values()].filter(
      (c) =>
        (!filter.status || c.status === filter.status) &&
        (filter.citizenId === undefined || c.citizenId === filter.citizenId),
    );
  }

  clear(): void {
    this.consents.clear();
  }
}

/** The control API's view of a consent (the phone page's contract). */
export function consentView(consent: Consent) {
  return {
    id: consent.id,
    status: consent.status,
    citizenId: consent.citizenId,
    partnerName: consent.partnerName,
    branchName: consent.branchName,
    branchAddress: consent.branchAddress,
    offerName: consent.offerName,
    documentTypes: consent.documentTypes,
    flow: consent.flow,
    requestId: consent.requestId,
    createdAt: consent.createdAt.toISOString(),
    decidedAt: consent.decidedAt?.toISOString() ?? null,
    deeplink: consent.deeplink,
    returnLink: consent.returnLink,
    deliveryId: consent.deliveryId,
    signing: consent.signing && {
      signAlgo: consent.signing.signAlgo,
      files: consent.signing.files,
      signedNames: consent.signing.signedItems.map((i) => i.name),
      signerCitizenId: consent.signing.signerCitizenId,
      faults: consent.signing.faults,
      form: consent.signing.form,
    },
  };
}
