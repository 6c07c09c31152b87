import type { AddressInfo } from "node:net";
import { generateDiiaBarcode, isValidEan13 } from "@stiika/diia";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CITIZENS } from "../citizens/citizens.ts";
import { phoneRouter } from "./phone-router.ts";

let base = "";
let close: () => Promise<void> = async () => {};

beforeAll(async () => {
  const app = express();
  app.use("/phone", phoneRouter());
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/phone`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
});
afterAll(() => close());

// biome-ignore lint/suspicious/noExplicitAny: replies are JSON or SVG text, inspected field by field in assertions
async function get(path: string): Promise<{ status: number; type: string; body: any }> {
  const response = await fetch(`${base}${path}`);
  const type = response.headers.get("content-type") ?? "";
  const body = type.includes("json") ? await response.json() : await response.text();
  return { status: response.status, type, body };
}

/** Bars of a bwip-js EAN-13 SVG: one `M…L…` segment per bar in the stroked paths. */
function countBars(svg: string): number {
  const stroked = svg.match(/<path stroke="[^"]+" stroke-width="[\d.]+" d="[^"]+"/g) ?? [];
  return stroked.reduce((n, path) => n + (path.match(/M/g) ?? []).length, 0);
}

describe("phoneRouter page", () => {
  it("when the phone is opened, then the Ukrainian page and its script and styles are served", async () => {
    const page = await get("/");
    expect(page.status).toBe(200);
    expect(page.type).toContain("text/html");
    expect(page.body).toContain('<html lang="uk">');
    expect(page.body).toContain('src="phone.js"');
    const script = await get("/phone.js");
    expect(script.type).toContain("javascript");
    expect(script.body).toContain("/control/api");
    expect((await get("/phone.css")).type).toContain("text/css");
  });

  it("when card faces are asked for, then every document has one and only the expired passport is flagged", async () => {
    const { status, body } = await get("/cards.json");
    expect(status).toBe(200);
    const ids = CITIZENS.flatMap((c) => c.documents.map((d) => d.id));
    expect(Object.keys(body.cards).sort()).toEqual([...ids].sort());
    const expired = Object.entries(body.cards).filter(([, card]) => (card as { expired: boolean }).expired);
    expect(expired.map(([id]) => id)).toEqual(["19790227-07295-2016-03-15"]);
    expect(body.cards["19910614-03822-2019-07-22"]).toMatchObject({
      holder: "Коваленко Олена Петрівна",
      number: "004817236",
      photo: true,
    });
    expect(body.typeTitles.passport).toContain("Паспорт");
    expect(body.typeTitles["taxpayer-card"]).toBe("Картка платника податків (РНОКПП)");
  });

  it("when the page asks for its font, then Roboto TrueType is served; unknown fonts are 404", async () => {
    const response = await fetch(`${base}/fonts/roboto-400.ttf`);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("font/ttf");
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.subarray(0, 4)]).toEqual([0, 1, 0, 0]); // sfnt version 1.0 = TrueType outlines
    expect((await get("/fonts/other.ttf")).status).toBe(404);
  });
});

describe("GET /phone/code/ean13/:digits.svg", () => {
  it.each([["4006381333931"], [generateDiiaBarcode()]])(
    "when given the valid code %s, then it draws the 30 bars of EAN-13 and the digits",
    async (code) => {
      expect(isValidEan13(code)).toBe(true);
      const { status, type, body } = await get(`/code/ean13/${code}.svg`);
      expect(status).toBe(200);
      expect(type).toContain("image/svg+xml");
      expect(body).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
      expect(countBars(body)).toBe(30);
      // The human-readable digits are drawn as filled glyph outlines below the bars.
      expect(body).toMatch(/<path d="M[\d.]+ [\d.]+Q/);
    },
  );

  it("when two codes differ, then their bars differ", async () => {
    const a = (await get("/code/ean13/4006381333931.svg")).body;
    const b = (await get("/code/ean13/2858364170864.svg")).body;
    expect(a).not.toBe(b);
  });

  it.each([
    ["12 digits", "400638133393", "NOT_13_DIGITS", "13 цифр"],
    ["14 digits", "40063813339310", "NOT_13_DIGITS", "13 цифр"],
    ["a wrong check digit", "4006381333932", "BAD_CHECK_DIGIT", "контрольна цифра"],
    ["letters", "40063813339AB", "NOT_DIGITS", "лише з цифр"],
  ])("when given %s, then it answers 400 with a clear message", async (_what, text, reason, words) => {
    const { status, body } = await get(`/code/ean13/${text}.svg`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ name: "BadRequestError", code: 400, data: { reason } });
    expect(body.message).toContain(words);
  });
});

describe("GET /phone/code/qrcode.svg", () => {
  const link =
    "https://diia.app/documents/internal-passport/19910614-03822-2019-07-22/verify/0b6f3a52-2c7e-4f3e-9d55-5a1f2b7e9c10";

  it("when given Diia's verify link, then it draws a QR code; the same text gives the same image", async () => {
    const first = await get(`/code/qrcode.svg?text=${encodeURIComponent(link)}`);
    expect(first.status).toBe(200);
    expect(first.type).toContain("image/svg+xml");
    expect(first.body).toMatch(/^<svg [^>]*viewBox="0 0 (\d+) \1"/); // square
    expect(first.body).toMatch(/<path d="M[\d ]+L/);
    const again = await get(`/code/qrcode.svg?text=${encodeURIComponent(link)}`);
    expect(again.body).toBe(first.body);
    const other = await get(`/code/qrcode.svg?text=${encodeURIComponent(`${link}x`)}`);
    expect(other.body).not.toBe(first.body);
  });

  it.each([
    ["no text", "", "MISSING_TEXT"],
    ["blank text", "?text=%20", "MISSING_TEXT"],
    ["two texts", "?text=a&text=b", "MISSING_TEXT"],
    ["text over 1024 characters", `?text=${"x".repeat(1025)}`, "TEXT_TOO_LONG"],
  ])("when given %s, then it answers 400", async (_what, query, reason) => {
    const { status, body } = await get(`/code/qrcode.svg${query}`);
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 400, data: { reason } });
    expect(body.message).toMatch(/QR-коду/);
  });
});
