import { PDFDict, PDFDocument, PDFName, PDFRawStream, PDFStream } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, it } from "vitest";
import { CITIZENS, type Citizen, type CitizenDocument } from "../../src/citizens/citizens.ts";
import { SandboxError } from "../../src/errors.ts";
import { renderDocumentPdf } from "../../src/pdf/render-document-pdf.ts";

const REQUEST = {
  partnerName: "АТ КБ «ПриватБанк»",
  branchName: "Відділення №12",
  requestId: "7d3f2a1c-5b6e-4f80-9a1b-2c3d4e5f6a7b",
  requestedAt: new Date("2026-11-23T13:45:00Z"),
};

/** All text of all pages as pdf.js reads it, whitespace collapsed (wrapped lines join with a space). */
async function extractText(pdf: Uint8Array): Promise<{ text: string; pages: number }> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  const chunks: string[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    for (const item of content.items) if ("str" in item) chunks.push(item.str);
  }
  const pages = doc.numPages;
  await doc.destroy();
  return { text: chunks.join(" ").replace(/\s+/g, " "), pages };
}

/** Every string leaf of a metadata item except the document id (not printed on copies). */
function leafValues(value: unknown, key = ""): [string, string][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leafValues(v, k));
  }
  return key === "id" || typeof value !== "string" || value === "" ? [] : [[key, value]];
}

// Values shown as words on the copy, like the Diia app does.
const SHOWN_AS: Record<string, Record<string, string>> = {
  genderUA: { Ж: "Жіноча", Ч: "Чоловіча" },
  ownerType: { owner: "Власник", properUser: "Належний користувач" },
  docType: { person: "Особа" },
};

function numberOf(d: CitizenDocument): string {
  const number =
    d.metadata.docNumber ?? d.metadata.serialNumber ?? (d.metadata.document as { number?: unknown }).number;
  if (typeof number !== "string") throw new Error(`no document number on ${d.id}`);
  return number;
}

const ALL = CITIZENS.flatMap((citizen) => citizen.documents.map((document) => ({ citizen, document })));

describe("renderDocumentPdf", () => {
  it.each(ALL.map((x) => [x.document.type, x.citizen.id, x] as const))(
    "when rendering %s of %s, then pdf.js reads the request, the holder and every field",
    async (_type, _id, { citizen, document }) => {
      const pdf = await renderDocumentPdf({ citizen, document, ...REQUEST });
      expect(new TextDecoder().decode(pdf.subarray(0, 5))).toBe("%PDF-");
      const { text, pages } = await extractText(pdf);
      expect(pages).toBe(1);
      expect(text).toContain("Цифрова копія документа");
      expect(text).toContain("Запит на цифрові копії документів від 23.11.2026 15:45"); // Kyiv, UTC+2 in November
      expect(text).toContain(`Ініціатор запиту: ${REQUEST.partnerName}, ${REQUEST.branchName}`);
      expect(text).toContain(REQUEST.requestId);
      expect(text).toContain(citizen.fullName);
      expect(text).toContain(document.title);
      expect(text).toContain(numberOf(document));
      for (const [key, value] of leafValues(document.metadata)) {
        expect(text, key).toContain(SHOWN_AS[key]?.[value] ?? value);
      }
      // A copy of realistic size: the server's benchmark assumes ~140 KB envelopes.
      expect(pdf.length).toBeGreaterThan(60_000);
      expect(pdf.length).toBeLessThan(250_000);
    },
  );

  it("embeds a subset of Roboto as a TrueType font file and uses no unembedded font", async () => {
    const [citizen, document] = first();
    const pdf = await PDFDocument.load(await renderDocumentPdf({ citizen, document, ...REQUEST }));
    const descriptors: PDFDict[] = [];
    const fonts: PDFDict[] = [];
    for (const [, object] of pdf.context.enumerateIndirectObjects()) {
      const dict = object instanceof PDFDict ? object : object instanceof PDFStream ? object.dict : undefined;
      const type = dict?.get(PDFName.of("Type"));
      if (dict && type === PDFName.of("FontDescriptor")) descriptors.push(dict);
      if (dict && type === PDFName.of("Font")) fonts.push(dict);
    }
    expect(descriptors).toHaveLength(2);
    for (const descriptor of descriptors) {
      expect(descriptor.get(PDFName.of("FontName"))?.toString()).toMatch(
        /^\/[A-Z]{6}\+Roboto-(Regular|Medium)$/,
      );
      const file = pdf.context.lookup(descriptor.get(PDFName.of("FontFile2")));
      expect(file).toBeInstanceOf(PDFRawStream);
      // A subset: far smaller than the ~170 KB full Roboto face.
      expect((file as PDFRawStream).getContentsSize()).toBeGreaterThan(1_000);
      expect((file as PDFRawStream).getContentsSize()).toBeLessThan(60_000);
    }
    // Every font the pages use is a Type0/CID font backed by those descriptors (no standard-14 fallback).
    const subtypes = fonts.map((f) => f.get(PDFName.of("Subtype"))?.toString()).sort();
    expect(subtypes).toEqual(["/CIDFontType2", "/CIDFontType2", "/Type0", "/Type0"]);
  });

  it("when the inputs are the same, then the bytes are the same; another date changes them", async () => {
    const [citizen, document] = first();
    const a = await renderDocumentPdf({ citizen, document, ...REQUEST });
    const b = await renderDocumentPdf({ citizen, document, ...REQUEST });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const summer = await renderDocumentPdf({
      citizen,
      document,
      ...REQUEST,
      requestedAt: new Date("2026-07-01T09:05:00Z"),
    });
    expect(Buffer.from(summer).equals(Buffer.from(a))).toBe(false);
    expect((await extractText(summer)).text).toContain("від 01.07.2026 12:05"); // Kyiv, UTC+3 in summer
  });

  it("when a value is too long for a line, then it wraps and every word is still there", async () => {
    const [citizen, document] = first();
    const branchName = "Відділення ".repeat(30).trim();
    const { text } = await extractText(
      await renderDocumentPdf({ citizen, document, ...REQUEST, branchName }),
    );
    expect(text).toContain(`Ініціатор запиту: ${REQUEST.partnerName}, ${branchName}`);
  });

  it.each([
    ["an empty partner name", { partnerName: " " }, "partnerName is empty"],
    ["an empty branch name", { branchName: "" }, "branchName is empty"],
    ["an empty request id", { requestId: "" }, "requestId is empty"],
    ["an invalid date", { requestedAt: new Date("not a date") }, "requestedAt is not a valid date"],
  ])("when given %s, then it throws VALIDATION naming the field", async (_what, patch, message) => {
    const [citizen, document] = first();
    const error = await renderDocumentPdf({ citizen, document, ...REQUEST, ...patch }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SandboxError);
    expect(error).toMatchObject({ code: "VALIDATION", data: { errors: [message] } });
  });

  it("when the document belongs to someone else, then it throws VALIDATION", async () => {
    const [citizen] = first();
    const stranger = CITIZENS.find((c) => c.id !== citizen.id)?.documents[0] as CitizenDocument;
    const error = await renderDocumentPdf({ citizen, document: stranger, ...REQUEST }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "VALIDATION",
      data: { errors: ["document does not belong to citizen"] },
    });
  });
});

function first(): [Citizen, CitizenDocument] {
  const citizen = CITIZENS[0] as Citizen;
  return [citizen, citizen.documents[0] as CitizenDocument];
}
