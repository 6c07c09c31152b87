// Renders the PWA's PNG icons from public/icon.svg with sharp (run after changing the SVG: `pnpm icons`, then
// commit the PNGs). The maskable icon keeps the mark inside the central 80 % safe zone on the brand background.
import { fileURLToPath } from "node:url";
import sharp from "sharp";

const publicDir = fileURLToPath(new URL("../../public/", import.meta.url));
const svg = `${publicDir}icon.svg`;
const BRAND = "#0b0b0f";

for (const size of [192, 512]) {
  await sharp(svg, { density: 72 * (size / 64) })
    .resize(size, size)
    .png()
    .toFile(`${publicDir}icon-${size}.png`);
}
await sharp(svg, { density: 72 * (180 / 64) })
  .resize(180, 180)
  .flatten({ background: BRAND })
  .png()
  .toFile(`${publicDir}apple-touch-icon.png`);

const inner = Math.round(512 * 0.7);
const mark = await sharp(svg, { density: 72 * (inner / 64) })
  .resize(inner, inner)
  .png()
  .toBuffer();
await sharp({ create: { width: 512, height: 512, channels: 4, background: BRAND } })
  .composite([{ input: mark, gravity: "center" }])
  .png()
  .toFile(`${publicDir}icon-maskable-512.png`);
console.log("icons written to", publicDir);
