// Copy of the questionnaire and its checks, Ukrainian first.
import type { Lang } from "../../lib/i18n.tsx";
import { formatDate } from "../../utils/format.ts";
import type { Finding } from "./lib/checks.ts";

const PART = {
  uk: { lastName: "Прізвище", firstName: "Ім’я", middleName: "По батькові" },
  en: { lastName: "Last name", firstName: "First name", middleName: "Patronymic" },
} as const;

export const questionnaireText = {
  uk: {
    fromDiia: "з Дії",
    fromDiiaHint: "Поля з позначкою «з Дії» заповнено з документів. Решту запитайте в клієнта.",
    manualCheck: "перевірте вручну",
    manualCheckHint:
      "Частину даних Дія надіслала у формі, яку не вдалося прочитати. Поля з позначкою «перевірте вручну» звірте з PDF документа.",
    unreadableDocument: (title: string) => `${title}: дані не ввійшли в анкету, звірте їх із PDF`,
    checksTitle: "Перевірки",
    checksOk: "Розбіжностей не знайдено",
    passportScope: "Паспорт (ID-картка або закордонний)",
    save: "Зберегти і перейти до наступного клієнта",
    saving: "Зберігаємо…",
    saved: "Анкету збережено",
    fixErrors: "Виправте позначені поля",
    datePlaceholder: "дд.мм.рррр",
    dateRange: (min: string, max: string) => `Дата має бути від ${min} до ${max}`,
    invalid: {
      required: "Заповніть це поле",
      tooLong: "Задовгий текст",
      date: "Вкажіть дату як дд.мм.рррр (наприклад, 17.01.1997)",
      email: "Перевірте адресу пошти (приклад: name@example.com)",
      tel: "Вкажіть номер телефону (приклад: +380 67 123 45 67)",
      rnokpp: "РНОКПП має 10 цифр із правильною контрольною цифрою",
    },
    finding: (f: Finding, docTitle: (type: string) => string): string => {
      switch (f.code) {
        case "RNOKPP_INVALID":
          return "РНОКПП не проходить перевірку контрольної цифри: звірте цифри з карткою платника податків.";
        case "RNOKPP_BIRTH_DATE":
          return `РНОКПП відповідає даті народження ${formatDate(f.rnokppDate)}, а в документі ${formatDate(f.birthDate)}: уточніть у клієнта.`;
        case "DOCUMENT_EXPIRED":
          return `${docTitle(f.documentType)}: строк дії минув ${formatDate(f.expiryDate)}. Попросіть інший чинний документ.`;
        case "DOCUMENT_EXPIRING":
          return `${docTitle(f.documentType)}: діє ще ${f.daysLeft} дн. (до ${formatDate(f.expiryDate)}). Нагадайте клієнту оновити документ.`;
        case "NAME_MISMATCH":
          return `${PART.uk[f.part]} відрізняється в документах «${docTitle(f.documentTypes[0])}» і «${docTitle(f.documentTypes[1])}»: уточніть правильне написання.`;
        case "BIRTH_DATE_MISMATCH":
          return `Дата народження різна в документах «${docTitle(f.documentTypes[0])}» і «${docTitle(f.documentTypes[1])}»: уточніть у клієнта.`;
        case "RNOKPP_MISMATCH":
          return `РНОКПП різний у документах «${docTitle(f.documentTypes[0])}» і «${docTitle(f.documentTypes[1])}»: це можуть бути документи різних людей.`;
        case "MINOR":
          return `Клієнту ${f.age} р.: для неповнолітнього потрібна згода батьків або законного представника.`;
        case "NOT_CHECKED":
          return `Не перевірено збіг ПІБ, дати народження та РНОКПП із документом ${f.missing.map((m) => `«${docTitle(m)}»`).join(", ")}: його ще немає.`;
      }
    },
  },
  en: {
    fromDiia: "from Diia",
    fromDiiaHint: "Fields marked “from Diia” come from the documents. Ask the client for the rest.",
    manualCheck: "check by hand",
    manualCheckHint:
      "Diia sent part of the data in a form that could not be read. Compare the fields marked “check by hand” with the document's PDF.",
    unreadableDocument: (title: string) => `${title}: its data is not in the form, compare it with the PDF`,
    checksTitle: "Checks",
    checksOk: "No discrepancies found",
    passportScope: "Passport (ID card or international)",
    save: "Save and go to the next client",
    saving: "Saving…",
    saved: "Form saved",
    fixErrors: "Fix the marked fields",
    datePlaceholder: "dd.mm.yyyy",
    dateRange: (min: string, max: string) => `The date must be between ${min} and ${max}`,
    invalid: {
      required: "Fill in this field",
      tooLong: "Text too long",
      date: "Enter the date as dd.mm.yyyy (e.g. 17.01.1997)",
      email: "Check the e-mail address (e.g. name@example.com)",
      tel: "Enter a phone number (e.g. +380 67 123 45 67)",
      rnokpp: "The RNOKPP has 10 digits with a valid check digit",
    },
    finding: (f: Finding, docTitle: (type: string) => string): string => {
      switch (f.code) {
        case "RNOKPP_INVALID":
          return "The RNOKPP fails its check digit: compare the digits with the taxpayer card.";
        case "RNOKPP_BIRTH_DATE":
          return `The RNOKPP encodes birth date ${formatDate(f.rnokppDate)}, the document says ${formatDate(f.birthDate)}: ask the client.`;
        case "DOCUMENT_EXPIRED":
          return `${docTitle(f.documentType)}: expired on ${formatDate(f.expiryDate)}. Ask for another valid document.`;
        case "DOCUMENT_EXPIRING":
          return `${docTitle(f.documentType)}: valid ${f.daysLeft} more days (until ${formatDate(f.expiryDate)}). Remind the client to renew it.`;
        case "NAME_MISMATCH":
          return `${PART.en[f.part]} differs between “${docTitle(f.documentTypes[0])}” and “${docTitle(f.documentTypes[1])}”: confirm the spelling.`;
        case "BIRTH_DATE_MISMATCH":
          return `The birth date differs between “${docTitle(f.documentTypes[0])}” and “${docTitle(f.documentTypes[1])}”: ask the client.`;
        case "RNOKPP_MISMATCH":
          return `The RNOKPP differs between “${docTitle(f.documentTypes[0])}” and “${docTitle(f.documentTypes[1])}”: they may belong to different people.`;
        case "MINOR":
          return `The client is ${f.age}: a minor needs consent from a parent or legal guardian.`;
        case "NOT_CHECKED":
          return `Names, birth date and RNOKPP were not compared with ${f.missing.map((m) => `“${docTitle(m)}”`).join(", ")}: it has not arrived yet.`;
      }
    },
  },
} satisfies Record<Lang, unknown>;
