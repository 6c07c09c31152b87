/**
 * Opening a bank account: who the client is (identity document and РНОКПП, as financial monitoring requires) and
 * how to reach them.
 *
 * @example
 * fillFromDocuments(bankAccountTemplate, documents).values.taxpayerNumber;
 */
import type { QuestionnaireTemplate } from "../template.ts";
import {
  address,
  birthDate,
  email,
  firstName,
  identityExpiryDate,
  identityIssueDate,
  identityIssuer,
  identityNumber,
  lastName,
  middleName,
  phone,
  taxpayerNumber,
} from "./common-fields.ts";

export const bankAccountTemplate: QuestionnaireTemplate = {
  id: "bank-account",
  title: { uk: "Анкета: відкриття рахунку", en: "Form: opening an account" },
  fields: [
    lastName,
    firstName,
    middleName,
    birthDate,
    taxpayerNumber,
    identityNumber,
    identityIssueDate,
    identityExpiryDate,
    identityIssuer,
    address,
    phone,
    email,
    {
      name: "employment",
      label: { uk: "Місце роботи, посада", en: "Employer, position" },
      input: "text",
      required: false,
    },
  ],
};
