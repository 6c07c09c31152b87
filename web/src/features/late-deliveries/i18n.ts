// Copy of the managers' late-deliveries list, Ukrainian first.
import type { LateReason } from "./api/late-deliveries.ts";

export const lateText = {
  uk: {
    title: "Пізні доставки",
    intro:
      "Документи, які клієнт погодив у Дії вчасно, але які надійшли, коли запит уже було закрито. Вирішіть для кожної: приєднати до візиту клієнта або видалити.",
    empty: "Пізніх доставок немає.",
    loading: "Завантажуємо…",
    consentedAt: "Клієнт погодив",
    receivedAt: "Надійшло",
    reason: "Чому пізно",
    documents: "Документи",
    request: "Запит",
    attach: "Приєднати до візиту",
    remove: "Видалити",
    confirmRemove: "Видалити цю доставку? Документи буде знищено без перегляду.",
    failed: "Не вдалося виконати дію. Спробуйте ще раз.",
    reasons: {
      expired: "запит сплив",
      cancelled: "запит скасовано",
      declined: "запит позначено відхиленим",
      received: "документи за цим запитом уже отримано",
      failed: "запит завершився помилкою, і його строк минув",
    } satisfies Record<LateReason, string>,
  },
  en: {
    title: "Late deliveries",
    intro:
      "Documents the client approved in Diia in time that arrived after the request had closed. Decide for each: attach to the client's visit, or delete.",
    empty: "No late deliveries.",
    loading: "Loading…",
    consentedAt: "Client approved",
    receivedAt: "Arrived",
    reason: "Why late",
    documents: "Documents",
    request: "Request",
    attach: "Attach to the visit",
    remove: "Delete",
    confirmRemove: "Delete this delivery? Its documents are destroyed unseen.",
    failed: "The action failed. Try again.",
    reasons: {
      expired: "the request had expired",
      cancelled: "the request was cancelled",
      declined: "the request was marked declined",
      received: "documents for this request had already arrived",
      failed: "the request had failed and its time was up",
    } satisfies Record<LateReason, string>,
  },
};
