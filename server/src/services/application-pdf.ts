/**
 * The application (заява / анкета) the client signs with Дія.Підпис at the counter, as an A4 PDF: the template's
 * title and the application's number, the partner, branch and service, every field of the service's questionnaire
 * template with its value and where it came from («з Дії» while the saved value is what the template fills from the
 * documents, else «внесено працівником»), the documents received with Diia's signature on each, the employee, date
 * and place, and the statement that the client signs it with a qualified electronic signature (a detached one).
 *
 * Typography: Roboto (assets/fonts) embedded as subsets; every text is wrapped by its measured width (a long word is
 * broken by characters), so nothing is clipped or runs off the page; many fields run onto further pages, each with
 * the running header (title and number), the table's column heads again and «с. N з M»; A4, 22 mm margins, nothing
 * under 10 pt. The bytes depend only on the input: dates and metadata come from `createdAt`, the subset names are
 * fixed, and the metadata holds the title and number only (no personal data). What cannot be printed (an unknown
 * template, a character the font lacks, an invalid date) throws `AppError("APPLICATION_INVALID")` naming the
 * field or part, never its value.
 *
 * @example
 * const pdf = await renderApplicationPdf({
 *   id: signing.id, createdAt: new Date(), place: "м. Київ", partner: { name: "АТ «Банк»" },
 *   branch: { name: "Відділення №1", address: "м. Київ, вул. Хрещатик, 1" }, service: { name: "Відкриття рахунку" },
 *   employee: { fullName: "Олена Петренко" }, questionnaire: { template: "bank-account", fields },
 *   documents: [{ type, title, normalised, signer: { subject, serial }, signingTime, receivedAt }],
 * });
 */
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import {
  fillFromDocuments,
  isTemplateId,
  kyivDateTime,
  type QuestionnaireTemplate,
  TEMPLATES,
} from "@stiika/api";
import type { NormalisedDocument } from "@stiika/diia/metadata/normalise";
import { PageSizes, PDFDocument, type PDFFont, type PDFPage, type RGB, rgb } from "pdf-lib";
import { AppError } from "../errors.ts";

export interface ApplicationInput {
  id: string; // the signing's uuid: printed as the application's number (makes every PDF unique)
  createdAt: Date; // printed as the date (Europe/Kyiv)
  place: string; // printed as the place, e.g. "м. Київ" (S passes the branch's locality/address)
  partner: { name: string }; // the partner's name as on Diia's consent screen
  branch: { name: string; address: string };
  service: { name: string };
  employee: { fullName: string };
  questionnaire: { template: string; fields: Record<string, string> }; // as saved by PUT /questionnaire
  documents: Array<{
    type: string;
    title: string;
    normalised: unknown | null; // @stiika/diia normalised shape, as the Document API gives it
    signer: { subject: string; serial: string }; // Diia's signature on the copy (provenance.signer)
    signingTime: Date | null;
    receivedAt: Date;
  }>;
}

/** Where a field's value came from, as printed. */
const SOURCE = { diia: "з Дії", employee: "внесено працівником" } as const;

const MM = 72 / 25.4;
const [PAGE_W, PAGE_H] = PageSizes.A4 as [number, number];
const MARGIN = 22 * MM;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const LEADING = 1.35;
const SIZE = { title: 16, heading: 12, text: 10.5, small: 10 } as const;
const INK = rgb(0, 0, 0);
// Dark enough to read on a laser print, light enough to tell labels from values.
const MUTED = rgb(0.3, 0.32, 0.36);
const RULE = rgb(0.75, 0.77, 0.8);
const CELL_PAD = 3;
const GAP = 10;
// Label column of every table; the fields table adds value and source (as wide as its longest word set).
const LABEL_W = 150;
const FOOTER_H = SIZE.small * LEADING + 8;
const EMPTY = "—";

const require = createRequire(import.meta.url);
let fontFiles: Promise<[Uint8Array, Uint8Array]> | undefined;

/** Roboto Regular and Medium from assets/fonts, read once per process. */
function loadFonts(): Promise<[Uint8Array, Uint8Array]> {
  fontFiles ??= Promise.all([
    readFile(require.resolve("@stiika/assets/fonts/Roboto-Regular.ttf")),
    readFile(require.resolve("@stiika/assets/fonts/Roboto-Medium.ttf")),
  ]);
  return fontFiles;
}

/** ISO "1997-01-17" → "17.01.1997", as the form shows dates; anything else unchanged. */
function shownDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : value;
}

type Fonts = { regular: PDFFont; bold: PDFFont };
type Style = { size: number; bold?: boolean; color?: RGB };

/**
 * Greedy wrap by measured width, paragraph by paragraph (a typed address keeps its line breaks); a word wider than
 * the line is broken between characters (code points, so no surrogate pair is split).
 */
