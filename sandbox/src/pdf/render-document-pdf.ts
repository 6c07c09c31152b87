/**
 * Renders the PDF copy of one citizen document the way Diia's copies look: A4, "Цифрова копія документа" header
 * with the request time, the document title, every field with a Ukrainian label over a guilloche background, a
 * photo placeholder for documents that carry a photo, "Ініціатор запиту: <partner>, <branch>", the request id and
 * a footer note. Roboto is embedded (subset), so Cyrillic renders anywhere. The output depends only on the
 * input, `requestedAt` included (it also becomes the PDF creation date). Bad input (empty partner, branch or
 * request id, an invalid date, a document not of this citizen) throws `SandboxError` with code `VALIDATION`.
 *
 * @example
 * const pdf = await renderDocumentPdf({
 *   citizen, document: citizen.documents[0], partnerName: "ПриватБанк", branchName: "Відділення №12",
 *   requestId: "6f1c…", requestedAt: new Date(),
 * });
 * await writeFile("copy.pdf", pdf);
 */
import fontkit from "@pdf-lib/fontkit";
import { kyivDateTime } from "@stiika/api";
import { isSharedDocumentType } from "@stiika/diia";
import { LineCapStyle, PageSizes, PDFDocument, type PDFFont, type PDFPage, type RGB, rgb } from "pdf-lib";
import type { Citizen, CitizenDocument } from "../citizens/citizens.ts";
import { SandboxError } from "../errors.ts";
import { documentSections, HAS_PHOTO, type Row, type Section } from "./lib/fields.ts";
import { loadFonts } from "./lib/fonts.ts";
import { guillochePaths } from "./lib/guilloche.ts";

export type RenderDocumentPdfInput = {
  citizen: Citizen;
  document: CitizenDocument;
  partnerName: string;
  branchName: string;
  requestId: string;
  requestedAt: Date;
};

const [PAGE_W, PAGE_H] = PageSizes.A4;
const MARGIN = 48;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const FOOTER_TOP = 92;
const INK = rgb(0, 0, 0);
const GREY = rgb(0.42, 0.45, 0.5);
const LINE = rgb(0.82, 0.85, 0.89);
const GUILLOCHE = rgb(0.8, 0.89, 0.93);
const CARD_BG = rgb(0.965, 0.976, 0.984);
const PHOTO = { w: 96, h: 128 };

/** Greedy word wrap; a word longer than the line is broken by characters. */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) <= width) {
      line = candidate;
      continue;
    }
    if (line) lines.push(line);
    line = "";
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length - 1;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      lines.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
    line = rest;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [""];
}

/** A cursor down the pages; with `measureOnly` it only advances, to size the card before drawing it. */
class Layout {
  page!: PDFPage;
  y = 0;
  pages: PDFPage[] = [];

  constructor(
    readonly pdf: PDFDocument,
    readonly fonts: { regular: PDFFont; bold: PDFFont },
    readonly measureOnly = false,
  ) {
    if (!measureOnly) this.newPage();
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_W, PAGE_H]);
    this.pages.push(this.page);
    this.y = PAGE_H - MARGIN;
  }

  /** Starts a new page when `height` more points would run into the footer. */
  ensure(height: number): void {
    if (!this.measureOnly && this.y - height < FOOTER_TOP) this.newPage();
  }

  text(text: string, x: number, opts: { size: number; bold?: boolean; color?: RGB; width?: number }): void {
    const font = opts.bold ? this.fonts.bold : this.fonts.regular;
    const lineHeight = opts.size * 1.3;
    for (const line of wrap(text, font, opts.size, opts.width ?? CONTENT_W - (x - MARGIN))) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      if (this.measureOnly) continue;
      this.page.drawText(line, {
        x,
        y: this.y + opts.size * 0.25,
        size: opts.size,
        font,
        color: opts.color ?? INK,
      });
    }
  }
}

const CARD_PADDING = 16;

