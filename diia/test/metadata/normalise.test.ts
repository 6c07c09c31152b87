import { describe, expect, it } from "vitest";
import {
  type NormalisedDocument,
  normaliseDocument,
  type TypedDocumentItem,
} from "../../src/metadata/normalise.ts";
import { DOCUMENT_SCHEMAS } from "../../src/metadata/schemas.ts";
import { SAMPLE_ITEMS } from "./samples.ts";

// Validates like parseMetadata does, then normalises.
function normalise(type: TypedDocumentItem["type"], item: Record<string, unknown>): NormalisedDocument {
  return normaliseDocument({ type, item: DOCUMENT_SCHEMAS[type].parse(item) } as TypedDocumentItem);
}

describe("normaliseDocument: one sample per type (spec §5 values)", () => {
  it("internal-passport → identity", () => {
    expect(normalise("internal-passport", SAMPLE_ITEMS["internal-passport"])).toEqual({
      kind: "identity",
      type: "internal-passport",
      fileName: "internal-passport.pdf",
      person: {
        lastName: { uk: "Дія", en: "Diia" },
        firstName: { uk: "Надія", en: "Nadiia" },
        middleName: { uk: "Володимирівна" },
        birthDate: "1980-01-24",
        birthPlace: "М. КИЇВ УКРАЇНА",
        gender: "F",
        taxpayerNumber: "1234567890",
        unzr: "19800124-12345",
        nationality: "Україна",
        address: "УКРАЇНА М. КИЇВ ВУЛ. ЦИФРОВІЗАЦІЇ БУД. 25 КВ. 18",
      },
      document: { number: "123456789", issueDate: "2009-12-13", expiryDate: "2023-12-13", issuer: "1234" },
      extra: {},
      invalidDates: [],
    });
  });

  it("foreign-passport → identity with country code and English issuer", () => {
    const doc = normalise("foreign-passport", SAMPLE_ITEMS["foreign-passport"]);
    expect(doc.kind).toBe("identity");
    expect(doc.person.gender).toBe("M");
    expect(doc.person.lastName).toEqual({ uk: "Дієвий", en: "Diievyi" });
    expect(doc.person.birthDate).toBe("1991-08-24");
    expect(doc.document).toEqual({
      number: "AA123456",
      issueDate: "2017-11-22",
      expiryDate: "2027-11-22",
      issuer: "1234",
      countryCode: "UKR",
    });
    expect(doc.extra).toEqual({ issuerEn: "1234 EN" });
  });

  it("taxpayer-card → tax, the card number is the РНОКПП", () => {
    expect(normalise("taxpayer-card", SAMPLE_ITEMS["taxpayer-card"])).toEqual({
      kind: "tax",
      type: "taxpayer-card",
      id: "tax-1",
      person: {
        lastName: { uk: "Дія" },
        firstName: { uk: "Надія" },
        middleName: { uk: "Володимирівна" },
        birthDate: "1980-01-24",
        taxpayerNumber: "1234567890",
      },
      document: { number: "1234567890", issueDate: "2020-09-08" },
      extra: {},
      invalidDates: [],
    });
  });

  it("reference-internally-displaced-person → idp, dates with a time part, actual address first", () => {
    expect(
      normalise(
        "reference-internally-displaced-person",
        SAMPLE_ITEMS["reference-internally-displaced-person"],
      ),
    ).toEqual({
      kind: "idp",
      type: "reference-internally-displaced-person",
      person: {
        lastName: { uk: "Дія" },
        firstName: { uk: "Надія" },
        middleName: { uk: "Володимирівна" },
        birthDate: "1973-02-07",
        gender: "F",
        address: "22000, Вінницька обл., м. Хмільник, вул. Фруктова, буд. 56, кв. 7",
      },
      document: { number: "123-456", issueDate: "2015-05-05", issuer: "М.ХМІЛЬНИК ВІННИЦЬКА ОБЛ." },
      extra: {
        certificateFor: "person",
        legalRepresentative: "Дія Вікторія Кирилівна",
        identityDocument: { number: "ЕМ123456", issueDate: "2000-06-16", issuer: "МВУМВС" },
        addresses: {
          birth: "м. Антрацит Луганська область",
          registration: "94605, Луганська обл., м. Антрацит, вул. Овочева, буд. 19а",
          actual: "22000, Вінницька обл., м. Хмільник, вул. Фруктова, буд. 56, кв. 7",
        },
      },
      invalidDates: [],
    });
  });

  it("birth-certificate → birth, the child is the person", () => {
    expect(normalise("birth-certificate", SAMPLE_ITEMS["birth-certificate"])).toEqual({
      kind: "birth",
      type: "birth-certificate",
      id: "birth-1",
      person: {
        lastName: { uk: "Дія" },
        firstName: { uk: "Марія" },
        middleName: { uk: "Натанівна" },
        birthDate: "2015-05-28",
        birthPlace: "М. КИЇВ",
        nationality: "Україна",
        address: "М. КИЇВ, ВУЛ. ЦИФРОВІЗАЦІЇ, 25",
      },
      document: { number: "123456", series: "І-ТП", issueDate: "2015-06-01", issuer: "Відділ ДРАЦС" },
      extra: {
        father: { fullName: "Дієвий Натан Олександрович", citizenship: "Україна" },
        mother: { fullName: "Дія Надія Володимирівна", citizenship: "Україна" },
        act: { name: "Актовий запис № 1234", registrationPlace: "Шевченківський відділ ДРАЦС" },
      },
      invalidDates: [],
    });
  });

  it("driver-license → driving with a category list; mixed-case names are kept", () => {
    expect(normalise("driver-license", SAMPLE_ITEMS["driver-license"])).toEqual({
      kind: "driving",
      type: "driver-license",
      person: {
        lastName: { uk: "Ivanov" },
        firstName: { uk: "Ivan" },
        middleName: { uk: "Ivanovich" },
        birthDate: "1991-08-24",
      },
      document: { number: "AA0000DI", expiryDate: "2024-05-20", issuer: "FNT 5326" },
      extra: { categories: ["D", "B"] },
      invalidDates: [],
    });
  });

  it("vehicle-license → vehicle, spelled-out dates become ISO", () => {
    const doc = normalise("vehicle-license", SAMPLE_ITEMS["vehicle-license"]);
    expect(doc.kind).toBe("vehicle");
    expect(doc.person).toEqual({
      lastName: { uk: "Дієвий" },
      firstName: { uk: "Натан" },
      middleName: { uk: "Олександрович" },
      birthDate: "1991-08-24",
      address: "вулиця Михайла Грушевського, 12/2, Київ, 01008",
    });
    expect(doc.document).toEqual({ number: "ВХР 123456", issueDate: "2019-03-03" });
    expect(doc.extra).toEqual({
      ownerType: "owner",
      vehicle: {
        licensePlate: "АА0000АА",
        brand: "ZAZ",
        model: "Vida",
        vin: "DIIA2019FORPEOPLE",
        color: "Зелений",
        kindBody: "Легковий хетчбек",
        makeYear: "2019",
        totalWeight: "1510 кг",
        ownWeight: "1045 кг",
        capacity: "999",
        fuel: "Бензин",
        rankCategory: "В",
        seatsNumber: "5",
        standingNumber: "Не вказано",
        firstRegistrationDate: "2017-10-22",
      },
    });
    expect(doc.invalidDates).toEqual([]);
  });
});

