import { describe, expect, it } from "vitest";
import { fillFromDocuments, TEMPLATES } from "../src/features/questionnaire/lib/fill.ts";
import { answersSchema } from "../src/features/questionnaire/lib/template.ts";
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
  const schema = answersSchema(TEMPLATES["bank-account"]);
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
});
