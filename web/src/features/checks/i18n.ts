// Copy of check-only mode, Ukrainian first: the switch, and one title + one sentence per result, read at a glance.
import type { CheckResult } from "./api/create-check.ts";

export const checksText = {
  uk: {
    switchLabel: "Лише перевірити",
    modeBadge: "Лише перевірка",
    modeBanner:
      "Увімкнено «Лише перевірити»: Дія тільки підтвердить документ. Копії НЕ отримуємо, анкети не буде. Щоб прийняти документи, вимкніть перемикач.",
    switchHint: "Дія підтвердить, що документ справжній і чинний. Копію не отримуємо й нічого не зберігаємо.",
    checking: "Перевіряємо документ у Дії…",
    checkedAt: "Перевірено о",
    qrNotChecked: "Для перевірки відскануйте штрихкод під документом у застосунку Дія, а не QR-код.",
    dismiss: "Закрити",
    title: {
      valid: "Документ дійсний",
      invalid: "Документ недійсний",
      code_expired: "Код прострочено",
      code_used: "Код уже використано",
      unknown_code: "Невідомий код",
      diia_unavailable: "Дія не відповідає",
    },
    reason: {
      valid: "Дія підтвердила, що документ справжній і чинний.",
      invalid: "За даними Дії документ недійсний: попросіть клієнта показати інший документ.",
      code_expired: "Термін дії коду минув: попросіть клієнта оновити код у Дії та відскануйте новий.",
      code_used: "Цей код уже використано: попросіть клієнта оновити код у Дії та відскануйте новий.",
      unknown_code: "Дія не знає такого коду: перевірте цифри або попросіть клієнта оновити код у Дії.",
      diia_unavailable: "Спробуйте ще раз за хвилину або перевірте паперовий документ.",
    },
  },
  en: {
    switchLabel: "Check only",
    modeBadge: "Check only",
    modeBanner:
      "«Check only» is on: Diia only confirms the document. NO copies are received, there is no questionnaire. To receive documents, turn the switch off.",
    switchHint:
      "Diia confirms the document is genuine and current. No copy is received and nothing is stored.",
    checking: "Checking the document with Diia…",
    checkedAt: "Checked at",
    qrNotChecked: "To check, scan the barcode under the document in the Diia app, not the QR code.",
    dismiss: "Close",
    title: {
      valid: "Document valid",
      invalid: "Document not valid",
      code_expired: "Code expired",
      code_used: "Code already used",
      unknown_code: "Unknown code",
      diia_unavailable: "Diia is not answering",
    },
    reason: {
      valid: "Diia confirmed the document is genuine and current.",
      invalid: "Diia says the document is not valid: ask the client for another document.",
      code_expired: "The code has expired: ask the client to refresh it in Diia and scan the new one.",
      code_used: "This code was already used: ask the client to refresh it in Diia and scan the new one.",
      unknown_code: "Diia does not know this code: check the digits or ask the client to refresh it in Diia.",
      diia_unavailable: "Try again in a minute or check the paper document.",
    },
  },
} as const satisfies Record<
  "uk" | "en",
  { title: Record<CheckResult, string>; reason: Record<CheckResult, string> } & Record<string, unknown>
>;
