// The application PDF read back with pdf.js (an independent reader): every label, value and source, the parties,
// Diia's signature on each document, Ukrainian letters, wrapping inside the page, pagination, determinism and the
// typed refusals. The documents are a real delivery: the sandbox Diia sends a citizen's passport and taxpayer card
// to a real server, and the renderer gets them as the Document API gives them.
import { TEMPLATES, type TemplateField } from "@stiika/api";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "../src/errors.ts";
import {
  type ApplicationInput,
  renderApplication,
  renderApplicationPdf,
} from "../src/services/application-pdf.ts";
import { Stand, waitForStatus } from "./stand.ts";

const MM = 72 / 25.4;
const A4 = { width: 595.28, height: 841.89 };
const ID = "6c1f0a4e-2b7d-4e19-9a35-0d8c7b6e5f41";

/** What the sandbox's Олена Коваленко's passport and taxpayer card fill (sandbox/src/citizens/citizens.ts). */
const FROM_DIIA = {
  lastName: "Коваленко",
  firstName: "Олена",
  middleName: "Петрівна",
  birthDate: "1991-06-14",
  taxpayerNumber: "3340228102",
  documentNumber: "004817236",
  documentIssueDate: "2019-07-22",
  documentExpiryDate: "2029-07-22",
  documentIssuer: "8031",
  address: "УКРАЇНА М. КИЇВ ВУЛ. ЯРОСЛАВІВ ВАЛ БУД. 21 КВ. 14",
};

interface Item {
  str: string;
  x: number;
  y: number;
  width: number;
  size: number;
}
interface Page {
  width: number;
  height: number;
  items: Item[];
  /** Text lines top to bottom: items on one baseline, left to right, joined with " | ". */
  lines: string[];
}

async function readPdf(pdf: Uint8Array): Promise<Page[]> {
  // pdf.js takes ownership of the buffer it is given: hand it a copy.
  const doc = await getDocument({ data: pdf.slice(), verbosity: 0 }).promise;
  const pages: Page[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [, , width, height] = page.view as [number, number, number, number];
    const items: Item[] = [];
    for (const item of (await page.getTextContent()).items) {
      if (!("str" in item) || item.str.trim() === "") continue;
      const [a, b, , , x, y] = item.transform as number[];
      items.push({
        str: item.str,
        x: x as number,
        y: y as number,
        width: item.width,
        size: Math.hypot(a ?? 0, b ?? 0),
      });
    }
    const byLine = new Map<number, Item[]>();
    for (const item of items) {
      const key = Math.round(item.y * 10) / 10;
      byLine.set(key, [...(byLine.get(key) ?? []), item]);
    }
    const lines = [...byLine.entries()]
      .sort(([a], [b]) => b - a)
      .map(([, row]) =>
        row
          .sort((p, q) => p.x - q.x)
          .map((i) => i.str)
          .join(" | "),
      );
    pages.push({ width, height, items, lines });
  }
  await doc.destroy();
  return pages;
}

/**
 * The text of each table column top to bottom (wrapped lines joined with a space), columns found by the fields
 * table's heads: what a reader of one cell reads, whatever the other cells' wrapping.
 */
function columnsOf(pages: Page[]): { label: string; value: string; source: string } {
  const heads = pages.flatMap((p) => p.items);
  const valueX = heads.find((i) => i.str === "Значення")?.x ?? Number.NaN;
  const sourceX = heads.find((i) => i.str === "Джерело")?.x ?? Number.NaN;
  const out = { label: [] as string[], value: [] as string[], source: [] as string[] };
  for (const page of pages) {
    for (const item of [...page.items].sort((a, b) => b.y - a.y || a.x - b.x)) {
      const column = item.x < valueX - 1 ? "label" : item.x < sourceX - 1 ? "value" : "source";
      out[column].push(item.str);
    }
  }
  const join = (parts: string[]) => parts.join(" ").replace(/\s+/g, " ");
  return { label: join(out.label), value: join(out.value), source: join(out.source) };
}