function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const fits = (s: string) => font.widthOfTextAtSize(s, size) <= width;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r\n|\r|\n/)) {
    let line = "";
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const candidate = line ? `${line} ${word}` : word;
      if (fits(candidate)) {
        line = candidate;
        continue;
      }
      if (line) lines.push(line);
      let rest = Array.from(word);
      while (!fits(rest.join(""))) {
        let cut = rest.length - 1;
        while (cut > 1 && !fits(rest.slice(0, cut).join(""))) cut--;
        lines.push(rest.slice(0, cut).join(""));
        rest = rest.slice(cut);
      }
      line = rest.join("");
    }
    if (line) lines.push(line);
  }
  return lines.length > 0 ? lines : [""];
}

interface Cell {
  text: string;
  x: number;
  width: number;
  style: Style;
}

/** A cursor down the pages; `onNewPage` redraws what a continued block repeats (the table's column heads). */
class Layout {
  readonly pages: PDFPage[] = [];
  page!: PDFPage;
  y = 0;
  onNewPage: (() => void) | undefined;

  constructor(
    readonly pdf: PDFDocument,
    readonly fonts: Fonts,
    /** Height the running header takes on pages after the first. */
    readonly headerHeight: number,
  ) {
    this.newPage();
  }

  get bottom(): number {
    return MARGIN + FOOTER_H;
  }

  /** Room on an empty continuation page. */
  get capacity(): number {
    return PAGE_H - MARGIN - this.headerHeight - this.bottom;
  }

  newPage(): void {
    this.page = this.pdf.addPage([PAGE_W, PAGE_H]);
    this.pages.push(this.page);
    this.y = PAGE_H - MARGIN - (this.pages.length > 1 ? this.headerHeight : 0);
    this.onNewPage?.();
  }

  ensure(height: number): void {
    if (this.y - height < this.bottom) this.newPage();
  }

  font(style: Style): PDFFont {
    return style.bold ? this.fonts.bold : this.fonts.regular;
  }

  /** `lineSize`: the size the line box is set for (a row's cells share one baseline). */
  drawLine(text: string, x: number, style: Style, lineSize = style.size): void {
    this.page.drawText(text, {
      x,
      y: this.y + lineSize * 0.25,
      size: style.size,
      font: this.font(style),
      color: style.color ?? INK,
    });
  }

  /** A paragraph over `width` (the whole line by default). */
  text(text: string, style: Style, x = MARGIN, width = CONTENT_W - (x - MARGIN)): void {
    const lineHeight = style.size * LEADING;
    for (const line of wrap(text, this.font(style), style.size, width)) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      this.drawLine(line, x, style);
    }
  }

  /**
   * Cells side by side, each wrapped in its column, with a rule under them. A row that fits a page is never split
   * (it moves to the next page whole); a taller one continues line by line.
   */
  row(cells: Cell[]): void {
    const wrapped = cells.map((c) => wrap(c.text, this.font(c.style), c.style.size, c.width));
    const lineSize = Math.max(...cells.map((c) => c.style.size));
    const lineHeight = lineSize * LEADING;
    const lines = Math.max(...wrapped.map((w) => w.length));
    const height = lines * lineHeight + 2 * CELL_PAD;
    if (height <= this.capacity) this.ensure(height);
    this.y -= CELL_PAD;
    for (let i = 0; i < lines; i++) {
      this.ensure(lineHeight);
      this.y -= lineHeight;
      cells.forEach((cell, c) => {
        const line = wrapped[c]?.[i];
        if (line) this.drawLine(line, cell.x, cell.style, lineSize);
      });
    }
    this.y -= CELL_PAD;
    this.rule();
  }

  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: PAGE_W - MARGIN, y: this.y },
      thickness: 0.5,
      color: RULE,
    });
  }

  heading(text: string): void {
    // Kept with at least two rows of what it heads.
    this.y -= 14;
    this.ensure(SIZE.heading * LEADING + 2 * (SIZE.text * LEADING + 2 * CELL_PAD));
    this.text(text, { size: SIZE.heading, bold: true });
    this.y -= 4;
    this.rule();
  }

  /** A label–value row across the page. */
  pair(label: string, value: string): void {
    this.row([
      { text: label, x: MARGIN, width: LABEL_W, style: { size: SIZE.small, color: MUTED } },
      {
        text: value || EMPTY,
        x: MARGIN + LABEL_W + GAP,
        width: CONTENT_W - LABEL_W - GAP,
        style: { size: SIZE.text },
      },
    ]);
  }
}

interface FieldLine {
  label: string;
  value: string;
  /** null for an empty field Diia had nothing for. */
  source: (typeof SOURCE)[keyof typeof SOURCE] | null;
}

