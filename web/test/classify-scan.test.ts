import { buildDiiaDocumentQr } from "@stiika/diia/qr";
import { describe, expect, it } from "vitest";
import { scanText } from "../src/features/scan/i18n.ts";
import { classifyScan } from "../src/features/scan/lib/classify-scan.ts";
import { ScanError } from "../src/features/scan/lib/scan-error.ts";

function errorOf(fn: () => unknown): ScanError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScanError) return e;
    throw e;
  }
  throw new Error("expected a ScanError");
}

describe("classifyScan", () => {
  it("accepts a Diia document QR and returns its parts", () => {
    const otp = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
    const link = buildDiiaDocumentQr({ documentType: "internal-passport", documentId: "123", otp });
    expect(classifyScan("QRCode", `${link}\n`)).toEqual({
      kind: "qr",
      link,
      qr: { documentType: "internal-passport", documentId: "123", otp },
    });
  });

  it.each([
    ["a shop link", "https://example.com/promo"],
    [
      "a look-alike host",
      "https://diia.app.example.com/documents/internal-passport/1/verify/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    ],
    [
      "plain http",
      "http://diia.app/documents/internal-passport/1/verify/9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
    ],
    ["a Wi-Fi QR", "WIFI:T:WPA;S:bank;P:secret;;"],
  ])("rejects %s as NOT_DIIA_QR with the Ukrainian sentence", (_label, text) => {
    const error = errorOf(() => classifyScan("QRCode", text));
    expect(error.code).toBe("NOT_DIIA_QR");
    expect(error.cause).toMatchObject({ code: "NOT_DIIA_QR" });
    expect(scanText.uk.errors[error.code]).toBe("Це не QR-код документа з Дії");
  });

  it("accepts a barcode from the camera, a wedge scanner or the manual field", () => {
    for (const format of ["EAN13", "wedge", "manual"]) {
      expect(classifyScan(format, "2858364170864")).toEqual({ kind: "barcode", code: "2858364170864" });
    }
  });

  it("rejects a barcode with a wrong check digit as BAD_BARCODE", () => {
    const error = errorOf(() => classifyScan("wedge", "2858364170865"));
    expect(error.code).toBe("BAD_BARCODE");
    expect(error.cause).toMatchObject({ code: "BARCODE_CHECKSUM" });
  });
});
