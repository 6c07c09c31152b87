// Fields several templates share, so each template reads as the list of what its form asks.

import { documentNumber, identityDocument, isoOnly, personName, personValue } from "../pick.ts";
import type { TemplateField } from "../template.ts";

export const lastName: TemplateField = {
  name: "lastName",
  label: { uk: "Прізвище", en: "Last name" },
  input: "text",
  required: true,
  fromDiia: (docs) => personName(docs, "lastName"),
};
export const firstName: TemplateField = {
  name: "firstName",
  label: { uk: "Ім’я", en: "First name" },
  input: "text",
  required: true,
  fromDiia: (docs) => personName(docs, "firstName"),
};
export const middleName: TemplateField = {
  name: "middleName",
  label: { uk: "По батькові", en: "Patronymic" },
  input: "text",
  required: false,
  fromDiia: (docs) => personName(docs, "middleName"),
};
export const birthDate: TemplateField = {
  name: "birthDate",
  label: { uk: "Дата народження", en: "Date of birth" },
  input: "date",
  dates: "past",
  required: true,
  fromDiia: (docs) => isoOnly(personValue(docs, "birthDate")),
};
export const taxpayerNumber: TemplateField = {
  name: "taxpayerNumber",
  label: { uk: "РНОКПП (ІПН)", en: "Taxpayer number (RNOKPP)" },
  input: "rnokpp",
  required: true,
  fromDiia: (docs) => personValue(docs, "taxpayerNumber"),
};
export const identityNumber: TemplateField = {
  name: "documentNumber",
  label: { uk: "Номер документа, що посвідчує особу", en: "Identity document number" },
  input: "text",
  required: true,
  fromDiia: documentNumber,
};
export const identityIssueDate: TemplateField = {
  name: "documentIssueDate",
  label: { uk: "Дата видачі документа", en: "Document issue date" },
  input: "date",
  dates: "past",
  required: false,
  fromDiia: (docs) => isoOnly(identityDocument(docs)?.document.issueDate),
};
export const identityExpiryDate: TemplateField = {
  name: "documentExpiryDate",
  label: { uk: "Дійсний до", en: "Valid until" },
  input: "date",
  required: false,
  fromDiia: (docs) => isoOnly(identityDocument(docs)?.document.expiryDate),
};
export const identityIssuer: TemplateField = {
  name: "documentIssuer",
  label: { uk: "Орган, що видав", en: "Issued by" },
  input: "text",
  required: false,
  fromDiia: (docs) => identityDocument(docs)?.document.issuer,
};
export const address: TemplateField = {
  name: "address",
  label: { uk: "Адреса реєстрації (проживання)", en: "Registered (home) address" },
  input: "multiline",
  required: true,
  fromDiia: (docs) => personValue(docs, "address"),
  autoComplete: "street-address",
};
export const phone: TemplateField = {
  name: "phone",
  label: { uk: "Телефон", en: "Phone" },
  input: "tel",
  required: true,
  autoComplete: "tel",
};
export const email: TemplateField = {
  name: "email",
  label: { uk: "Електронна пошта", en: "E-mail" },
  input: "email",
  required: false,
  autoComplete: "email",
};
