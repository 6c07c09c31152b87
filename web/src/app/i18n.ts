// Copy of the app shell (top bar, route screens), Ukrainian first.
export const appText = {
  uk: {
    appName: "Стійка",
    tagline: "Прийом цифрових копій документів із застосунку Дія",
    branch: "Відділення",
    lock: "Заблокувати",
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
    retry: "Try again",
  },
} as const;
