// The two decoders that run in Node, behind one shape: RGBA frame in, decoded text (or null) out.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import zxingJs from "@zxing/library";
import { prepareZXingModule, readBarcodes } from "zxing-wasm/reader";
import { READER_OPTIONS } from "../src/features/scan/lib/reader-options.ts";
import type { Frame } from "./frames.ts";

export interface Decoder {
  name: string;
  decode(frame: Frame): Promise<string | null>;
}

/** zxing-wasm with the .wasm read from its own npm package: no CDN (its default `locateFile` points at one). */
export async function zxingWasmDecoder(): Promise<Decoder> {
  const wasmPath = createRequire(import.meta.url).resolve("zxing-wasm/reader/zxing_reader.wasm");
  const bytes = readFileSync(wasmPath);
  await prepareZXingModule({
    overrides: { wasmBinary: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
    fireImmediately: true,
  });
  return {
    name: "zxing-wasm",
    async decode(frame) {
      const image = {
        data: frame.rgba,
        width: frame.width,
        height: frame.height,
        colorSpace: "srgb",
      } as ImageData;
      const [first] = await readBarcodes(image, READER_OPTIONS);
      return first?.text ?? null;
    },
  };
}

/** @zxing/library (the engine inside html5-qrcode) with TRY_HARDER, fed the same luminance a worker would make. */
export function zxingJsDecoder(): Decoder {
  const {
    BarcodeFormat,
    BinaryBitmap,
    DecodeHintType,
    HybridBinarizer,
    MultiFormatReader,
    RGBLuminanceSource,
  } = zxingJs;
  const reader = new MultiFormatReader();
  const hints = new Map<number, unknown>([
    [DecodeHintType.POSSIBLE_FORMATS, [BarcodeFormat.EAN_13, BarcodeFormat.QR_CODE]],
    [DecodeHintType.TRY_HARDER, true],
  ]);
  reader.setHints(hints);
  return {
    name: "@zxing/library",
    async decode(frame) {
      const lum = new Uint8ClampedArray(frame.width * frame.height);
      const px = frame.rgba;
      for (let i = 0; i < lum.length; i++) {
        lum[i] = ((px[i * 4] ?? 0) * 299 + (px[i * 4 + 1] ?? 0) * 587 + (px[i * 4 + 2] ?? 0) * 114) / 1000;
      }
      const bitmap = new BinaryBitmap(
        new HybridBinarizer(new RGBLuminanceSource(lum, frame.width, frame.height)),
      );
      try {
        return reader.decodeWithState(bitmap).getText();
      } catch {
        return null; // NotFound / Checksum / Format: all "no code in this frame"
      }
    },
  };
}
