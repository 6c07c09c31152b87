// Copy of the app shell (top bar, route screens), Ukrainian first.
export const appText = {
  uk: {
    appName: "Стійка",
    tagline: "Прийом цифрових копій документів із застосунку Дія",
    branch: "Відділення",
    lock: "Заблокувати",
    lockWarning: (s: number) =>
      `Через ${s} с екран заблокується. Будь-яка дія — рух миші, дотик чи клавіша — скасує блокування.`,
    setPin: "Встановити PIN",
    changePin: "Змінити PIN",
    menu: "Меню",
    logout: "Вийти",
    language: "Мова інтерфейсу",
    updateReady:
      "Доступна нова версія Стійки. Вона встановиться сама під час наступного блокування. «Оновити зараз» перезавантажить сторінку: незбережена анкета зникне.",
    updateNow: "Оновити зараз",
    loading: "Завантаження…",
    showDeeplink: "Показати QR клієнту",
    showDeeplinkHint:
      "Якщо камера не читає екран телефона: клієнт сам сканує QR-код і підтверджує в застосунку Дія.",
    creating: "Надсилаємо запит у Дію…",
    backToScan: "До сканування",
    received: "Документи отримано",
    checkOnlyDone: "Перевірку завершено",
    notFound: "Такої сторінки немає.",
    stillNeeded: (types: string) => `Ще потрібно: ${types}`,
    jumpTo: "Перейти до",
    jumpForm: "Анкета",
    jumpDocuments: (n: number) => `Документи (${n})`,
    stillNeededHint:
      "Анкету вже заповнено з отриманих документів. Отримайте решту — анкета доповниться, набране не зникне.",
    scanNext: "Сканувати наступний документ",
    qrForRest: "Показати QR для решти",
    qrForRestHint:
      "QR відкриє в Дії запит на документи послуги; те, що вже отримано, можна не надсилати вдруге.",
    nextDocument:
      "Наступний документ цього клієнта: відскануйте його код. Анкета продовжиться з усіма документами.",
    newClient: "Почати з новим клієнтом",
    retry: "Спробувати ще раз",
    manage: "Керування",
    scan: "Сканування",
  },
  en: {
    appName: "Stiika",
    tagline: "Receiving digital copies of documents from the Diia app",
    branch: "Branch",
    manage: "Management",
    scan: "Scanning",
    lock: "Lock",
    lockWarning: (s: number) =>
      `The screen locks in ${s} s. Any input — a mouse move, a touch or a key — calls it off.`,
    setPin: "Set a PIN",
    changePin: "Change the PIN",
    menu: "Menu",
    logout: "Sign out",
    language: "Interface language",
    updateReady:
      "A new version of Stiika is available. It installs itself at the next lock. «Update now» reloads the page: an unsaved questionnaire is lost.",
    updateNow: "Update now",
    loading: "Loading…",
    showDeeplink: "Show QR to the client",
    showDeeplinkHint:
      "If the camera cannot read the phone screen: the client scans a QR code and confirms in the Diia app.",
    creating: "Sending the request to Diia…",
    backToScan: "Back to scanning",
    received: "Documents received",
    checkOnlyDone: "Check done",
    notFound: "There is no such page.",
    stillNeeded: (types: string) => `Still needed: ${types}`,
    jumpTo: "Go to",
    jumpForm: "Form",
    jumpDocuments: (n: number) => `Documents (${n})`,
    stillNeededHint:
      "The form is filled from the documents received. Get the rest — the form is completed, nothing typed is lost.",
    scanNext: "Scan the next document",
    qrForRest: "Show QR for the rest",
    qrForRestHint:
      "The QR opens a request for the service's documents in Diia; what has arrived need not be sent again.",
    nextDocument: "The next document of this client: scan its code. The form goes on with all the documents.",
    newClient: "Start with a new client",
    retry: "Try again",
  },
} as const;