/**
 * Each template field with its saved value and source. «з Дії» exactly when the template fills this value from the
 * documents (the rule the web's form shows its badge by, on the same template code); a value cleared or changed by
 * the employee is theirs. Saved keys the template does not have are not printed: the template is the form.
 */
function fieldLines(
  template: QuestionnaireTemplate,
  fields: Record<string, string>,
  documents: readonly NormalisedDocument[],
): FieldLine[] {
  const filled = fillFromDocuments(template, documents);
  return template.fields.map((field) => {
    const saved = fields[field.name];
    const value = typeof saved === "string" ? saved.trim() : "";
    const diia = filled.fromDiia.has(field.name) ? filled.values[field.name] : undefined;
    const source =
      diia !== undefined && diia === value ? SOURCE.diia : value || diia ? SOURCE.employee : null;
    return {
      label: field.label.uk,
      value: value && field.input === "date" ? shownDate(value) : value,
      source,
    };
  });
}

/** The documents' normalised shapes, as the template's `fromDiia` reads them; anything else is not filled from. */
function normalisedDocuments(documents: ApplicationInput["documents"]): NormalisedDocument[] {
  return documents.flatMap((d) => {
    const n = d.normalised as Partial<NormalisedDocument> | null;
    return n && typeof n === "object" && n.person && n.document && n.kind ? [n as NormalisedDocument] : [];
  });
}

function invalid(message: string): AppError {
  return new AppError("APPLICATION_INVALID", message);
}

/** Every character must have a glyph: a box in place of a letter would make the client sign something unreadable. */
function checkPrintable(font: PDFFont, parts: [what: string, text: string][]): void {
  const glyphs = new Set(font.getCharacterSet());
  for (const [what, text] of parts) {
    for (const ch of text) {
      if (!/\s/u.test(ch) && !glyphs.has(ch.codePointAt(0) as number)) {
        throw invalid(
          `${what}: містить символ, якого не можна надрукувати в заяві; виправте і спробуйте ще раз`,
        );
      }
    }
  }
}

function checkDate(what: string, date: Date | null): void {
  if (date !== null && !(date instanceof Date && !Number.isNaN(date.getTime()))) {
    throw invalid(`${what}: неправильна дата`);
  }
}

export async function renderApplicationPdf(input: ApplicationInput): Promise<Uint8Array> {
  const templateId = input.questionnaire.template;
  if (!isTemplateId(templateId)) {
    throw invalid("Анкету збережено за шаблоном, якого немає: заповніть і збережіть анкету знову");
  }
  return renderApplication(TEMPLATES[templateId], input);
}

