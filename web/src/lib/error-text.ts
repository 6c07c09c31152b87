/**
 * What a failure says to the teller, in the language they chose. The server answers in Ukrainian with a typed code
 * (docs/api.md); the web keeps a sentence per code in both languages. In Ukrainian the server's own sentence is
 * shown when it sent one (it may be more precise: "Працівника не знайдено" rather than "Не знайдено"); in English
 * the code's sentence here. A code this build does not know yet still gets a sentence, never a raw code alone.
 *
 * @example
 * <p role="alert">{errorText(mutation.error, lang)}</p>
 */
import { ApiError } from "./api-client.ts";
import { AppError } from "./errors.ts";
import type { Lang } from "./i18n.tsx";

type Sentences = { uk: string; en: string };

const API_ERRORS: Record<string, Sentences> = {
  BAD_REQUEST: { uk: "Запит містить неправильні дані", en: "The request contains invalid data" },
  UNAUTHENTICATED: { uk: "Потрібно увійти в систему", en: "Please sign in" },
  SESSION_EXPIRED: {
    uk: "Сеанс завершено через неактивність. Увійдіть знову",
    en: "The session ended after inactivity. Sign in again",
  },
  BAD_CREDENTIALS: { uk: "Неправильний логін або пароль", en: "Wrong login or password" },
  RATE_LIMITED: { uk: "Забагато спроб входу. Спробуйте пізніше", en: "Too many sign-in attempts. Try later" },
  PASSWORD_CHANGE_REQUIRED: {
    uk: "Спершу змініть одноразовий пароль",
    en: "Change the one-time password first",
  },
  WEAK_PASSWORD: {
    uk: "Пароль має містити щонайменше 12 символів і відрізнятися від старого",
    en: "The password needs at least 12 characters and must differ from the old one",
  },
  SESSION_LOCKED: {
    uk: "Екран заблоковано: введіть свій PIN або увійдіть паролем",
    en: "The screen is locked: enter your PIN or sign in with your password",
  },
  PIN_WRONG: { uk: "Неправильний PIN", en: "Wrong PIN" },
  PIN_NOT_SET: {
    uk: "PIN не встановлено: увійдіть паролем",
    en: "No PIN is set: sign in with your password",
  },
  WEAK_PIN: {
    uk: "PIN — від 4 до 8 цифр, не однакові цифри й не послідовність на кшталт 1234",
    en: "A PIN has 4 to 8 digits, not all the same and not a run like 1234",
  },
  CSRF_REJECTED: {
    uk: "Запит відхилено з міркувань безпеки. Оновіть сторінку",
    en: "The request was refused for security reasons. Reload the page",
  },
  FORBIDDEN: { uk: "Недостатньо прав для цієї дії", en: "You may not do this" },
  NOT_FOUND: { uk: "Не знайдено", en: "Not found" },
  CONFLICT: {
    uk: "Дані змінилися, повторіть дію",
    en: "This cannot be done in the record's current state; reload and try again",
  },
  PAYLOAD_TOO_LARGE: { uk: "Запит завеликий", en: "The request is too large" },
  APPLICATION_INVALID: {
    uk: "Заяву не вдалося сформувати з цих даних: виправте анкету і спробуйте ще раз",
    en: "The application could not be made from this data: correct the form and try again",
  },
  BARCODE_CHECKSUM: {
    uk: "Штрихкод введено з помилкою: перевірте цифри або попросіть клієнта оновити код у Дії",
    en: "The barcode has a mistake: check the digits or ask the client to refresh the code in Diia",
  },
  BARCODE_LENGTH: {
    uk: "Штрихкод має містити 13 цифр. Перевірте код у Дії",
    en: "The barcode has 13 digits. Check the code in Diia",
  },
  BARCODE_CHARS: { uk: "Штрихкод має містити лише цифри", en: "The barcode has digits only" },
  NOT_DIIA_QR: {
    uk: "Це не QR-код документа з Дії. Попросіть клієнта показати QR-код у Дії",
    en: "This is not a Diia document QR code. Ask the client to show the QR code in Diia",
  },
  REQUEST_CLOSED: { uk: "Запит уже завершено", en: "The request is already closed" },
  QUESTIONNAIRE_MISSING: {
    uk: "Спершу збережіть анкету: заява для підпису складається з неї",
    en: "Save the questionnaire first: the application to sign is made from it",
  },
  COPY_DELETED: {
    uk: "Копію документів видалено менеджером: переглянути, змінити чи підписати її вже не можна",
    en: "A manager deleted this copy of the documents: it can no longer be viewed, changed or signed",
  },
  SIGNING_UNAVAILABLE: {
    uk: "Підписання в Дії не налаштовано: зверніться до адміністратора",
    en: "Signing in Diia is not set up: ask an administrator (qualified CAs, DIIA_SIGNING_CA_FILES)",
  },
  SIGNING_CLOSED: {
    uk: "Підписання вже завершено",
    en: "The signing is already over: its outcome is on the screen",
  },
  DIIA_UNAVAILABLE: {
    uk: "Дія зараз недоступна або ще не підключена. Спробуйте за хвилину",
    en: "Diia is unavailable or not connected yet. Try again in a minute",
  },
  IDENTIFICATION_SCOPE_MISSING: {
    uk: "Відділенню не дозволено перевіряти цей документ у Дії: адміністратору — увімкніть тип документа в дозволах «documentIdentification» відділення",
    en: "This branch may not check this document in Diia: an administrator must enable the type in the branch's «documentIdentification» permissions",
  },
  IDENTIFICATION_TYPE_UNSUPPORTED: {
    uk: "Дія не перевіряє цей тип документа: попросіть ID-картку, закордонний паспорт або картку платника податків",
    en: "Diia does not check this document type: ask for an ID card, an international passport or a taxpayer card",
  },
  BRANCH_FIELD_INVALID: {
    uk: "Поле відділення заповнено неправильно",
    en: "A branch field is too short or too long for Diia",
  },
  BRANCH_EMAIL_INVALID: {
    uk: "Контактна е-пошта відділення неправильна: адреса на кшталт name@bank.ua, від 6 до 100 символів",
    en: "The branch's contact e-mail is not valid: an address like name@bank.ua, 6 to 100 characters",
  },
  BUSY: {
    uk: "Сервер перевантажений. Спробуйте за хвилину",
    en: "The server is busy. Try again in a minute",
  },
  SEALED_DATA_INVALID: {
    uk: "Збережені дані пошкоджені або ключ не підходить",
    en: "Stored data is damaged or the key does not match",
  },
  STORE_FAILED: { uk: "База даних недоступна", en: "The database is unavailable" },
  INTERNAL: { uk: "Внутрішня помилка сервера", en: "Internal server error" },
  NETWORK: {
    uk: "Немає зв’язку із сервером. Перевірте мережу і спробуйте ще раз",
    en: "No connection to the server. Check the network and try again",
  },
  BAD_RESPONSE: {
    uk: "Сервер надіслав неочікувану відповідь",
    en: "The server sent an unexpected answer",
  },
};

