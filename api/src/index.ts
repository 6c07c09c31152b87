/**
 * `@stiika/api`: what the server and the web must agree on, in one place. Today the questionnaire templates —
 * their fields, labels, validation and how they fill from Diia's normalised documents — which the web's form and
 * the server's application PDF both read, the Дія.Підпис signing answers, and the enums both sides name (roles,
 * delete reasons, template ids); issue 15 grows it into the zod schemas of every request and answer.
 *
 * @example
 * import { fillFromDocuments, TEMPLATES } from "@stiika/api";
 * const { values, fromDiia } = fillFromDocuments(TEMPLATES["bank-account"], documents);
 */
export { addYears, isIsoDate, kyivDateTime, kyivParts } from "./dates.ts";
export { DELETE_REASONS, type DeleteReason, ROLES, type Role } from "./enums.ts";
export { fillFromDocuments, isTemplateId, TEMPLATES } from "./questionnaire/fill.ts";
export {
  type Answers,
  answersSchema,
  type DateBounds,
  dateRange,
  type QuestionnaireTemplate,
  TEMPLATE_IDS,
  type TemplateField,
  type TemplateId,
} from "./questionnaire/template.ts";
export {
  SIGN_ALGOS,
  SIGNING_STATUSES,
  type SignAlgo,
  type Signer,
  type Signing,
  type SigningStatus,
  signerSchema,
  signingResponse,
  signingSchema,
} from "./signing.ts";
