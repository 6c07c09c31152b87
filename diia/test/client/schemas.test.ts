// The wire schemas as the sandbox uses them on its inputs: query strings, either-or bodies, PY length limits.
import { describe, expect, it } from "vitest";
import {
  BranchInputSchema,
  BranchSchema,
  BranchUpdateSchema,
  DeeplinkRequestSchema,
  DiiaErrorBodySchema,
  DocumentRequestSchema,
  ListQuerySchema,
} from "../../src/index.ts";
import { sampleBranch } from "./fake-diia.ts";

const issuePaths = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
  result.error?.issues.map((i) => i.path.join(".")) ?? [];

describe("ListQuerySchema", () => {
  it("reads numbers and query-string digits alike", () => {
    expect(ListQuerySchema.parse({ skip: "20", limit: 10 })).toEqual({ skip: 20, limit: 10 });
    expect(ListQuerySchema.parse({})).toEqual({});
  });
  it("rejects negatives, fractions, non-digits and a zero limit", () => {
    for (const query of [
      { skip: -1 },
      { skip: 1.5 },
      { skip: "1e3" },
      { skip: "" },
      { limit: 0 },
      { limit: "0" },
    ]) {
      expect(ListQuerySchema.safeParse(query).success, JSON.stringify(query)).toBe(false);
    }
  });
});

describe("BranchSchema (reads)", () => {
  it("keeps a branch readable when Diia returns a newer scope and extra fields", () => {
    const read = BranchSchema.parse({
      ...sampleBranch,
      _id: "a".repeat(128),
      createdAt: "2026-01-01",
      scopes: { sharing: ["internal-passport", "student-id-card"], diiaId: [] },
    });
    expect(read.scopes.sharing).toEqual(["internal-passport", "student-id-card"]);
    expect(read).toHaveProperty("createdAt", "2026-01-01");
  });
  it("still requires the id", () => {
    expect(BranchSchema.safeParse(sampleBranch).success).toBe(false);
  });
});

describe("BranchInputSchema limits (PY SDK)", () => {
  it("accepts each field at its bounds and rejects one past them", () => {
    const bounds: [keyof typeof sampleBranch, number, number][] = [
      ["name", 1, 32],
      ["region", 4, 100],
      ["district", 4, 100],
      ["location", 2, 100],
      ["street", 4, 100],
      ["house", 1, 20],
      ["customFullName", 1, 100],
      ["customFullAddress", 1, 200],
    ];
    for (const [field, min, max] of bounds) {
      expect(BranchInputSchema.safeParse({ ...sampleBranch, [field]: "я".repeat(min) }).success).toBe(true);
      expect(BranchInputSchema.safeParse({ ...sampleBranch, [field]: "я".repeat(max) }).success).toBe(true);
      expect(
        issuePaths(BranchInputSchema.safeParse({ ...sampleBranch, [field]: "я".repeat(max + 1) })),
      ).toEqual([field]);
      if (min > 1) {
        expect(
          issuePaths(BranchInputSchema.safeParse({ ...sampleBranch, [field]: "я".repeat(min - 1) })),
        ).toEqual([field]);
      }
    }
  });
  it("checks email shape and length 6–100", () => {
    const email = (local: number) => `${"a".repeat(local)}@bank.ua`;
    expect(BranchInputSchema.safeParse({ ...sampleBranch, email: email(92) }).success).toBe(true);
    expect(issuePaths(BranchInputSchema.safeParse({ ...sampleBranch, email: email(93) }))).toEqual(["email"]);
    expect(issuePaths(BranchInputSchema.safeParse({ ...sampleBranch, email: "not-an-email" }))).toEqual([
      "email",
    ]);
  });
  it("allows a Diia-ID branch with only diiaId scopes, and rejects non-empty identification", () => {
    expect(
      BranchInputSchema.safeParse({ ...sampleBranch, scopes: { diiaId: ["hashedFilesSigning"] } }).success,
    ).toBe(true);
    expect(
      issuePaths(BranchInputSchema.safeParse({ ...sampleBranch, scopes: { identification: ["x"] } })),
    ).toEqual(["scopes.identification.0"]);
    expect(
      issuePaths(
        BranchInputSchema.safeParse({
          ...sampleBranch,
          scopes: { documentIdentification: ["driver-license"] },
        }),
      ),
    ).toEqual(["scopes.documentIdentification.0"]);
  });
  it("PUT bodies may carry _id", () => {
    expect(BranchUpdateSchema.parse({ ...sampleBranch, _id: "abc" })._id).toBe("abc");
  });
});

describe("DocumentRequestSchema", () => {
  const base = { branchId: "b", requestId: "r" };
  it("takes a barcode or a qrcode, not both and not neither", () => {
    expect(DocumentRequestSchema.safeParse({ ...base, barcode: "2858364170864" }).success).toBe(true);
    expect(DocumentRequestSchema.safeParse({ ...base, qrcode: "https://diia.app/x" }).success).toBe(true);
    expect(DocumentRequestSchema.safeParse({ ...base, barcode: "2858364170864", qrcode: "q" }).success).toBe(
      false,
    );
    expect(DocumentRequestSchema.safeParse(base).success).toBe(false);
  });
});

describe("DeeplinkRequestSchema", () => {
  it("requires base64 hashes for files to sign", () => {
    const request = (fileHash: string) => ({
      offerId: "o",
      requestId: "r",
      data: { hashedFilesSigning: { hashedFiles: [{ fileName: "1.pdf", fileHash }] } },
    });
    expect(
      DeeplinkRequestSchema.safeParse(request("HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=")).success,
    ).toBe(true);
    expect(issuePaths(DeeplinkRequestSchema.safeParse(request("not base64!")))).toEqual([
      "data.hashedFilesSigning.hashedFiles.0.fileHash",
    ]);
  });
});

describe("DiiaErrorBodySchema", () => {
  it("reads validation, expired-code, empty-array and missing data", () => {
    const validation = { errors: [{ type: "required", message: "m", field: "name", expected: "string" }] };
    const expired = { now: 1764000000000, expirationDate: 1763999999000 };
    for (const data of [validation, expired, [], {}, undefined]) {
      expect(DiiaErrorBodySchema.parse({ name: "Error", message: "m", code: 400, data }).data).toEqual(data);
    }
  });
  it("reads a code sent as digits, and rejects a body without a numeric code", () => {
    expect(DiiaErrorBodySchema.parse({ name: "Error", message: "m", code: "400" }).code).toBe(400);
    expect(issuePaths(DiiaErrorBodySchema.safeParse({ name: "Error", message: "m", code: "oops" }))).toEqual([
      "code",
    ]);
    expect(issuePaths(DiiaErrorBodySchema.safeParse({ name: "Error", message: "m" }))).toEqual(["code"]);
  });
});