/** The same for a given template (`renderApplicationPdf` takes the saved questionnaire's). */
export async function renderApplication(
  template: QuestionnaireTemplate,
  input: ApplicationInput,
): Promise<Uint8Array> {
  checkDate("Дата заяви", input.createdAt);
  input.documents.forEach((d, i) => {
    checkDate(`Документ ${i + 1}, час підпису`, d.signingTime);
    checkDate(`Документ ${i + 1}, час отримання`, d.receivedAt);
  });
  const lines = fieldLines(template, input.questionnaire.fields, normalisedDocuments(input.documents));

  const pdf = await PDFDocument.create({ updateMetadata: false });
  pdf.registerFontkit(fontkit);
  const [regular, bold] = await loadFonts();
  // Fixed subset tags instead of pdf-lib's random ones keep the bytes reproducible.
  const fonts: Fonts = {
    regular: await pdf.embedFont(regular, { subset: true, customName: "STIIKA+Roboto-Regular" }),
    bold: await pdf.embedFont(bold, { subset: true, customName: "STIIKA+Roboto-Medium" }),
  };
  const title = template.title.uk;
  const number = `№ ${input.id}`;
  checkPrintable(fonts.regular, [
    ["Номер заяви", input.id],
    ["Місце", input.place],
    ["Назва партнера", input.partner.name],
    ["Назва відділення", input.branch.name],
    ["Адреса відділення", input.branch.address],
    ["Послуга", input.service.name],
    ["Працівник", input.employee.fullName],
    ...lines.map((l): [string, string] => [`Поле «${l.label}»`, l.value]),
    ...input.documents.flatMap((d, i): [string, string][] => [
      [`Документ ${i + 1}`, d.title],
      [`Документ ${i + 1}, підписувач`, d.signer.subject],
      [`Документ ${i + 1}, серійний номер`, d.signer.serial],
    ]),
  ]);

  // Metadata: the title and number only, dated by the input (never the clock).
  pdf.setTitle(`${title} ${number}`, { showInWindowTitleBar: true });
  pdf.setLanguage("uk-UA");
  pdf.setCreator("Stiika");
  pdf.setProducer("Stiika (pdf-lib)");
  pdf.setCreationDate(input.createdAt);
  pdf.setModificationDate(input.createdAt);

  const header = { size: SIZE.small, color: MUTED };
  const headerLines = wrap(`${title} · ${number}`, fonts.regular, header.size, CONTENT_W);
  const layout = new Layout(pdf, fonts, headerLines.length * header.size * LEADING + 10);
  const date = kyivDateTime(input.createdAt);

  layout.text(title, { size: SIZE.title, bold: true });
  layout.y -= 2;
  layout.text(number, { size: SIZE.text });
  layout.text([`від ${date}`, input.place.trim()].filter(Boolean).join(", "), {
    size: SIZE.text,
    color: MUTED,
  });

  layout.heading("Установа і послуга");
  layout.pair("Партнер", input.partner.name);
  layout.pair("Відділення", input.branch.name);
  layout.pair("Адреса відділення", input.branch.address);
  layout.pair("Послуга", input.service.name);

  layout.heading("Дані заявника");
  const sourceW = Math.ceil(
    Math.max(
      fonts.bold.widthOfTextAtSize("Джерело", SIZE.small),
      ...Object.values(SOURCE).map((t) => fonts.regular.widthOfTextAtSize(t, SIZE.small)),
    ),
  );
  const valueW = CONTENT_W - LABEL_W - sourceW - 2 * GAP;
  const columns = (label: string, value: string, source: string, style: (col: number) => Style): Cell[] => [
    { text: label, x: MARGIN, width: LABEL_W, style: style(0) },
    { text: value, x: MARGIN + LABEL_W + GAP, width: valueW, style: style(1) },
    { text: source, x: PAGE_W - MARGIN - sourceW, width: sourceW, style: style(2) },
  ];
  const columnHeads = () =>
    layout.row(columns("Поле", "Значення", "Джерело", () => ({ size: SIZE.small, bold: true })));
  columnHeads();
  layout.onNewPage = columnHeads;
  for (const line of lines) {
    layout.row(
      columns(line.label, line.value || EMPTY, line.source ?? "", (col) =>
        col === 1 ? { size: SIZE.text } : { size: SIZE.small, color: MUTED },
      ),
    );
  }
  layout.onNewPage = undefined;

  layout.heading("Документи, отримані з Дії");
  if (input.documents.length === 0) layout.text("Документів не отримано", { size: SIZE.text });
  for (const d of input.documents) {
    // A document's title and its four rows stay on one page.
    layout.y -= 4;
    layout.ensure(SIZE.text * LEADING + 4 * (SIZE.text * LEADING + 2 * CELL_PAD));
    layout.text(d.title, { size: SIZE.text, bold: true });
    layout.pair("Підписувач (печатка Дії)", d.signer.subject);
    layout.pair("Серійний номер сертифіката", d.signer.serial);
    layout.pair("Час підпису", d.signingTime ? kyivDateTime(d.signingTime) : "не зазначено в підписі");
    layout.pair("Отримано", kyivDateTime(d.receivedAt));
  }

  layout.heading("Оформлення");
  layout.pair("Працівник", input.employee.fullName);
  layout.pair("Дата", date);
  layout.pair("Місце", input.place);
  layout.y -= 10;
  layout.text(
    "Заявник підтверджує, що дані в цій заяві правильні, і підписує її кваліфікованим електронним підписом " +
      "у застосунку Дія (Дія.Підпис). Підпис відокремлений: він зберігається окремим файлом (.p7s) і " +
      "стосується саме цього файлу заяви; будь-яка зміна файлу робить підпис недійсним.",
    { size: SIZE.text },
  );

  const total = layout.pages.length;
  layout.pages.forEach((page, i) => {
    if (i > 0) {
      headerLines.forEach((text, n) => {
        page.drawText(text, {
          x: MARGIN,
          y: PAGE_H - MARGIN - (n + 1) * header.size * LEADING + header.size * 0.25,
          size: header.size,
          font: fonts.regular,
          color: header.color,
        });
      });
      const ruleY = PAGE_H - MARGIN - headerLines.length * header.size * LEADING - 4;
      page.drawLine({
        start: { x: MARGIN, y: ruleY },
        end: { x: PAGE_W - MARGIN, y: ruleY },
        thickness: 0.5,
        color: RULE,
      });
    }
    const counter = `с. ${i + 1} з ${total}`;
    const counterW = fonts.regular.widthOfTextAtSize(counter, header.size);
    const y = MARGIN + header.size * 0.25;
    page.drawText(counter, {
      x: PAGE_W - MARGIN - counterW,
      y,
      size: header.size,
      font: fonts.regular,
      color: MUTED,
    });
    page.drawLine({
      start: { x: MARGIN, y: MARGIN + FOOTER_H - 4 },
      end: { x: PAGE_W - MARGIN, y: MARGIN + FOOTER_H - 4 },
      thickness: 0.5,
      color: RULE,
    });
  });
  return pdf.save();
}
