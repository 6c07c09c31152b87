// Copy of the waiting view and the deeplink QR, Ukrainian first, in the Diia wording ("застосунок Дія").
export const requestsText = {
  uk: {
    waitingTitle: "Очікуємо згоду клієнта",
    waitingHint: "Клієнт підтверджує передачу документів у застосунку Дія на своєму телефоні.",
    scannedCode: "Зчитаний код",
    compareHint: "Звірте з кодом на екрані телефона клієнта",
    requested: "Запитано",
    codeBrings: "Цей код передасть один документ — той, під яким клієнт його показав. Послуга потребує:",
    deeplinkBrings: "Клієнт поділиться в Дії документами послуги:",
    visitSoFar: (n: number) =>
      `Цей клієнт уже передав запитів: ${n}. Анкета продовжиться з усіма документами.`,
    service: "Послуга",
    expiresIn: "Запит дійсний ще",
    cancel: "Скасувати запит",
    next: "Наступний клієнт",
    received: "Документи отримано",
    failedStillOpen:
      "Якщо клієнт уже підтвердив передачу в Дії, документи ще можуть надійти: вони з’являться тут до кінця строку запиту.",
    loading: "Завантажуємо запит…",
    passportScope: "Паспорт (ID-картка або закордонний)",
    // Each reason the server may send (server/src/services/requests.ts): a title by cause and whether the next step
    // is scanning again (a fresh code from the same client). The sentence itself is the server's in Ukrainian, ours
    // (below, `en`) in English.
    reasons: {
      DECLINED: {
        title: "Клієнт відхилив запит",
        rescan: true,
      },
      EXPIRED: {
        title: "Час на підтвердження минув",
        rescan: true,
      },
      CANCELLED: {
        title: "Запит скасовано",
        rescan: false,
      },
      CODE_USED: {
        title: "Код уже використано",
        rescan: true,
      },
      CODE_EXPIRED: {
        title: "Код застарів",
        rescan: true,
      },
      CODE_UNKNOWN: {
        title: "Дія не знає такого коду",
        rescan: true,
      },
      SCOPE_FORBIDDEN: {
        title: "Цей документ не можна запитати",
        rescan: false,
      },
      DIIA_UNAVAILABLE: {
        title: "Дія не відповідає",
        rescan: true,
      },
      DIIA_REJECTED: {
        title: "Дія відхилила запит",
        rescan: true,
      },
      DIIA_AUTH: {
        title: "Немає доступу до Дії",
        rescan: false,
      },
      DELIVERY_INVALID: {
        title: "Документи надійшли пошкодженими",
        rescan: true,
      },
    },
    rescan: "Сканувати ще раз",
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
    codeBrings: "This code brings one document — the one the client showed it for. The service needs:",
    deeplinkBrings: "The client shares the service's documents in Diia:",
    visitSoFar: (n: number) =>
      `This client already answered ${n} request(s). The form goes on with all the documents.`,
    service: "Service",
    expiresIn: "Request valid for",
    cancel: "Cancel request",
    next: "Next client",
    received: "Documents received",
    failedStillOpen:
      "If the client has already confirmed in Diia, the documents may still arrive: they will appear here until the request’s time is up.",
    loading: "Loading the request…",
    passportScope: "Passport (ID card or international)",
    reasons: {
      DECLINED: {
        title: "The client declined",
        message: "The client declined in the Diia app. Ask them to try again or use a paper document.",
        rescan: true,
      },
      EXPIRED: {
        title: "Time to confirm ran out",
        message:
          "The client did not confirm in time. Ask them to refresh the code in Diia and scan it again.",
        rescan: true,
      },
      CANCELLED: {
        title: "Request cancelled",
        message: "An employee cancelled the request. Create a new one if needed.",
        rescan: false,
      },
      CODE_USED: {
        title: "Code already used",
        message:
          "This code was used already. Ask the client to refresh the code in Diia and scan the new one.",
        rescan: true,
      },
      CODE_EXPIRED: {
        title: "Code out of date",
        message: "The code has expired. Ask the client to refresh the code in Diia and scan the new one.",
        rescan: true,
      },
      CODE_UNKNOWN: {
        title: "Diia does not know this code",
        message:
          "The digits may have been mistyped. Check them or ask the client to refresh the code in Diia.",
        rescan: true,
      },
      SCOPE_FORBIDDEN: {
        title: "This document cannot be requested",
        message:
          "This branch may not request this document in Diia. Pick another service or ask an administrator.",
        rescan: false,
      },
      DIIA_UNAVAILABLE: {
        title: "Diia does not answer",
        message: "Diia does not answer right now. Try again in a minute or use a paper document.",
        rescan: true,
      },
      DIIA_REJECTED: {
        title: "Diia refused the request",
        message: "Diia refused the request. Create a new one; if it repeats, ask an administrator.",
        rescan: true,
      },
      DIIA_AUTH: {
        title: "No access to Diia",
        message: "The server could not sign in to Diia. Ask an administrator.",
        rescan: false,
      },
      DELIVERY_INVALID: {
        title: "The documents arrived damaged",
        message:
          "The documents from Diia arrived damaged or not for this server. Ask the client to share again; if it repeats, ask an administrator.",
        rescan: true,
      },
    },
    rescan: "Scan again",
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
