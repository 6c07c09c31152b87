import { DOCUMENT_TYPE_TITLES, SHARED_DOCUMENT_TYPES, type SharedDocumentType } from "@stiika/diia";
import { describe, expect, it } from "vitest";
import { CITIZENS, type Citizen, type CitizenDocument, citizenRnokpp } from "../../src/citizens/citizens.ts";
import {
  checkRnokpp,
  checkUnzr,
  parseDiiaDate,
  rnokppAgrees,
  unzrAgrees,
} from "../../src/citizens/validators.ts";

type Fields = Record<string, unknown>;
const PASSPORTS: SharedDocumentType[] = ["internal-passport", "foreign-passport"];
// Items that describe the citizen themself (a birth certificate describes the child).
const OWN_DOCUMENTS: SharedDocumentType[] = [
  "internal-passport",
  "foreign-passport",
  "taxpayer-card",
  "driver-license",
  "vehicle-license",
];

function str(fields: Fields, key: string): string {
  const value = fields[key];
  if (typeof value !== "string") throw new Error(`expected string field ${key}`);
  return value;
}

function obj(fields: Fields, key: string): Fields {
  const value = fields[key];
  if (value === null || typeof value !== "object") throw new Error(`expected object field ${key}`);
  return value as Fields;
}

function docsOf(citizen: Citizen, type: SharedDocumentType): CitizenDocument[] {
  return citizen.documents.filter((d) => d.type === type);
}

/** Every string leaf of a metadata item with its path. */
function leaves(value: unknown, path = ""): [string, unknown][] {
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => leaves(v, path ? `${path}.${k}` : k));
  }
  return [[path, value]];
}

const NOW = Date.now();

describe("CITIZENS", () => {
  it("has at least 6 citizens with unique ids and unique document ids", () => {
    expect(CITIZENS.length).toBeGreaterThanOrEqual(6);
    expect(new Set(CITIZENS.map((c) => c.id)).size).toBe(CITIZENS.length);
    const docIds = CITIZENS.flatMap((c) => c.documents.map((d) => d.id));
    expect(new Set(docIds).size).toBe(docIds.length);
    for (const id of docIds) expect(id).toMatch(/^[A-Za-z0-9-]+$/); // safe in a QR verify link path
  });

  it("covers every shared document type", () => {
    const types = new Set(CITIZENS.flatMap((c) => c.documents.map((d) => d.type)));
    expect([...types].sort()).toEqual([...SHARED_DOCUMENT_TYPES].sort());
  });

  it("sends every value as a string and every dd.mm.yyyy-looking value is a real date", () => {
    for (const doc of CITIZENS.flatMap((c) => c.documents)) {
      for (const [path, value] of leaves(doc.metadata)) {
        expect(typeof value, `${doc.id} ${path}`).toBe("string");
        const date = /^(\d{2}\.\d{2}\.\d{4})/.exec(String(value))?.[1];
        if (date) expect(parseDiiaDate(date), `${doc.id} ${path}`).toBeDefined();
      }
    }
  });

  it("gives each document its type's title and its own id inside the metadata", () => {
    for (const doc of CITIZENS.flatMap((c) => c.documents)) {
      expect(doc.title).toBe(DOCUMENT_TYPE_TITLES[doc.type].uk);
      expect(doc.metadata.id).toBe(doc.id);
    }
  });
});

