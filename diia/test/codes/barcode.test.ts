import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ean13CheckDigit, generateDiiaBarcode, isValidEan13, parseBarcode } from "../../src/barcode.ts";
import { CitizenCodeError } from "../../src/errors.ts";

// Check digits worked out by hand (weights 1,3,1,3… from the left): the Diia sample barcode of spec §5/§6, the
// PY SDK's sample barcode, and well-known retail codes.
const KNOWN_VALID = [
  "2858364170864", // Diia sample: sum 116 → 4
  "1213187292345", // PY SDK sample: sum 85 → 5
  "4006381333931", // retail: sum 89 → 1
  "5901234123457", // retail: sum 83 → 7
  "9780306406157", // ISBN-13: sum 93 → 7
  "1000000000030", // sum 10 → 0
];

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof CitizenCodeError) return e.code;
    throw e;
  }
  return undefined;
}

describe("ean13CheckDigit", () => {
  it("computes the check digit of known codes", () => {
    for (const code of KNOWN_VALID) expect(ean13CheckDigit(code.slice(0, 12))).toBe(Number(code[12]));
  });
  it("rejects bodies that are not 12 ASCII digits", () => {
    expect(codeOf(() => ean13CheckDigit("12345678901"))).toBe("BARCODE_LENGTH");
    expect(codeOf(() => ean13CheckDigit("1234567890123"))).toBe("BARCODE_LENGTH");
    expect(codeOf(() => ean13CheckDigit("12345678901a"))).toBe("BARCODE_CHARS");
    expect(codeOf(() => ean13CheckDigit("１２３４５６７８９０１２"))).toBe("BARCODE_CHARS");
  });
});

describe("isValidEan13", () => {
  it("accepts known valid codes", () => {
    for (const code of KNOWN_VALID) expect(isValidEan13(code)).toBe(true);
  });
  it("rejects a wrong check digit, wrong lengths and anything uncleaned", () => {
    expect(isValidEan13("2858364170865")).toBe(false);
    expect(isValidEan13("285836417086")).toBe(false);
    expect(isValidEan13("28583641708640")).toBe(false);
    expect(isValidEan13("2858 364170864")).toBe(false);
    expect(isValidEan13("")).toBe(false);
  });
});

describe("parseBarcode", () => {
  it("cleans spaces, tabs and dashes and returns the 13 digits", () => {
    expect(parseBarcode("2858364170864")).toBe("2858364170864");
    expect(parseBarcode(" 2 858364 170864\t")).toBe("2858364170864");
    expect(parseBarcode("2858-3641-7086-4")).toBe("2858364170864");
    expect(parseBarcode("2858–3641—70864")).toBe("2858364170864");
  });
  it("gives BARCODE_CHARS with a Ukrainian message for letters and symbols", () => {
    expect(codeOf(() => parseBarcode("28583641708б4"))).toBe("BARCODE_CHARS");
    expect(codeOf(() => parseBarcode("2858364170864."))).toBe("BARCODE_CHARS");
    expect(() => parseBarcode("abc")).toThrow("Штрихкод має містити лише цифри");
  });
  it("gives BARCODE_LENGTH with the count typed", () => {
    expect(codeOf(() => parseBarcode("285836417086"))).toBe("BARCODE_LENGTH");
    expect(codeOf(() => parseBarcode(""))).toBe("BARCODE_LENGTH");
    expect(() => parseBarcode("28583641708644")).toThrow("Штрихкод має містити 13 цифр, а введено 14");
  });
  it("gives BARCODE_CHECKSUM when a digit is mistyped", () => {
    expect(codeOf(() => parseBarcode("2858364170865"))).toBe("BARCODE_CHECKSUM");
    expect(codeOf(() => parseBarcode("2858364710864"))).toBe("BARCODE_CHECKSUM");
    expect(() => parseBarcode("2858364170865")).toThrow(/помилкою/);
  });
  it("treats a non-string as bad characters", () => {
    expect(codeOf(() => parseBarcode(2858364170864 as unknown as string))).toBe("BARCODE_CHARS");
  });
});

describe("generateDiiaBarcode", () => {
  const digits = fc.array(fc.nat({ max: 1_000_000 }), { minLength: 12, maxLength: 12 });
  const replay = (values: number[]) => {
    let i = 0;
    return (max: number) => (values[i++] ?? 0) % max;
  };

  it("always makes 13 digits, first 1–9, with a valid check digit", () => {
    fc.assert(
      fc.property(digits, (values) => {
        const code = generateDiiaBarcode(replay(values));
        expect(code).toMatch(/^[1-9][0-9]{12}$/);
        expect(isValidEan13(code)).toBe(true);
        expect(parseBarcode(code)).toBe(code);
      }),
    );
  });

  it("builds the body from the random source in order", () => {
    // First draw is 0–8 for the leading 1–9, then eleven 0–9 draws.
    expect(generateDiiaBarcode(replay([1, 8, 5, 8, 3, 6, 4, 1, 7, 0, 8, 6]))).toBe("2858364170864");
  });

  it("detects every single-digit corruption of a generated code", () => {
    fc.assert(
      fc.property(digits, fc.nat({ max: 12 }), fc.integer({ min: 1, max: 9 }), (values, position, shift) => {
        const code = generateDiiaBarcode(replay(values));
        const wrong = String((Number(code[position]) + shift) % 10);
        const corrupted = code.slice(0, position) + wrong + code.slice(position + 1);
        expect(isValidEan13(corrupted)).toBe(false);
        expect(codeOf(() => parseBarcode(corrupted))).toBe("BARCODE_CHECKSUM");
      }),
    );
  });

  it("uses the crypto source by default and differs between calls", () => {
    const codes = new Set(Array.from({ length: 50 }, () => generateDiiaBarcode()));
    for (const code of codes) expect(isValidEan13(code)).toBe(true);
    expect(codes.size).toBe(50);
  });

  it("refuses a random source that breaks its contract", () => {
    expect(() => generateDiiaBarcode(() => 10)).toThrow(RangeError);
    expect(() => generateDiiaBarcode(() => 0.5)).toThrow(RangeError);
  });
});
