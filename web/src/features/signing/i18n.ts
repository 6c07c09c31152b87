// Copy of the signing at the counter (Дія.Підпис of the application), Ukrainian first, in the Diia wording.
export const signingText = {
  uk: {
    title: "Підпис заяви в Дії",
    savedTitle: "Анкету збережено",
    offerHint:
      "Клієнт може підписати заяву кваліфікованим підписом у застосунку Дія (Дія.Підпис): спершу перегляньте заяву разом із клієнтом.",
    sign: "Підписати в Дії",
    signing: "Готуємо заяву…",
    editQuestionnaire: "Змінити анкету",
    next: "Наступний клієнт",
    applicationTitle: "Заява для підпису",
    fileName: "Клієнт побачить у Дії файл",
    waitingTitle: "Очікуємо підпис клієнта",
    waitingHint:
      "Перегляньте заяву разом із клієнтом, тоді покажіть QR-код: клієнт відкриє його камерою телефона й підпише в Дії.",
    showQr: "Показати QR-код клієнту",
    cancel: "Скасувати",
    expiresIn: "Посилання дійсне ще",
    qrTitle: "Наведіть камеру телефона на цей QR-код",
    qrHint: "Відкриється застосунок Дія: клієнт перевіряє назву файлу й підписує її Дія.Підписом.",
    qrFailed: "Не вдалося намалювати QR-код. Скасуйте й спробуйте ще раз.",
    qrBack: "Переглянути заяву",
    refused: (n: number) =>
      n === 1
        ? "Надійшов підпис, який не пройшов перевірку: його не прийнято. Чекаємо далі."
        : `Надійшло підписів, які не пройшли перевірку: ${n}. Їх не прийнято. Чекаємо далі.`,
    signedBy: (name: string, at: string) => `Підписано клієнтом: ${name}, ${at}`,
    signedByOther: (name: string) =>
      `Підписано іншою особою: ${name}. Заява не вважається підписаною клієнтом.`,
    // When the server sends no reason: its reason (why the signer is not taken for the client) comes first.
    signedByOtherHint:
      "РНОКПП у сертифікаті підписувача не збігається з РНОКПП клієнта з документів. Попросіть клієнта підписати у своїй Дії.",
    retry: "Спробувати ще раз",
    statusTitle: {
      signed: "Заяву підписано",
      signed_by_other: "Підписано іншою особою",
      declined: "Клієнт відмовився підписувати",
      expired: "Час на підпис минув",
      failed: "Підписати не вдалося",
      cancelled: "Підписання скасовано",
    },
    // Used only when the server sends no reason: one sentence with the next step.
    fallback: {
      declined: "Клієнт відхилив підпис у застосунку Дія. Можна спробувати ще раз або підписати на папері.",
      expired: "Посилання на підпис застаріло. Спробуйте ще раз, щоб показати новий QR-код.",
      failed: "Дія не прийняла запит на підпис. Спробуйте ще раз за хвилину або підпишіть на папері.",
      cancelled: "Підписання скасовано. Можна спробувати ще раз.",
    } as Record<string, string>,
  },
  en: {
    title: "Signing the application in Diia",
    savedTitle: "Questionnaire saved",
    offerHint:
      "The client can sign the application with a qualified signature in the Diia app (Diia.Signature): first read the application with the client.",
    sign: "Sign in Diia",
    signing: "Preparing the application…",
    editQuestionnaire: "Edit the questionnaire",
    next: "Next client",
    applicationTitle: "Application to sign",
    fileName: "In Diia the client sees the file",
    waitingTitle: "Waiting for the client’s signature",
    waitingHint:
      "Read the application with the client, then show the QR code: the client opens it with the phone camera and signs in Diia.",
    showQr: "Show the QR code to the client",
    cancel: "Cancel",
    expiresIn: "Link valid for",
    qrTitle: "Point the phone camera at this QR code",
    qrHint: "The Diia app opens: the client checks the file name and signs it with Diia.Signature.",
    qrFailed: "The QR code could not be drawn. Cancel and try again.",
    qrBack: "View the application",
    refused: (n: number) =>
      n === 1
        ? "A signature came that failed verification: it was not accepted. Still waiting."
        : `${n} signatures came that failed verification: they were not accepted. Still waiting.`,
    signedBy: (name: string, at: string) => `Signed by the client: ${name}, ${at}`,
    signedByOther: (name: string) =>
      `Signed by another person: ${name}. The application does not count as signed by the client.`,
    signedByOtherHint:
      "The РНОКПП in the signer’s certificate differs from the client’s in the documents. Ask the client to sign in their own Diia.",
    retry: "Try again",
    statusTitle: {
      signed: "Application signed",
      signed_by_other: "Signed by another person",
      declined: "The client declined to sign",
      expired: "The time to sign ran out",
      failed: "Signing failed",
      cancelled: "Signing cancelled",
    },
    fallback: {
      declined: "The client declined the signature in the Diia app. Try again or sign on paper.",
      expired: "The signing link expired. Try again to show a new QR code.",
      failed: "Diia did not take the signing request. Try again in a minute or sign on paper.",
      cancelled: "Signing cancelled. You can try again.",
    } as Record<string, string>,
  },
};

/**
 * The server's reasons (docs/api.md) for English screens; in Ukrainian the server's own sentence is shown, and a
 * code not listed here keeps it in English too (more precise than a vaguer one of ours).
 */
export const reasonsEn: Record<string, string> = {
  DECLINED: "The client declined the signature in the Diia app. Try again or sign on paper.",
  EXPIRED: "The signing link expired before the client signed. Try again to show a new QR code.",
  CANCELLED: "Signing cancelled. You can try again.",
  DIIA_UNAVAILABLE: "Diia is not answering. Try again in a minute or sign on paper.",
  DIIA_REJECTED: "Diia refused the signing request. Try again; if it repeats, ask an administrator.",
  DIIA_AUTH: "Our access to Diia was refused. Ask an administrator.",
  SCOPE_FORBIDDEN: "This branch may not ask for signatures in Diia. Ask an administrator.",
  REPLACED: "A newer signing of this application replaced this one.",
  SIGNED_BY_OTHER:
    "The РНОКПП in the signer’s certificate differs from the client’s in the documents. Ask the client to sign in their own Diia.",
  SIGNER_RNOKPP_MISSING:
    "The signer’s certificate names no РНОКПП, so it cannot be matched with the client. Ask the client to sign in their own Diia.",
  CLIENT_RNOKPP_MISSING:
    "The shared documents name no РНОКПП, so the signer cannot be matched with the client. Check the documents.",
};
