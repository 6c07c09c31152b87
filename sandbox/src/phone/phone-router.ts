/**
 * The citizen phone, mounted at `/phone`: a phone-sized page that looks like the Diia app (plain HTML/CSS/JS from
 * `public/`, no build step) plus the images it shows, drawn with bwip-js:
 *
 * - `GET /phone/` — the page. It talks to the control API (`/control/api/...`) for citizens, live codes and
 *   consents, and reads card faces and type names from `GET /phone/cards.json` (fonts from `/phone/fonts/`).
 * - `GET /phone/code/ean13/:digits.svg` — an EAN-13 barcode with its 13 digits under it.
 * - `GET /phone/code/qrcode.svg?text=...` — a QR code of `text` (Diia's verify link).
 *
 * Bad input (not 13 digits, a wrong check digit, missing or oversized text) answers 400 with a Diia-shaped
 * body `{name, message, code: 400, data: {reason}}`.
 *
 * @example
 * app.use("/phone", phoneRouter());
 * // <img src="/phone/code/ean13/4006381333931.svg">
 */
import { fileURLToPath } from "node:url";
import { DOCUMENT_TYPE_TITLES, isValidEan13 } from "@stiika/diia";
import bwipjs from "bwip-js";
import express from "express";
import { CITIZENS } from "../citizens/citizens.ts";
import { FONT_PATHS } from "../pdf/lib/fonts.ts";
import { cardsFor } from "./lib/cards.ts";

const PUBLIC_DIR = fileURLToPath(new URL("./public/", import.meta.url));
const FONTS: Record<string, string> = {
  "roboto-400.ttf": FONT_PATHS.regular,
  "roboto-500.ttf": FONT_PATHS.bold,
};
/** Names of requested types for the consent prompt; `passport` is Diia's either-passport scope. */
const TYPE_TITLES: Record<string, string> = {
  passport: "Паспорт (ID-картка або закордонний)",
  ...Object.fromEntries(Object.entries(DOCUMENT_TYPE_TITLES).map(([type, title]) => [type, title.uk])),
};
const MAX_QR_TEXT = 1024;

type Reason = "NOT_13_DIGITS" | "BAD_CHECK_DIGIT" | "NOT_DIGITS" | "MISSING_TEXT" | "TEXT_TOO_LONG";

function badRequest(res: express.Response, reason: Reason, message: string): void {
  res.status(400).json({ name: "BadRequestError", message, code: 400, data: { reason } });
}

function sendSvg(res: express.Response, svg: string): void {
  // A code is one-time and lives 3 minutes; its image never changes, so a short private cache is safe.
  res.set("Cache-Control", "private, max-age=180").type("image/svg+xml").send(svg);
}

export function phoneRouter(): express.Router {
  const router = express.Router();

  router.get("/cards.json", (_req, res) => {
    res
      .set("Cache-Control", "no-store")
      .json({ cards: cardsFor(CITIZENS, new Date()), typeTitles: TYPE_TITLES });
  });

  // The page's font: the same Roboto the PDF copies embed, so screenshots look alike on every machine.
  router.get("/fonts/:file", (req, res) => {
    const path = FONTS[req.params.file];
    if (!path) {
      res.status(404).json({ name: "NotFoundError", message: "Font not found", code: 404, data: {} });
      return;
    }
    res.set("Cache-Control", "public, max-age=86400").type("font/ttf").sendFile(path, { dotfiles: "allow" }); // our own fixed files, wherever the checkout sits (even under a dot folder)
  });

  router.get("/code/ean13/:file", (req, res) => {
    const digits = req.params.file.replace(/\.svg$/, "");
    if (!/^\d+$/.test(digits)) {
      badRequest(res, "NOT_DIGITS", "Штрихкод EAN-13 має складатися лише з цифр");
      return;
    }
    if (digits.length !== 13) {
      badRequest(res, "NOT_13_DIGITS", `Штрихкод EAN-13 має містити 13 цифр, отримано ${digits.length}`);
      return;
    }
    if (!isValidEan13(digits)) {
      badRequest(res, "BAD_CHECK_DIGIT", "Неправильна контрольна цифра штрихкоду EAN-13");
      return;
    }
    sendSvg(
      res,
      // Default EAN-13 text layout: first digit left of the start guard, then two groups of six.
      bwipjs.toSVG({ bcid: "ean13", text: digits, includetext: true, scale: 3, height: 16 }),
    );
  });

  router.get("/code/qrcode.svg", (req, res) => {
    const text = req.query.text;
    if (typeof text !== "string" || text.trim() === "") {
      badRequest(res, "MISSING_TEXT", "Вкажіть текст QR-коду в параметрі text");
      return;
    }
    if (text.length > MAX_QR_TEXT) {
      badRequest(res, "TEXT_TOO_LONG", `Текст QR-коду довший за ${MAX_QR_TEXT} символів`);
      return;
    }
    sendSvg(res, bwipjs.toSVG({ bcid: "qrcode", text, scale: 4 }));
  });

  router.use(express.static(PUBLIC_DIR, { index: "index.html" }));
  return router;
}
