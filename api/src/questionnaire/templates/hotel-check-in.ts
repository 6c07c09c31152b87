/**
 * Hotel check-in: the guest registration card (name, birth date, citizenship, document) and the stay.
 *
 * @example
 * fillFromDocuments(hotelCheckInTemplate, documents).values.nationality;
 */
import { personValue } from "../pick.ts";
import type { QuestionnaireTemplate } from "../template.ts";
import {
  address,
  birthDate,
  email,
  firstName,
  identityNumber,
  lastName,
  middleName,
  phone,
} from "./common-fields.ts";

export const hotelCheckInTemplate: QuestionnaireTemplate = {
  id: "hotel-check-in",
  title: { uk: "Картка гостя: поселення", en: "Guest card: check-in" },
  fields: [
    lastName,
    firstName,
    middleName,
    birthDate,
    {
      name: "nationality",
      label: { uk: "Громадянство", en: "Citizenship" },
      input: "text",
      required: true,
      fromDiia: (docs) => personValue(docs, "nationality"),
    },
    identityNumber,
    { ...address, required: false },
    phone,
    email,
    {
      name: "arrivalDate",
      label: { uk: "Дата заїзду", en: "Arrival date" },
      input: "date",
      dates: "stay",
      required: true,
      // Guests check in on the day they stand at the desk; the receptionist changes it for a booking ahead.
      initial: (today) => today,
    },
    {
      name: "departureDate",
      label: { uk: "Дата виїзду", en: "Departure date" },
      input: "date",
      dates: "stay",
      required: true,
    },
    { name: "room", label: { uk: "Номер кімнати", en: "Room" }, input: "text", required: false },
  ],
};