describe.each(CITIZENS.map((c) => [c.fullName, c] as const))("%s", (_name, citizen) => {
  const own = citizen.documents.filter((d) => OWN_DOCUMENTS.includes(d.type)).map((d) => d.metadata);
  const birthday = str(own[0] ?? {}, "birthday");
  const passports = citizen.documents.filter((d) => PASSPORTS.includes(d.type)).map((d) => d.metadata);
  const gender = passports[0] ? (str(passports[0], "genderEN") as "M" | "F") : undefined;

  it("has the same name and birth date on every own document", () => {
    expect(own.length).toBeGreaterThan(0);
    for (const m of own) {
      const name = `${str(m, "lastNameUA")} ${str(m, "firstNameUA")} ${str(m, "middleNameUA")}`;
      expect(name.toUpperCase()).toBe(citizen.fullName.toUpperCase());
      expect(str(m, "birthday")).toBe(birthday);
    }
  });

  it("has passports whose РНОКПП and УНЗР agree with the birth date and gender", () => {
    for (const m of passports) {
      expect({ UA: m.genderUA, EN: m.genderEN }).toEqual(
        m.genderEN === "F" ? { UA: "Ж", EN: "F" } : { UA: "Ч", EN: "M" },
      );
      expect(checkRnokpp(str(m, "taxpayerNumber")).valid).toBe(true);
      expect(
        rnokppAgrees(str(m, "taxpayerNumber"), { birthday, gender: str(m, "genderEN") as "M" | "F" }),
      ).toBe(true);
      expect(checkUnzr(str(m, "recordNumber")).valid).toBe(true);
      expect(unzrAgrees(str(m, "recordNumber"), birthday)).toBe(true);
      // Diia's document id for a passport is the УНЗР plus the ISO issue date (as in Diia's real sample).
      const [d, mo, y] = str(m, "issueDate").split(".");
      expect(m.id).toBe(`${str(m, "recordNumber")}-${y}-${mo}-${d}`);
      // ID cards and passports for adults are issued for 10 years.
      expect(str(m, "expirationDate")).toBe(`${d}.${mo}.${Number(y) + 10}`);
    }
  });

  it("has a taxpayer card whose number agrees with the birth date and the passports", () => {
    for (const card of docsOf(citizen, "taxpayer-card").map((d) => d.metadata)) {
      const check = checkRnokpp(str(card, "docNumber"));
      expect(check).toMatchObject({ valid: true, birthday });
      if (gender) expect(check).toMatchObject({ gender });
      for (const p of passports) expect(p.taxpayerNumber).toBe(card.docNumber);
    }
  });

  it("has a birth certificate (if any) naming this citizen as a parent of a younger child", () => {
    for (const cert of docsOf(citizen, "birth-certificate").map((d) => d.metadata)) {
      const parents = obj(cert, "parents");
      const child = obj(cert, "child");
      expect([obj(parents, "father").fullName, obj(parents, "mother").fullName]).toContain(citizen.fullName);
      const childBirth = parseDiiaDate(str(child, "birthDate")) ?? Number.NaN;
      expect(childBirth).toBeGreaterThan(parseDiiaDate(birthday) ?? Number.NaN);
      expect(parseDiiaDate(str(obj(cert, "document"), "issueDate"))).toBeGreaterThanOrEqual(childBirth);
      expect(str(child, "lastName")).toBe(citizen.fullName.split(" ")[0]);
    }
  });

  it("has an IDP reference (if any) about this citizen and the passport they hold", () => {
    for (const ref of docsOf(citizen, "reference-internally-displaced-person").map((d) => d.metadata)) {
      expect(`${str(ref, "lastName")} ${str(ref, "firstName")} ${str(ref, "middleName")}`).toBe(
        citizen.fullName,
      );
      expect(str(ref, "birthDate")).toBe(birthday);
      expect(ref.gender).toBe(gender === "F" ? "Жінка" : "Чоловік");
      expect(ref.docType).toBe("person");
      expect(str(ref, "issueDate")).toMatch(/^\d{2}\.\d{2}\.\d{4} 00\.00\.00\.000$/);
      expect(passports.map((p) => p.docNumber)).toContain(obj(ref, "docIdentity").number);
    }
  });

  it("has vehicle licences (if any) with a well-formed VIN and an owner type Diia knows", () => {
    for (const v of docsOf(citizen, "vehicle-license").map((d) => d.metadata)) {
      expect(str(v, "vin")).toMatch(/^[A-HJ-NPR-Z0-9]{17}$/);
      expect(["owner", "properUser"]).toContain(v.ownerType);
      expect(str(v, "dateReg")).toMatch(/^\d{2} [А-ЯІЇЄҐ][а-яіїєґ']+ \d{4}$/);
    }
  });
});

describe("demo coverage the sandbox relies on", () => {
  const passportsOf = (c: Citizen) => c.documents.filter((d) => PASSPORTS.includes(d.type));
  const expired = (d: CitizenDocument) => (parseDiiaDate(str(d.metadata, "expirationDate")) ?? 0) < NOW;

  it("has exactly one citizen whose only passport has expired, every other passport is valid today", () => {
    const withExpired = CITIZENS.filter((c) => passportsOf(c).some(expired));
    expect(withExpired.map((c) => c.id)).toEqual(["iryna-bondarenko"]);
    expect(CITIZENS.flatMap(passportsOf).filter(expired)).toHaveLength(1);
  });

  it("has a citizen with only a foreign passport", () => {
    const onlyForeign = CITIZENS.filter(
      (c) => docsOf(c, "foreign-passport").length > 0 && docsOf(c, "internal-passport").length === 0,
    );
    expect(onlyForeign.map((c) => c.id)).toContain("dmytro-melnyk");
  });

  it("has a citizen with both passports, so a `passport` scope has a choice", () => {
    expect(CITIZENS.some((c) => passportsOf(c).length === 2)).toBe(true);
  });

  it("has vehicle licences as owner and as proper user", () => {
    const types = CITIZENS.flatMap((c) => docsOf(c, "vehicle-license")).map((d) => d.metadata.ownerType);
    expect(new Set(types)).toEqual(new Set(["owner", "properUser"]));
  });
});

describe("citizenRnokpp (what a citizen's Дія.Підпис certificate names)", () => {
  it("is each citizen's valid РНОКПП, the one their passport or taxpayer card carries, and no two share one", () => {
    const all = CITIZENS.map(citizenRnokpp);
    expect(new Set(all).size).toBe(CITIZENS.length);
    for (const citizen of CITIZENS) {
      const rnokpp = citizenRnokpp(citizen);
      expect(checkRnokpp(rnokpp).valid).toBe(true);
      const carried = citizen.documents.flatMap((d) =>
        [d.metadata.taxpayerNumber, d.type === "taxpayer-card" ? d.metadata.docNumber : undefined].filter(
          (v) => typeof v === "string",
        ),
      );
      expect(carried.length).toBeGreaterThan(0);
      expect(new Set(carried)).toEqual(new Set([rnokpp]));
    }
  });

  it("throws for a citizen with no document carrying one", () => {
    expect(() => citizenRnokpp({ id: "x", fullName: "X", documents: [] })).toThrow("no РНОКПП");
  });
});