/** Field rows inside the card in two columns (a long value takes the whole line), beside the photo while it lasts. */
function drawFields(layout: Layout, sections: Section[], top: number, photo: boolean): void {
  const firstPage = layout.page;
  const photoBottom = top - CARD_PADDING - PHOTO.h - 8;
  const narrow = () => photo && layout.page === firstPage && layout.y > photoBottom;
  const x = () => MARGIN + CARD_PADDING + (narrow() ? PHOTO.w + 20 : 0);
  const width = () => PAGE_W - MARGIN - CARD_PADDING - x();
  const gap = 16;
  const fits = (row: Row, w: number) =>
    layout.fonts.regular.widthOfTextAtSize(row.value, 11) <= w &&
    layout.fonts.regular.widthOfTextAtSize(row.label, 8) <= w;
  const drawRow = (row: Row, left: number, w: number) => {
    layout.text(row.label, left, { size: 8, color: GREY, width: w });
    layout.text(row.value, left, { size: 11, width: w });
  };
  layout.y = top - CARD_PADDING + 4;
  for (const section of sections) {
    if (section.heading) {
      layout.y -= 6;
      layout.ensure(40);
      layout.text(section.heading, x(), { size: 11, bold: true, width: width() });
    }
    for (let i = 0; i < section.rows.length; i++) {
      layout.ensure(30);
      const row = section.rows[i] as Row;
      const next = section.rows[i + 1];
      const column = (width() - gap) / 2;
      if (next && fits(row, column) && fits(next, column)) {
        const [start, left] = [layout.y, x()];
        drawRow(row, left, column);
        const end = layout.y;
        layout.y = start;
        drawRow(next, left + column + gap, column);
        layout.y = Math.min(end, layout.y);
        i++;
      } else {
        drawRow(row, x(), width());
      }
      layout.y -= 4;
    }
  }
  if (photo && layout.page === firstPage) layout.y = Math.min(layout.y, photoBottom);
}

function drawDiiaMark(page: PDFPage, font: PDFFont, x: number, top: number): void {
  const size = 40;
  page.drawSvgPath(
    `M 10 0 H ${size - 10} Q ${size} 0 ${size} 10 V ${size - 10} Q ${size} ${size} ${size - 10} ${size} H 10 Q 0 ${size} 0 ${size - 10} V 10 Q 0 0 10 0 Z`,
    { x, y: top, color: INK },
  );
  const label = "Дія";
  const width = font.widthOfTextAtSize(label, 14);
  page.drawText(label, {
    x: x + (size - width) / 2,
    y: top - size / 2 - 5,
    size: 14,
    font,
    color: rgb(1, 1, 1),
  });
}

function drawPhotoPlaceholder(page: PDFPage, font: PDFFont, x: number, top: number): void {
  const bottom = top - PHOTO.h;
  page.drawRectangle({
    x,
    y: bottom,
    width: PHOTO.w,
    height: PHOTO.h,
    color: rgb(0.93, 0.94, 0.96),
    borderColor: rgb(0.7, 0.73, 0.78),
    borderWidth: 0.8,
    borderDashArray: [3, 2],
  });
  const cx = x + PHOTO.w / 2;
  const silhouette = rgb(0.78, 0.8, 0.84);
  page.drawCircle({ x: cx, y: bottom + 80, size: 20, color: silhouette });
  page.drawSvgPath(`M ${-36} 0 Q ${-34} ${-38} 0 ${-38} Q 34 ${-38} 36 0 Z`, {
    x: cx,
    y: bottom + 18 + 0,
    color: silhouette,
  });
  const label = "Фото";
  page.drawText(label, {
    x: cx - font.widthOfTextAtSize(label, 8) / 2,
    y: bottom + 6,
    size: 8,
    font,
    color: GREY,
  });
}

function drawFooter(layout: Layout, input: RenderDocumentPdfInput, pageIndex: number): void {
  const page = layout.pages[pageIndex];
  if (!page) return;
  const { regular } = layout.fonts;
  page.drawLine({
    start: { x: MARGIN, y: FOOTER_TOP - 10 },
    end: { x: PAGE_W - MARGIN, y: FOOTER_TOP - 10 },
    thickness: 0.6,
    color: LINE,
  });
  const note = [
    "Цифрову копію документа сформовано за допомогою застосунку Дія за згодою власника документа",
    "та передано ініціатору запиту. Копія засвідчена кваліфікованою електронною печаткою.",
    "Тестова копія пісочниці Stiika: не є офіційним документом.",
  ];
  note.forEach((line, i) => {
    page.drawText(line, { x: MARGIN, y: FOOTER_TOP - 24 - i * 10, size: 7.5, font: regular, color: GREY });
  });
  const counter = `Сторінка ${pageIndex + 1} з ${layout.pages.length} · ${input.requestId}`;
  page.drawText(counter, {
    x: PAGE_W - MARGIN - regular.widthOfTextAtSize(counter, 7.5),
    y: FOOTER_TOP - 58,
    size: 7.5,
    font: regular,
    color: GREY,
  });
}

