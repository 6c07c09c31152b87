import { describe, expect, it } from "vitest";
import { CitizenCodeError } from "../../src/errors.ts";
import { buildDiiaDocumentQr, parseDiiaQr } from "../../src/qr.ts";

const OTP = "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d";
const CANONICAL = `https://diia.app/documents/internal-passport/19970117-7001/verify/${OTP}`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CitizenCodeError) return e.code;
    throw e;
  }
  return undefined;
}

describe("parseDiiaQr", () => {
  it("reads the canonical link", () => {
    expect(parseDiiaQr(CANONICAL)).toEqual({
      documentType: "internal-passport",
      documentId: "19970117-7001",
      otp: OTP,
    });
  });

  it("tolerates surrounding whitespace, a trailing slash and an upper-case scheme/host", () => {
    const expected = parseDiiaQr(CANONICAL);
    expect(parseDiiaQr(`  ${CANONICAL}/\n`)).toEqual(expected);
    expect(parseDiiaQr(CANONICAL.replace("https://diia.app", "HTTPS://DIIA.APP"))).toEqual(expected);
  });

  it("keeps types it does not know, such as newer documents", () => {
    expect(parseDiiaQr(`https://diia.app/documents/student-id-card/AB_12.x/verify/${OTP}`)).toEqual({
      documentType: "student-id-card",
      documentId: "AB_12.x",
      otp: OTP,
    });
  });

  it.each([
    ["http", CANONICAL.replace("https:", "http:")],
    ["another host", CANONICAL.replace("diia.app", "diia.app.evil.com")],
    ["a subdomain", CANONICAL.replace("diia.app", "www.diia.app")],
    ["a similar host", CANONICAL.replace("diia.app", "dila.app")],
    ["a Cyrillic look-alike host", CANONICAL.replace("diia.app", "dіia.app")],
    ["user info", CANONICAL.replace("diia.app", "diia.app@evil.com")],
    ["a port", CANONICAL.replace("diia.app", "diia.app:8443")],
    ["no scheme", CANONICAL.replace("https://", "")],
    ["a query", `${CANONICAL}?x=1`],
    ["a fragment", `${CANONICAL}#x`],
    ["two trailing slashes", `${CANONICAL}//`],
    ["a wrong first segment", CANONICAL.replace("/documents/", "/document/")],
    ["a wrong verify segment", CANONICAL.replace("/verify/", "/check/")],
    ["a missing document id", CANONICAL.replace("/19970117-7001/", "/")],
    ["an extra segment", CANONICAL.replace("/verify/", "/x/verify/")],
    ["a dot-dot id", CANONICAL.replace("19970117-7001", "..")],
    ["an upper-case type", CANONICAL.replace("internal-passport", "Internal-Passport")],
    ["a UUID v1 otp", CANONICAL.replace(OTP, "9b1deb4d-3b7d-1bad-9bdd-2b0d7b3dcb6d")],
    ["a UUID with a bad variant", CANONICAL.replace(OTP, "9b1deb4d-3b7d-4bad-cbdd-2b0d7b3dcb6d")],
    ["a short otp", CANONICAL.replace(OTP, OTP.slice(0, -1))],
    ["a barcode", "2858364170864"],
    ["an empty text", ""],
  ])("rejects %s with NOT_DIIA_QR", (_, text) => {
    expect(codeOf(() => parseDiiaQr(text))).toBe("NOT_DIIA_QR");
  });

  it("says so in Ukrainian", () => {
    expect(() => parseDiiaQr("https://example.com")).toThrow("Це не QR-код документа з Дії");
  });
});

describe("buildDiiaDocumentQr", () => {
  it("builds a link that parses back to its parts", () => {
    const link = buildDiiaDocumentQr({ documentType: "driver-license", documentId: "42", otp: OTP });
    expect(link).toBe(`https://diia.app/documents/driver-license/42/verify/${OTP}`);
    expect(parseDiiaQr(link)).toEqual({ documentType: "driver-license", documentId: "42", otp: OTP });
  });

  it("makes a fresh UUID v4 otp when none is given", () => {
    const a = parseDiiaQr(buildDiiaDocumentQr({ documentType: "taxpayer-card", documentId: "7" }));
    const b = parseDiiaQr(buildDiiaDocumentQr({ documentType: "taxpayer-card", documentId: "7" }));
    expect(a.otp).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.otp).not.toBe(b.otp);
  });

  it("refuses parts that would not form a Diia QR", () => {
    expect(codeOf(() => buildDiiaDocumentQr({ documentType: "a/b", documentId: "1" }))).toBe("NOT_DIIA_QR");
    expect(codeOf(() => buildDiiaDocumentQr({ documentType: "x", documentId: "" }))).toBe("NOT_DIIA_QR");
    expect(codeOf(() => buildDiiaDocumentQr({ documentType: "x", documentId: "1", otp: "nope" }))).toBe(
      "NOT_DIIA_QR",
    );
  });
});
