// What a PDF copy shows for each document type: Ukrainian labels for every metadata field, grouped the way the
// Diia app groups them. Paths address nested metadata ("child.lastName").
import type { SharedDocumentType } from "@stiika/diia";

export type FieldSpec = { label: string; path: string; values?: Record<string, string> };
export type SectionSpec = { heading?: string; fields: FieldSpec[] };
export type Row = { label: string; value: string };
export type Section = { heading?: string; rows: Row[] };

const f = (path: string, label: string, values?: Record<string, string>): FieldSpec => ({
  label,
  path,
  values,
});

const NAMES_UA = [f("lastNameUA", "Прізвище"), f("firstNameUA", "Ім'я"), f("middleNameUA", "По батькові")];
const GENDER_UA = { Ж: "Жіноча", Ч: "Чоловіча" };

const passport = (department: FieldSpec[], extra: FieldSpec[]): SectionSpec[] => [
  {
    // Pairs for the two-column layout: each Ukrainian name beside its Latin spelling.
    fields: [
      f("lastNameUA", "Прізвище"),
      f("lastNameEN", "Прізвище латиницею"),
      f("firstNameUA", "Ім'я"),
      f("firstNameEN", "Ім'я латиницею"),
      f("middleNameUA", "По батькові"),
      f("birthday", "Дата народження"),
      f("genderUA", "Стать", GENDER_UA),
      f("genderEN", "Sex"),
      f("nationalityUA", "Громадянство"),
      f("birthPlaceUA", "Місце народження"),
    ],
  },
  {
    heading: "Документ",
    fields: [
      f("docNumber", "Номер документа"),
      f("recordNumber", "Запис № (УНЗР)"),
      f("issueDate", "Дата видачі"),
      f("expirationDate", "Дійсний до"),
      ...department,
      ...extra,
      f("taxpayerNumber", "РНОКПП"),
      f("residenceUA", "Зареєстроване місце проживання"),
    ],
  },
];

export const SECTIONS: Record<SharedDocumentType, SectionSpec[]> = {
  "internal-passport": passport([f("department", "Орган, що видав")], []),
  "foreign-passport": passport(
    [f("departmentUA", "Орган, що видав"), f("departmentEN", "Authority")],
    [f("countryCode", "Код держави")],
  ),
  "taxpayer-card": [
    {
      fields: [
        f("docNumber", "РНОКПП"),
        ...NAMES_UA,
        f("birthday", "Дата народження"),
        f("creationDate", "Дата реєстрації"),
      ],
    },
  ],
  "reference-internally-displaced-person": [
    {
      fields: [
        f("lastName", "Прізвище"),
        f("firstName", "Ім'я"),
        f("middleName", "По батькові"),
        f("birthDate", "Дата народження"),
        f("birthday", "Дата народження"),
        f("gender", "Стать"),
        f("legalRepresentative", "Законний представник"),
      ],
    },
    {
      heading: "Довідка",
      fields: [
        f("docType", "Тип довідки", { person: "Особа", accompanied: "Супроводжувана особа" }),
        f("docNumber", "Номер довідки"),
        f("issueDate", "Дата видачі"),
        f("department", "Орган, що видав"),
      ],
    },
    {
      heading: "Документ, що посвідчує особу",
      fields: [
        f("docIdentity.number", "Номер"),
        f("docIdentity.issueDate", "Дата видачі"),
        f("docIdentity.department", "Орган, що видав"),
      ],
    },
    {
      heading: "Адреси",
      fields: [
        f("address.birth", "Місце народження"),
        f("address.registration", "Зареєстроване місце проживання"),
        f("address.actual", "Фактичне місце проживання"),
      ],
    },
  ],
  "birth-certificate": [
    {
      heading: "Дитина",
      fields: [
        f("child.lastName", "Прізвище"),
        f("child.firstName", "Ім'я"),
        f("child.middleName", "По батькові"),
        f("child.birthDate", "Дата народження"),
        f("child.birthPlace", "Місце народження"),
        f("child.citizenship", "Громадянство"),
        f("child.currentRegistrationPlaceUA", "Зареєстроване місце проживання"),
      ],
    },
    {
      heading: "Батьки",
      fields: [
        f("parents.father.fullName", "Батько"),
        f("parents.father.citizenship", "Громадянство батька"),
        f("parents.mother.fullName", "Мати"),
        f("parents.mother.citizenship", "Громадянство матері"),
      ],
    },
    {
      heading: "Свідоцтво",
      fields: [
        f("document.series", "Серія"),
        f("document.serie", "Серія"),
        f("document.number", "Номер"),
        f("document.issueDate", "Дата видачі"),
        f("document.department", "Орган, що видав"),
        f("act.name", "Актовий запис"),
        f("act.registrationPlace", "Місце державної реєстрації"),
      ],
    },
  ],
  "driver-license": [
    {
      fields: [
        ...NAMES_UA,
        f("birthday", "Дата народження"),
        f("serialNumber", "Номер посвідчення"),
        f("categories", "Категорії"),
        f("expirationDate", "Дійсне до"),
        f("department", "Орган, що видав"),
      ],
    },
  ],
  "vehicle-license": [
    {
      fields: [
        f("licensePlate", "Номерний знак"),
        f("docNumber", "Номер свідоцтва"),
        f("brand", "Марка"),
        f("model", "Модель"),
        f("makeYear", "Рік випуску"),
        f("vin", "VIN-код"),
        f("color", "Колір"),
        f("kindBody", "Тип кузова"),
        f("rankCategory", "Категорія"),
        f("fuel", "Тип пального"),
        f("capacity", "Об'єм двигуна, см³"),
        f("totalWeight", "Повна маса"),
        f("ownWeight", "Маса без навантаження"),
        f("seatsNumber", "Кількість місць для сидіння"),
        f("standingNumber", "Кількість місць для стояння"),
        f("dateFirstReg", "Дата першої реєстрації"),
        f("dateReg", "Дата реєстрації"),
      ],
    },
    {
      heading: "Власник або користувач",
      fields: [
        f("ownerType", "Статус", { owner: "Власник", properUser: "Належний користувач" }),
        ...NAMES_UA,
        f("birthday", "Дата народження"),
        f("address", "Адреса"),
      ],
    },
  ],
};

/** Types whose paper document carries the holder's photo. */
export const HAS_PHOTO: ReadonlySet<SharedDocumentType> = new Set([
  "internal-passport",
  "foreign-passport",
  "driver-license",
]);

function at(metadata: Record<string, unknown>, path: string): unknown {
  return path.split(".").reduce<unknown>((node, key) => {
    return node !== null && typeof node === "object" ? (node as Record<string, unknown>)[key] : undefined;
  }, metadata);
}

/** The labelled rows of one metadata item; fields Diia left out or empty are not shown. */
export function documentSections(type: SharedDocumentType, metadata: Record<string, unknown>): Section[] {
  return SECTIONS[type]
    .map((spec) => ({
      heading: spec.heading,
      rows: spec.fields.flatMap(({ label, path, values }) => {
        const raw = at(metadata, path);
        if (raw === undefined || raw === null || raw === "") return [];
        const text = String(raw);
        return [{ label, value: values?.[text] ?? text }];
      }),
    }))
    .filter((section) => section.rows.length > 0);
}
