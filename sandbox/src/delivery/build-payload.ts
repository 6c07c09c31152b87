// The multipart body Diia posts after a citizen approves (spec §4.1, §4.2, §5): every PDF and the metadata JSON,
// each signed by the sandbox Diia signer and encrypted to the partner (`seal`), as base64 text.
import { kyivParts } from "@stiika/api";
import type { Citizen, CitizenDocument } from "../citizens/citizens.ts";
import type { renderDocumentPdf } from "../pdf/render-document-pdf.ts";
import type { Consent } from "../state/consents.ts";
import type { PreparedPayload } from "./delivery-queue.ts";
import type { CallbackPart } from "./send-callback.ts";

export type Seal = (content: Uint8Array) => Promise<Uint8Array>;

/** `<type>-<id>-<dd.mm.yyyy>-<HH_MM_SS>.pdf.p7s.p7e`, like the official JS SDK's sample file (spec §4.1 [?]). */
export function encryptedFileName(type: string, id: string, at: Date): string {
  const p = kyivParts(at);
  return `${type}-${id}-${p.day}.${p.month}.${p.year}-${p.hour}_${p.minute}_${p.second}.pdf.p7s.p7e`;
}

export async function buildCallbackPayload(input: {
  consent: Consent;
  citizen: Citizen;
  documents: CitizenDocument[];
  sentAt: Date;
  seal: Seal;
  render: typeof renderDocumentPdf;
}): Promise<PreparedPayload> {
  const { consent, citizen, sentAt, seal } = input;
  const toBase64 = async (bytes: Uint8Array) => Buffer.from(await seal(bytes)).toString("base64");
  const files: { document: CitizenDocument; fileName: string; envelope: string }[] = [];
  for (const document of input.documents) {
    // Barcode deliveries name the file by the barcode, deeplink ones by the document id (SDK samples).
    const fileName = encryptedFileName(document.type, consent.code?.barcode ?? document.id, sentAt);
    const pdf = await input.render({
      citizen,
      document,
      partnerName: consent.partnerName,
      branchName: consent.branchName,
      requestId: consent.requestId,
      requestedAt: consent.createdAt,
    });
    files.push({ document, fileName, envelope: await toBase64(pdf) });
  }
  const item = (f: (typeof files)[number]) => ({ ...f.document.metadata, fileName: f.fileName });

  let metadata: unknown;
  const parts: CallbackPart[] = [];
  const barcodeFile = files[0];
  if (consent.code && barcodeFile) {
    // Barcode/QR: one document, `data[type]` is an object and there is no requestId (spec §5).
    metadata = {
      barcode: consent.code.barcode,
      documentTypes: [barcodeFile.document.type],
      data: { [barcodeFile.document.type]: item(barcodeFile) },
    };
    parts.push(
      { name: "encryptedFile", value: barcodeFile.envelope, fileName: barcodeFile.fileName },
      { name: "encryptedFileName", value: barcodeFile.fileName },
    );
  } else {
    const data: Record<string, unknown[]> = {};
    for (const f of files) {
      data[f.document.type] ??= [];
      data[f.document.type]?.push(item(f));
      parts.push({ name: f.document.type, value: f.envelope, fileName: f.fileName });
    }
    metadata = { requestId: consent.requestId, documentTypes: Object.keys(data), data };
  }
  parts.push({
    name: "encodeData",
    value: await toBase64(new TextEncoder().encode(JSON.stringify(metadata))),
  });
  return {
    parts,
    documents: files.map((f) => ({ type: f.document.type, fileName: f.fileName })),
  };
}