function check(input: RenderDocumentPdfInput): void {
  const problems = [
    !isSharedDocumentType(input.document.type) && "document.type is not a shared document type",
    !input.citizen.documents.some((d) => d.id === input.document.id) && "document does not belong to citizen",
    !input.partnerName.trim() && "partnerName is empty",
    !input.branchName.trim() && "branchName is empty",
    !input.requestId.trim() && "requestId is empty",
    Number.isNaN(input.requestedAt.getTime()) && "requestedAt is not a valid date",
  ].filter((p): p is string => typeof p === "string");
  if (problems.length > 0) {
    throw new SandboxError("VALIDATION", `Cannot render the PDF copy: ${problems.join("; ")}`, {
      data: { errors: problems },
    });
  }
}

export async function renderDocumentPdf(input: RenderDocumentPdfInput): Promise<Uint8Array> {
  check(input);
  const { citizen, document, partnerName, branchName, requestId, requestedAt } = input;
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const files = await loadFonts();
  // A fixed subset tag instead of pdf-lib's random suffix keeps the bytes reproducible.
  const fonts = {
    regular: await pdf.embedFont(files.regular, { subset: true, customName: "STIIKA+Roboto-Regular" }),
    bold: await pdf.embedFont(files.bold, { subset: true, customName: "STIIKA+Roboto-Medium" }),
  };
  pdf.setTitle(`Цифрова копія документа: ${document.title}`);
  pdf.setSubject(`Запит ${requestId}`);
  pdf.setCreator("Дія (пісочниця Stiika)");
  pdf.setProducer("Stiika sandbox");
  pdf.setLanguage("uk-UA");
  pdf.setCreationDate(requestedAt);
  pdf.setModificationDate(requestedAt);

  const layout = new Layout(pdf, fonts);

  // Header.
  drawDiiaMark(layout.page, fonts.bold, MARGIN, layout.y);
  layout.y -= 2;
  layout.text("Цифрова копія документа", MARGIN + 54, { size: 20, bold: true });
  layout.text(`Запит на цифрові копії документів від ${kyivDateTime(requestedAt)}`, MARGIN + 54, {
    size: 10,
    color: GREY,
  });
  layout.y -= 16;
  layout.text(document.title, MARGIN, { size: 16, bold: true });
  layout.text(`Документ користувача Дії: ${citizen.fullName}`, MARGIN, { size: 10, color: GREY });
  layout.y -= 12;

  // Card: sized by a measuring pass, so background and guilloche go under the fields.
  const sections = documentSections(document.type, document.metadata);
  const photo = HAS_PHOTO.has(document.type);
  const cardTop = layout.y;
  const measure = new Layout(pdf, fonts, true);
  drawFields(measure, sections, cardTop, photo);
  const cardHeight = Math.min(cardTop - measure.y + CARD_PADDING - 4, cardTop - FOOTER_TOP);
  const cardPage = layout.page;
  cardPage.drawRectangle({
    x: MARGIN,
    y: cardTop - cardHeight,
    width: CONTENT_W,
    height: cardHeight,
    color: CARD_BG,
    borderColor: LINE,
    borderWidth: 0.8,
  });
  for (const path of guillochePaths(document.id, Math.min(cardHeight, CONTENT_W) / 2 - 12, 12)) {
    cardPage.drawSvgPath(path, {
      x: MARGIN + CONTENT_W / 2,
      y: cardTop - cardHeight / 2,
      borderColor: GUILLOCHE,
      borderWidth: 0.35,
      borderLineCap: LineCapStyle.Round,
    });
  }
  if (photo) drawPhotoPlaceholder(cardPage, fonts.regular, MARGIN + CARD_PADDING, cardTop - CARD_PADDING);
  drawFields(layout, sections, cardTop, photo);

  // Request block under the card.
  if (layout.page === cardPage) layout.y = Math.min(layout.y, cardTop - cardHeight);
  layout.y -= 18;
  layout.ensure(44);
  layout.text(`Ініціатор запиту: ${partnerName}, ${branchName}`, MARGIN, { size: 11, bold: true });
  layout.text(`Ідентифікатор запиту: ${requestId}`, MARGIN, { size: 10 });
  layout.text(`Дата та час запиту: ${kyivDateTime(requestedAt)}`, MARGIN, { size: 10, color: GREY });

  for (let i = 0; i < layout.pages.length; i++) drawFooter(layout, input, i);
  return pdf.save();
}
