import { describe, expect, it } from "vitest";
import { answersSchema, fillFromDocuments, TEMPLATES } from "../src/index.ts";
import { fixturePassport, normalised } from "./support/documents.ts";

describe("fillFromDocuments", () => {
  it("fills the bank form from the real fixture passport and leaves contacts to the teller", () => {
    const { values, fromDiia } = fillFromDocuments(TEMPLATES["bank-account"], [fixturePassport()]);
    expect(values).toMatchObject({
      lastName: "Дія",
      firstName: "Надія",
      middleName: "Володимирівна",
      birthDate: "1997-01-17",
      taxpayerNumber: "1234567001",
      documentNumber: "002307001",
      documentIssueDate: "2018-09-12",
      documentExpiryDate: "2028-09-12",
      documentIssuer: "1263",
      phone: "",
      email: "",
      employment: "",
    });
    // Addresses are kept as Diia wrote them (only whitespace is tidied).
    expect(values.address).toBe(
      "УКРАЇНА СМТ. ЮР'ЇВКА ЮР'ЇВСЬКИЙ РАЙОН ДНІПРОПЕТРОВСЬКА ОБЛАСТЬ ВУЛ. ЛЕНІНА БУД. 4",
    );
    expect([...fromDiia].sort()).toEqual(
      [
        "address",
        "birthDate",
        "documentExpiryDate",
        "documentIssueDate",
        "documentIssuer",
        "documentNumber",
        "firstName",
        "lastName",
        "middleName",
        "taxpayerNumber",
      ].sort(),
    );
  });

  it("takes the РНОКПП from a taxpayer card when the passport has none, and the passport's spelling of names", () => {
    const passport = normalised({
      type: "foreign-passport",
      item: { lastNameUA: "ШЕВЧЕНКО", firstNameUA: "ТАРАС", docNumber: "FA123456", nationalityUA: "Україна" },
    });
    const tax = normalised({
      type: "taxpayer-card",
      item: { lastNameUA: "Шевченко", firstNameUA: "Тарас", docNumber: "3652504575", birthday: "01.01.2000" },
    });
    const { values } = fillFromDocuments(TEMPLATES["cnap-service"], [tax, passport]);
    expect(values).toMatchObject({
      lastName: "Шевченко",
      firstName: "Тарас",
      taxpayerNumber: "3652504575",
      birthDate: "2000-01-01",
    });
    const hotel = fillFromDocuments(TEMPLATES["hotel-check-in"], [tax, passport]).values;
    expect(hotel).toMatchObject({ nationality: "Україна", documentNumber: "FA123456", arrivalDate: "" });
  });

  it("fills a field only from a document type that holds it: a taxpayer card's number is not an identity document's", () => {
    const tax = normalised({
      type: "taxpayer-card",
      item: { lastNameUA: "Шевченко", firstNameUA: "Тарас", docNumber: "3652504575", birthday: "01.01.2000" },
    });
    const { values, fromDiia } = fillFromDocuments(TEMPLATES["bank-account"], [tax]);
    expect(values.taxpayerNumber).toBe("3652504575");
    expect(values.documentNumber).toBe("");
    expect(fromDiia.has("documentNumber")).toBe(false);
    expect(fromDiia.has("documentIssueDate")).toBe(false);
    expect(fromDiia.has("taxpayerNumber")).toBe(true);
  });

  it("keeps an unreadable Diia date out of a date field", () => {
    const passport = normalised({
      type: "internal-passport",
      item: { lastNameUA: "Дія", birthday: "колись" },
    });
    const { values, fromDiia } = fillFromDocuments(TEMPLATES["bank-account"], [passport]);
    expect(values.birthDate).toBe("");
    expect(fromDiia.has("birthDate")).toBe(false);
  });
});

describe("answersSchema", () => {
  const schema = answersSchema(TEMPLATES["bank-account"], "2026-12-01");
  const filled = () => ({ ...fillFromDocuments(TEMPLATES["bank-account"], [fixturePassport()]).values });

  it("asks for the phone and rejects the fixture's invalid РНОКПП", () => {
    const result = schema.safeParse(filled());
    expect(result.success).toBe(false);
    const issues = Object.fromEntries((result.error?.issues ?? []).map((i) => [i.path.join("."), i.message]));
    expect(issues).toEqual({ phone: "required", taxpayerNumber: "rnokpp" });
  });

  it("accepts a completed form; optional e-mail is checked only when filled", () => {
    const answers = { ...filled(), taxpayerNumber: "3652504575", phone: "+380 67 123 45 67" };
    expect(schema.safeParse(answers).success).toBe(true);
    const bad = schema.safeParse({ ...answers, email: "not-an-email" });
    expect(bad.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["email", "email"]]);
  });

  it("refuses unreal and out-of-bounds dates: a birth in the future, year 112233, 31 February", () => {
    const answers = { ...filled(), taxpayerNumber: "3652504575", phone: "+380 67 123 45 67" };
    const issue = (birthDate: string) =>
      schema.safeParse({ ...answers, birthDate }).error?.issues.map((i) => i.message) ?? [];
    expect(issue("2026-12-02")).toEqual(["dateRange"]);
    expect(issue("1899-12-31")).toEqual(["dateRange"]);
    expect(issue("112233-01-01")).toEqual(["date"]);
    expect(issue("1997-02-31")).toEqual(["date"]);
    expect(issue("01.02.1997")).toEqual(["date"]);
    expect(issue("2026-12-01")).toEqual([]);
  });

  it("bounds a hotel stay to a year back and two years ahead, and starts check-in today", () => {
    const hotel = TEMPLATES["hotel-check-in"];
    const { values } = fillFromDocuments(hotel, [fixturePassport()], "2026-12-01");
    expect(values.arrivalDate).toBe("2026-12-01");
    expect(values.departureDate).toBe("");
    const stay = answersSchema(hotel, "2026-12-01");
    const issues = (arrivalDate: string) =>
      stay
        .safeParse({ ...values, arrivalDate, departureDate: "2026-12-03", phone: "+380 67 123 45 67" })
        .error?.issues.filter((i) => i.path[0] === "arrivalDate")
        .map((i) => i.message) ?? [];
    expect(issues("2026-12-01")).toEqual([]);
    expect(issues("2028-12-02")).toEqual(["dateRange"]);
    expect(issues("2025-11-30")).toEqual(["dateRange"]);
  });
});
