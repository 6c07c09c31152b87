// Copy of the waiting view and the deeplink QR, Ukrainian first, in the Diia wording ("застосунок Дія").
export const requestsText = {
  uk: {
    waitingTitle: "Очікуємо згоду клієнта",
    waitingHint: "Клієнт підтверджує передачу документів у застосунку Дія на своєму телефоні.",
    scannedCode: "Зчитаний код",
    compareHint: "Звірте з кодом на екрані телефона клієнта",
    requested: "Запитано",
    service: "Послуга",
    expiresIn: "Запит дійсний ще",
    cancel: "Скасувати запит",
    next: "Наступний клієнт",
    received: "Документи отримано",
    failedStillOpen:
      "Якщо клієнт уже підтвердив передачу в Дії, документи ще можуть надійти: вони з’являться тут до кінця строку запиту.",
    loading: "Завантажуємо запит…",
    passportScope: "Паспорт (ID-картка або закордонний)",
    // Used only when the server sends no reason: one sentence, with the next step.
    fallback: {
      declined:
        "Клієнт відхилив запит у застосунку Дія. Попросіть повторити або скористайтеся паперовим документом.",
      expired: "Час на підтвердження минув. Попросіть клієнта оновити код у застосунку Дія і скануйте знову.",
      failed:
        "Дія не передала документи. Спробуйте ще раз за хвилину або скористайтеся паперовим документом.",
      cancelled: "Запит скасовано. Можна сканувати код наступного клієнта.",
    },
    statusTitle: {
      declined: "Клієнт відхилив запит",
      expired: "Час вичерпано",
      failed: "Помилка передачі",
      cancelled: "Запит скасовано",
    },
    deeplinkTitle: "Наведіть камеру телефона на цей QR-код",
    deeplinkHint: "Відкриється застосунок Дія: підтвердьте в ньому передачу документів.",
    deeplinkClose: "Закрити і скасувати",
    deeplinkFailed: "Не вдалося намалювати QR-код. Скасуйте запит і відскануйте код клієнта.",
  },
  en: {
    waitingTitle: "Waiting for the client’s consent",
    waitingHint: "The client confirms sharing the documents in the Diia app on their phone.",
    scannedCode: "Scanned code",
    compareHint: "Compare with the code on the client’s phone",
    requested: "Requested",
    service: "Service",
    expiresIn: "Request valid for",
    cancel: "Cancel request",
    next: "Next client",
    received: "Documents received",
    failedStillOpen:
      "If the client has already confirmed in Diia, the documents may still arrive: they will appear here until the request’s time is up.",
    loading: "Loading the request…",
    passportScope: "Passport (ID card or international)",
    fallback: {
      declined: "The client declined in the Diia app. Ask them to try again or use a paper document.",
      expired: "Time to confirm ran out. Ask the client to refresh the code in the Diia app and scan again.",
      failed: "Diia did not deliver the documents. Try again in a minute or use a paper document.",
      cancelled: "The request was cancelled. You can scan the next client’s code.",
    },
    statusTitle: {
      declined: "The client declined",
      expired: "Time ran out",
      failed: "Delivery failed",
      cancelled: "Request cancelled",
    },
    deeplinkTitle: "Point the phone camera at this QR code",
    deeplinkHint: "The Diia app opens: confirm sharing the documents there.",
    deeplinkClose: "Close and cancel",
    deeplinkFailed: "The QR code could not be drawn. Cancel and scan the client’s code instead.",
  },
} as const;