describe("normaliseDocument: variants the sources disagree on", () => {
  const idp = SAMPLE_ITEMS["reference-internally-displaced-person"];

  it("reads the IDP birth date from `birthday` when `birthDate` is absent", () => {
    const { birthDate: _, ...rest } = idp;
    expect(
      normalise("reference-internally-displaced-person", { ...rest, birthday: "07.02.1973" }).person
        .birthDate,
    ).toBe("1973-02-07");
  });

  it("reads the birth-certificate series from `serie`", () => {
    const item = SAMPLE_ITEMS["birth-certificate"];
    const doc = normalise("birth-certificate", {
      ...item,
      document: { serie: "І-БК", number: "654321", issueDate: "02.06.2015" },
    });
    expect(doc.document).toEqual({ series: "І-БК", number: "654321", issueDate: "2015-06-02" });
  });

  it("takes gender from the English field when the Ukrainian one is missing, and ignores unknown spellings", () => {
    const base = SAMPLE_ITEMS["internal-passport"];
    expect(
      normalise("internal-passport", { ...base, genderUA: undefined, genderEN: "M" }).person.gender,
    ).toBe("M");
    expect(
      normalise("internal-passport", { ...base, genderUA: "Чоловік", genderEN: null }).person.gender,
    ).toBe("M");
    expect(
      normalise("internal-passport", { ...base, genderUA: "?", genderEN: "X" }).person.gender,
    ).toBeUndefined();
  });

  it("title-cases hyphenated and apostrophe names, trims and collapses spaces", () => {
    const doc = normalise("taxpayer-card", {
      lastNameUA: "  ІВАНЕНКО-Д'ЯЧЕНКО ",
      firstNameUA: "анна   марія",
      middleNameUA: "",
    });
    expect(doc.person.lastName).toEqual({ uk: "Іваненко-Д'яченко" });
    expect(doc.person.firstName).toEqual({ uk: "Анна Марія" });
    expect(doc.person.middleName).toBeUndefined();
  });

  it("keeps a Latin-only name in the Ukrainian slot rather than dropping it", () => {
    const doc = normalise("foreign-passport", { lastNameEN: "SMITH", firstNameEN: "JOHN" });
    expect(doc.person.lastName).toEqual({ uk: "Smith", en: "Smith" });
  });

  it("keeps unreadable dates as text and flags their paths", () => {
    const doc = normalise("vehicle-license", {
      ...SAMPLE_ITEMS["vehicle-license"],
      birthday: "31.02.1991",
      dateFirstReg: "22 Жовтеня 2017",
      dateReg: "невідомо",
    });
    expect(doc.person.birthDate).toBe("31.02.1991");
    expect(doc.document.issueDate).toBe("невідомо");
    expect(doc.kind === "vehicle" && doc.extra.vehicle.firstRegistrationDate).toBe("22 Жовтеня 2017");
    expect(doc.invalidDates).toEqual([
      "person.birthDate",
      "document.issueDate",
      "extra.vehicle.firstRegistrationDate",
    ]);
  });

  it("yields an almost empty document, not an error, when Diia sends only nulls", () => {
    const doc = normalise("driver-license", { lastNameUA: null, birthday: null, categories: null });
    expect(doc).toEqual({
      kind: "driving",
      type: "driver-license",
      person: {},
      document: {},
      extra: { categories: [] },
      invalidDates: [],
    });
  });
});