/** All text, wrapped lines joined with a space. */
const textOf = (pages: Page[]) =>
  pages
    .flatMap((p) => p.items.map((i) => i.str))
    .join(" ")
    .replace(/\s+/g, " ");

describe("renderApplicationPdf", () => {
  let stand: Stand;
  let documents: ApplicationInput["documents"];
  let signers: { subject: string; serial: string }[];

  beforeAll(async () => {
    stand = await new Stand("pglite").start();
    const teller = await stand.employee("teller", "teller1");
    const serviceId = await stand.serviceId(teller, "bank-account");
    const created = await teller.request("POST", "/api/requests", { serviceId, kind: "deeplink" });
    await stand.approve(created.body.request.id, "olena-kovalenko");
    expect((await waitForStatus(teller, created.body.request.id)).status).toBe("received");
    const docs = await teller.request("GET", `/api/requests/${created.body.request.id}/documents`);
    documents = docs.body.documents.map(
      (d: {
        type: string;
        title: string;
        normalised: unknown;
        provenance: {
          signer: { subject: string; serial: string };
          signingTime: string | null;
          receivedAt: string;
        };
      }) => ({
        type: d.type,
        title: d.title,
        normalised: d.normalised,
        signer: { subject: d.provenance.signer.subject, serial: d.provenance.signer.serial },
        signingTime: d.provenance.signingTime ? new Date(d.provenance.signingTime) : null,
        receivedAt: new Date(d.provenance.receivedAt),
      }),
    );
    signers = documents.map((d) => d.signer);
    expect(documents.map((d) => d.type).sort()).toEqual(["internal-passport", "taxpayer-card"]);
  }, 60_000);
  afterAll(() => stand?.close());

  const input = (
    patch: Partial<ApplicationInput> = {},
    fields: Record<string, string> = {},
  ): ApplicationInput => ({
    id: ID,
    createdAt: new Date("2026-12-01T21:41:00Z"),
    place: "м. Київ",
    partner: { name: "АТ «Тестовий банк»" },
    branch: { name: "Відділення №12", address: "м. Київ, вул. Хрещатик, 22" },
    service: { name: "Відкриття рахунку" },
    employee: { fullName: "Петренко Ганна Іванівна" },
    questionnaire: {
      template: "bank-account",
      fields: { ...FROM_DIIA, phone: "+380 67 123 45 67", email: "", employment: "", ...fields },
    },
    documents,
    ...patch,
  });

  it("prints the title, number, parties, every field with its value and source, the documents, the employee, date and place", async () => {
    const pages = await readPdf(await renderApplicationPdf(input()));
    const lines = pages.flatMap((p) => p.lines);
    const text = textOf(pages);
    expect(lines.slice(0, 3)).toEqual([
      "Анкета: відкриття рахунку",
      `№ ${ID}`,
      "від 01.12.2026 23:41, м. Київ", // Kyiv time, UTC+2 in December
    ]);
    expect(lines).toEqual(
      expect.arrayContaining([
        "Партнер | АТ «Тестовий банк»",
        "Відділення | Відділення №12",
        "Адреса відділення | м. Київ, вул. Хрещатик, 22",
        "Послуга | Відкриття рахунку",
        "Поле | Значення | Джерело",
        "Прізвище | Коваленко | з Дії",
        "Ім’я | Олена | з Дії",
        "По батькові | Петрівна | з Дії",
        "Дата народження | 14.06.1991 | з Дії",
        "РНОКПП (ІПН) | 3340228102 | з Дії",
        "Дата видачі документа | 22.07.2019 | з Дії",
        "Дійсний до | 22.07.2029 | з Дії",
        "Орган, що видав | 8031 | з Дії",
        "Телефон | +380 67 123 45 67 | внесено працівником",
        "Електронна пошта | —",
        "Місце роботи, посада | —",
        "Працівник | Петренко Ганна Іванівна",
        "Дата | 01.12.2026 23:41",
        "Місце | м. Київ",
      ]),
    );
    // Wrapped labels and values: the row's first line carries the source, each column reads whole.
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Номер документа, що.* \| 004817236 \| з Дії$/),
        expect.stringMatching(/^Адреса реєстрації.* \| УКРАЇНА М\..* \| з Дії$/),
      ]),
    );
    const columns = columnsOf(pages);
    expect(columns.label).toContain("Номер документа, що посвідчує особу");
    expect(columns.value).toContain(FROM_DIIA.address);
    for (const field of TEMPLATES["bank-account"].fields) expect(columns.label).toContain(field.label.uk);

    // Each document with Diia's signature: who signed, the certificate serial, when signed and received.
    for (const d of documents) {
      expect(text).toContain(d.title);
      expect(text).toContain(`Підписувач (печатка Дії) ${d.signer.subject.replace(/\s+/g, " ")}`);
      expect(text).toContain(`Серійний номер сертифіката ${d.signer.serial}`);
      expect(d.signingTime).not.toBeNull();
      expect(text).toMatch(/Час підпису \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
      expect(text).toMatch(/Отримано \d{2}\.\d{2}\.\d{4} \d{2}:\d{2}/);
    }
    expect(signers[0]?.subject).toContain("CN=");
    expect(text).toContain("кваліфікованим електронним підписом у застосунку Дія (Дія.Підпис)");
    expect(text).toContain("Підпис відокремлений");
  });

  it("marks a field «з Дії» only while it is what Diia filled: typed, changed after the fill and cleared are the employee's", async () => {
    const pages = await readPdf(
      await renderApplicationPdf(
        input(
          {},
          {
            middleName: "Петрівна-Марʼяна", // changed after the fill
            documentIssuer: "", // cleared
            employment: "ТОВ «Ромашка», бухгалтерка", // typed: Diia has no such field
            lastName: " Коваленко ", // the same value with the form's trimming undone: still Diia's
          },
        ),
      ),
    );
    const lines = pages.flatMap((p) => p.lines);
    expect(lines).toEqual(
      expect.arrayContaining([
        "Прізвище | Коваленко | з Дії",
        "Ім’я | Олена | з Дії",
        "По батькові | Петрівна-Марʼяна | внесено працівником",
        "Орган, що видав | — | внесено працівником",
        "Місце роботи, посада | ТОВ «Ромашка», бухгалтерка | внесено працівником",
        "Електронна пошта | —",
      ]),
    );
    expect(lines).not.toContain("По батькові | Петрівна-Марʼяна | з Дії");
  });

  it("marks a value the documents do not hold as the employee's even when it looks like Diia's", async () => {
    // The same name, but no document delivered: nothing of it came from Diia.
    const lines = (await readPdf(await renderApplicationPdf(input({ documents: [] })))).flatMap(
      (p) => p.lines,
    );
    expect(lines).toContain("Прізвище | Коваленко | внесено працівником");
    expect(lines).toContain("Документів не отримано");
  });

  it("round-trips Ukrainian letters and signs: ʼ і ї є ґ Ґ Ї Є « » — №", async () => {
    const name = "Ґудзь-Їжакевич Марʼяна Євгенівна";
    const employment = "ТОВ «Пʼятий їжак і ґава» — №7, Єнакієве";
    const pages = await readPdf(
      await renderApplicationPdf(
        input(
          { employee: { fullName: name } },
          { employment, lastName: "Ґудзь-Їжакевич", firstName: "Марʼяна" },
        ),
      ),
    );
    const lines = pages.flatMap((p) => p.lines);
    expect(lines).toContain(`Працівник | ${name}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Місце роботи, посада \| ТОВ «Пʼятий .* \| внесено працівником$/),
      ]),
    );
    expect(columnsOf(pages).value).toContain(employment);
    expect(lines).toContain("Прізвище | Ґудзь-Їжакевич | внесено працівником");
    expect(lines).toContain("Ім’я | Марʼяна | внесено працівником");
  });

  it("wraps a 300-character address and an unbroken 300-character word inside the page's margins", async () => {
    const address = `${"вул. Велика Васильківська, буд. 100, корп. 2, кв. 15, ".repeat(6)}м. Київ`.slice(
      0,
      300,
    );
    const word = "Ї".repeat(300);
    expect(address).toHaveLength(300);
    const pages = await readPdf(
      await renderApplicationPdf(
        input({ branch: { name: "Відділення №12", address } }, { address, employment: word }),
      ),
    );
    const { value } = columnsOf(pages);
    const shown = address.replace(/\s+/g, " ").trim();
    // Both the branch's and the client's address, whole, and the word broken between characters.
    expect(value.split(shown)).toHaveLength(3);
    expect(value.replace(/\s/g, "")).toContain(word);
    // Wrapped, not shrunk: both addresses take at least five lines each, the word at least three.
    const items = pages.flatMap((p) => p.items);
    expect(items.filter((i) => i.str.length > 8 && address.includes(i.str)).length).toBeGreaterThanOrEqual(
      10,
    );
    expect(items.filter((i) => /^Ї+$/.test(i.str)).length).toBeGreaterThanOrEqual(3);
    for (const page of pages) {
      expect(page.width).toBeCloseTo(A4.width, 1);
      expect(page.height).toBeCloseTo(A4.height, 1);
      for (const item of page.items) {
        expect(item.x, item.str).toBeGreaterThanOrEqual(20 * MM);
        expect(item.x + item.width, item.str).toBeLessThanOrEqual(page.width - 20 * MM);
        expect(item.y, item.str).toBeGreaterThanOrEqual(20 * MM);
        expect(item.y + item.size, item.str).toBeLessThanOrEqual(page.height - 20 * MM);
        expect(item.size, item.str).toBeGreaterThanOrEqual(10);
      }
    }
  });

  it("runs 60 fields onto further pages, each with the header, the column heads and «с. N з M»", async () => {
    const base = TEMPLATES["bank-account"].fields;
    const fields: TemplateField[] = Array.from({ length: 60 }, (_, i) => ({
      ...(base[i % base.length] as TemplateField),
      name: `field${i + 1}`,
      label: { uk: `Поле номер ${i + 1}`, en: `Field ${i + 1}` },
    }));
    const template = { ...TEMPLATES["bank-account"], fields };
    const values = Object.fromEntries(fields.map((f, i) => [f.name, `Значення ${i + 1}`]));
    const pages = await readPdf(
      await renderApplication(template, {
        ...input(),
        questionnaire: { template: "bank-account", fields: values },
      }),
    );
    const total = pages.length;
    expect(total).toBeGreaterThanOrEqual(3);
    pages.forEach((page, i) => {
      expect(page.lines.at(-1), `page ${i + 1}`).toBe(`с. ${i + 1} з ${total}`);
      if (i > 0) expect(page.lines[0]).toBe(`Анкета: відкриття рахунку · № ${ID}`);
    });
    // Every field once, in order, each row whole on its page; column heads open every page the table runs onto.
    const rows = pages.flatMap((p) => p.lines.filter((l) => l.startsWith("Поле номер ")));
    expect(rows).toEqual(fields.map((f, i) => `${f.label.uk} | Значення ${i + 1} | внесено працівником`));
    const tablePages = pages.filter((p) => p.lines.some((l) => l.startsWith("Поле номер ")));
    expect(tablePages.length).toBeGreaterThanOrEqual(2);
    for (const page of tablePages) expect(page.lines).toContain("Поле | Значення | Джерело");
  });

  it("gives the same bytes for the same input, dated and titled by it, with no personal data in the metadata", async () => {
    const a = await renderApplicationPdf(input());
    const b = await renderApplicationPdf(input());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const later = await renderApplicationPdf(input({ createdAt: new Date("2026-12-01T21:42:00Z") }));
    expect(Buffer.from(later).equals(Buffer.from(a))).toBe(false);
    const other = await renderApplicationPdf(input({ id: "0e3f5b6a-7c8d-4e9f-a0b1-c2d3e4f5a6b7" }));
    expect(Buffer.from(other).equals(Buffer.from(a))).toBe(false);

    const doc = await PDFDocument.load(a, { updateMetadata: false });
    expect(doc.getTitle()).toBe(`Анкета: відкриття рахунку № ${ID}`);
    expect(doc.getCreationDate()?.toISOString()).toBe("2026-12-01T21:41:00.000Z");
    expect(doc.getModificationDate()?.toISOString()).toBe("2026-12-01T21:41:00.000Z");
    expect([doc.getAuthor(), doc.getSubject(), doc.getKeywords()]).toEqual([undefined, undefined, undefined]);
    expect(doc.catalog.get(PDFName.of("Metadata"))).toBeUndefined();
    const info = doc.context.lookup(doc.context.trailerInfo.Info) as PDFDict;
    const infoText = [...info.entries()].map(([k, v]) => `${k} ${v}`).join("\n");
    for (const value of ["Коваленко", "3340228102", "Петренко", FROM_DIIA.documentNumber]) {
      expect(infoText).not.toContain(value);
      // pdf-lib writes non-ASCII text as UTF-16BE hex: look for that form too.
      const hex = Buffer.from(`\ufeff${value}`, "utf16le").swap16().toString("hex").toUpperCase().slice(4);
      expect(infoText.toUpperCase()).not.toContain(hex);
    }
    // Fonts: embedded subsets of Roboto, no unembedded standard font.
    const names: string[] = [];
    for (const [, object] of doc.context.enumerateIndirectObjects()) {
      if (object instanceof PDFDict && object.get(PDFName.of("Type")) === PDFName.of("FontDescriptor")) {
        expect(object.get(PDFName.of("FontFile2"))).toBeDefined();
        names.push(String(object.get(PDFName.of("FontName"))));
      }
    }
    expect(names.sort()).toEqual(["/STIIKA+Roboto-Medium", "/STIIKA+Roboto-Regular"]);
    expect(a.length).toBeLessThan(80_000);
  });

  it("refuses an unknown template with APPLICATION_INVALID", async () => {
    const error = await renderApplicationPdf(
      input({ questionnaire: { template: "car-loan", fields: { ...FROM_DIIA } } }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "APPLICATION_INVALID", status: 409 });
    expect((error as Error).message).toMatch(/шаблоном, якого немає/);
    // Not a prototype key either.
    const proto = await renderApplicationPdf(
      input({ questionnaire: { template: "toString", fields: {} } }),
    ).catch((e: unknown) => e);
    expect(proto).toMatchObject({ code: "APPLICATION_INVALID" });
  });

  it("refuses a character the font cannot print, naming the field but not the value", async () => {
    const error = await renderApplicationPdf(input({}, { employment: "Кав’ярня ☕ «Зерно»" })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "APPLICATION_INVALID" });
    expect((error as Error).message).toContain("Поле «Місце роботи, посада»");
    expect((error as Error).message).not.toContain("Зерно");
    // The same text without the cup prints.
    const pages = await readPdf(await renderApplicationPdf(input({}, { employment: "Кав’ярня «Зерно»" })));
    expect(pages.flatMap((p) => p.lines)).toContain(
      "Місце роботи, посада | Кав’ярня «Зерно» | внесено працівником",
    );
  });

  it("refuses an invalid date with APPLICATION_INVALID", async () => {
    const error = await renderApplicationPdf(input({ createdAt: new Date("not a date") })).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ code: "APPLICATION_INVALID" });
  });
});
