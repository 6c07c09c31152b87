/**
 * Names for the fields Diia sends (spec §5), so a manager reads «Прізвище · українською» instead of
 * "lastNameUA". A path is labelled part by part ("child.lastName" → «Дитина · Прізвище», "categories.0" →
 * «Категорії · 1»); a key no source documents (the newer types have no schema) is shown as Diia spelled it.
 *
 * @example
 * fieldLabel("parents.father.fullName", "uk"); // "Батьки · Батько · ПІБ"
 */
import type { Lang } from "../../../lib/i18n.tsx";

const LABELS: Record<string, { uk: string; en: string }> = {
  lastNameUA: { uk: "Прізвище", en: "Last name" },
  firstNameUA: { uk: "Ім’я", en: "First name" },
  middleNameUA: { uk: "По батькові", en: "Patronymic" },
  lastNameEN: { uk: "Прізвище латиницею", en: "Last name (Latin)" },
  firstNameEN: { uk: "Ім’я латиницею", en: "First name (Latin)" },
  lastName: { uk: "Прізвище", en: "Last name" },
  firstName: { uk: "Ім’я", en: "First name" },
  middleName: { uk: "По батькові", en: "Patronymic" },
  fullName: { uk: "ПІБ", en: "Full name" },
  birthday: { uk: "Дата народження", en: "Date of birth" },
  birthDate: { uk: "Дата народження", en: "Date of birth" },
  birthPlaceUA: { uk: "Місце народження", en: "Place of birth" },
  birthPlace: { uk: "Місце народження", en: "Place of birth" },
  birth: { uk: "Місце народження", en: "Place of birth" },
  genderUA: { uk: "Стать", en: "Sex" },
  genderEN: { uk: "Стать (англ.)", en: "Sex (English)" },
  gender: { uk: "Стать", en: "Sex" },
  nationalityUA: { uk: "Громадянство", en: "Nationality" },
  citizenship: { uk: "Громадянство", en: "Citizenship" },
  taxpayerNumber: { uk: "РНОКПП", en: "Taxpayer number" },
  recordNumber: { uk: "Запис у реєстрі (УНЗР)", en: "Register record (UNZR)" },
  residenceUA: { uk: "Місце проживання", en: "Residence" },
  address: { uk: "Адреса", en: "Address" },
  registration: { uk: "Місце реєстрації", en: "Registered address" },
  actual: { uk: "Фактичне місце проживання", en: "Actual address" },
  currentRegistrationPlaceUA: { uk: "Місце реєстрації", en: "Registered address" },
  docNumber: { uk: "Номер документа", en: "Document number" },
  number: { uk: "Номер", en: "Number" },
  series: { uk: "Серія", en: "Series" },
  serie: { uk: "Серія", en: "Series" },
  serialNumber: { uk: "Серія та номер", en: "Serial number" },
  issueDate: { uk: "Дата видачі", en: "Issue date" },
  creationDate: { uk: "Дата створення", en: "Creation date" },
  expirationDate: { uk: "Дійсний до", en: "Valid until" },
  department: { uk: "Орган, що видав", en: "Issued by" },
  departmentUA: { uk: "Орган, що видав", en: "Issued by" },
  departmentEN: { uk: "Орган, що видав (англ.)", en: "Issued by (English)" },
  countryCode: { uk: "Код держави", en: "Country code" },
  docType: { uk: "Тип довідки", en: "Certificate type" },
  docIdentity: { uk: "Документ, що посвідчує особу", en: "Identity document" },
  legalRepresentative: { uk: "Законний представник", en: "Legal representative" },
  document: { uk: "Документ", en: "Document" },
  child: { uk: "Дитина", en: "Child" },
  parents: { uk: "Батьки", en: "Parents" },
  father: { uk: "Батько", en: "Father" },
  mother: { uk: "Мати", en: "Mother" },
  act: { uk: "Актовий запис", en: "Civil record" },
  name: { uk: "Назва", en: "Name" },
  registrationPlace: { uk: "Місце реєстрації", en: "Place of registration" },
  categories: { uk: "Категорії", en: "Categories" },
  licensePlate: { uk: "Номерний знак", en: "Licence plate" },
  brand: { uk: "Марка", en: "Make" },
  model: { uk: "Модель", en: "Model" },
  vin: { uk: "VIN", en: "VIN" },
  color: { uk: "Колір", en: "Colour" },
  makeYear: { uk: "Рік випуску", en: "Year of manufacture" },
  ownerType: { uk: "Власник чи користувач", en: "Owner or user" },
  id: { uk: "Ідентифікатор документа", en: "Document id" },
  fileName: { uk: "Файл", en: "File" },
};

export function fieldLabel(path: string, lang: Lang): string {
  if (path === "") return lang === "uk" ? "Значення" : "Value";
  return path
    .split(".")
    .map((part) => (/^\d+$/.test(part) ? String(Number(part) + 1) : (LABELS[part]?.[lang] ?? part)))
    .join(" · ");
}
