/**
 * An administrative service at a ЦНАП: the applicant (name, birth date, РНОКПП, address), contacts, and what they
 * apply for.
 *
 * @example
 * fillFromDocuments(cnapServiceTemplate, documents).values.address;
 */
import type { QuestionnaireTemplate } from "../template.ts";
import {
  address,
  birthDate,
  email,
  firstName,
  lastName,
  middleName,
  phone,
  taxpayerNumber,
} from "./common-fields.ts";

export const cnapServiceTemplate: QuestionnaireTemplate = {
  id: "cnap-service",
  title: { uk: "Заява: адміністративна послуга", en: "Application: administrative service" },
  fields: [
    lastName,
    firstName,
    middleName,
    birthDate,
    taxpayerNumber,
    address,
    phone,
    email,
    {
      name: "subject",
      label: { uk: "Суть звернення", en: "What the application is for" },
      input: "text",
      required: true,
    },
  ],
};
