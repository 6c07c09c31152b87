import { type DestinationStream, type Logger, pino } from "pino";
import { prettyFactory } from "pino-pretty";

/**
 * Field names that carry personal data or secrets anywhere in a logged object. Values are replaced, not removed,
 * so a log still shows that the field was there.
 */
const SENSITIVE_FIELDS = [
  // secrets
  "password",
  "newPassword",
  "currentPassword",
  "oneTimePassword",
  "token",
  "csrfToken",
  "acquirerToken",
  "authAcquirerToken",
  "keyPassword",
  "dataKey",
  "newDataKey",
  "databaseUrl",
  "cookie",
  "authorization",
  "set-cookie",
  "x-csrf-token",
  // people: names, numbers, addresses, contacts
  "login",
  "name",
  "displayName",
  "fullName",
  "firstName",
  "lastName",
  "middleName",
  "firstNameUA",
  "lastNameUA",
  "middleNameUA",
  "firstNameEN",
  "lastNameEN",
  "birthday",
  "birthDate",
  "birthPlaceUA",
  "docNumber",
  "taxpayerNumber",
  "recordNumber",
  "serialNumber",
  "licensePlate",
  "vin",
  "barcode",
  "phone",
  "email",
  "address",
  "residenceUA",
  "street",
  "house",
];

/** Each field at the top level and up to three levels deep (pino's `*` matches one level). */
export const REDACT_PATHS = SENSITIVE_FIELDS.flatMap((f) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(f) ? f : `["${f}"]`;
  const join = (prefix: string) => (key.startsWith("[") ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key.startsWith("[") ? key : f, join("*"), join("*.*"), join("*.*.*")];
});

export type LogFormat = "json" | "pretty";

/**
 * JSON lines by default (production, log collectors). `pretty` is for a person at a terminal (`npm start` sets it
 * when stdout is one): one readable line per entry, redacted exactly like the JSON.
 */
export function createLogger(
  level: string,
  destination: DestinationStream = pino.destination(1),
  format: LogFormat = "json",
): Logger {
  // Formatting in the same call (not pino-pretty's stream): the line is written before the entry returns, in
  // the order of the lines the process prints itself.
  const prettify = prettyFactory({
    translateTime: "SYS:HH:MM:ss",
    ignore: "pid,hostname,service",
    singleLine: true,
  });
  const out =
    format === "pretty" ? { write: (line: string) => destination.write(prettify(line)) } : destination;
  return pino(
    { level, redact: { paths: REDACT_PATHS, censor: "[redacted]" }, base: { service: "stiika-server" } },
    out,
  );
}
