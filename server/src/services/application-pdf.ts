/**
 * The application (заява) the client signs with Дія.Підпис, rendered as a PDF from the saved questionnaire.
 *
 * STAND-IN: helper P's renderer (embedded Ukrainian fonts, labels and sources from the templates) replaces this
 * file at merge; only the signature below is the contract. This one writes a valid one-page PDF whose text is the
 * input in ASCII (other characters as "?"), so the server's signing flow has real, unique bytes to hash and seal.
 *
 * @example
 * const pdf = await renderApplicationPdf({ id, createdAt: new Date(), place: "м. Київ", ... });
 */
export interface ApplicationInput {
  /** The signing's uuid: printed as the application's number (makes every PDF unique). */
  id: string;
  /** Printed as the date (Europe/Kyiv). */
  createdAt: Date;
  /** Printed as the place, e.g. "м. Київ". */
  place: string;
  /** The partner's name as on Diia's consent screen. */
  partner: { name: string };
  branch: { name: string; address: string };
  service: { name: string };
  employee: { fullName: string };
  /** As saved by PUT /questionnaire. */
  questionnaire: { template: string; fields: Record<string, string> };
  documents: Array<{
    type: string;
    title: string;
    /** @stiika/diia normalised shape, as the Document API gives it. */
    normalised: unknown | null;
    /** Diia's signature on the copy (provenance.signer). */
    signer: { subject: string; serial: string };
    signingTime: Date | null;
    receivedAt: Date;
  }>;
}

const ascii = (s: string) => s.replace(/[^\x20-\x7e]/g, "?").replace(/[\\()]/g, (c) => `\\${c}`);

export async function renderApplicationPdf(input: ApplicationInput): Promise<Uint8Array> {
  const lines = [
    `Application ${input.id}`,
    `Date: ${input.createdAt.toISOString()}  Place: ${input.place}`,
    `Partner: ${input.partner.name}`,
    `Branch: ${input.branch.name}, ${input.branch.address}`,
    `Service: ${input.service.name}  Employee: ${input.employee.fullName}`,
    `Template: ${input.questionnaire.template}`,
    ...Object.entries(input.questionnaire.fields).map(([k, v]) => `${k}: ${v}`),
    ...input.documents.map((d) => `Document: ${d.type} signed by ${d.signer.serial}`),
  ].slice(0, 60);
  const text = lines.map((l, i) => `BT /F1 9 Tf 40 ${800 - i * 12} Td (${ascii(l).slice(0, 110)}) Tj ET`);
  const stream = text.join("\n");
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    `<< /Length ${Buffer.byteLength(stream, "latin1")} >>\nstream\n${stream}\nendstream`,
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, "latin1"));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, "latin1");
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(body, "latin1"));
}