const UNKNOWN: Sentences = {
  uk: "Сервер відмовив. Спробуйте ще раз; якщо повториться, зверніться до адміністратора",
  en: "The server refused. Try again; if it repeats, ask an administrator",
};

/** Whether the web has its own sentence for this code (tests keep the list in step with the server's). */
export function knowsErrorCode(code: string): boolean {
  return code in API_ERRORS;
}

/** "о 14:05 (через 12 хв)": when trying again makes sense, as the clock on the wall shows it. */
function retryWhen(seconds: number, lang: Lang, now: number): string {
  const at = new Date(now + seconds * 1000).toLocaleTimeString(lang === "uk" ? "uk-UA" : "en-GB", {
    hour: "2-digit",
    minute: "2-digit",
  });
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return lang === "uk"
    ? `Спробуйте знову о ${at} (через ${minutes} хв).`
    : `Try again at ${at} (in ${minutes} min).`;
}

export function errorText(error: unknown, lang: Lang, now = Date.now()): string {
  if (error instanceof ApiError) {
    const known = API_ERRORS[error.code];
    const base =
      lang === "uk" && error.status > 0 && error.code !== "BAD_RESPONSE" && error.message
        ? error.message
        : (known ?? UNKNOWN)[lang];
    // "…Спробуйте пізніше" becomes the actual time.
    if (error.retryAfterSeconds !== undefined)
      return `${base.replace(/\.?\s*(Спробуйте пізніше|Try later)\.?$/, "")}. ${retryWhen(error.retryAfterSeconds, lang, now)}`;
    if (error.attemptsLeft !== undefined)
      return `${base}. ${lang === "uk" ? "Залишилось спроб" : "Attempts left"}: ${error.attemptsLeft}`;
    return base;
  }
  // The web's own failures (camera, PDF) carry a code and keep their copy in their feature's i18n.
  if (error instanceof AppError) return error.message;
  return UNKNOWN[lang];
}
