/**
 * The server's one error class: a stable string `code` for programs, the HTTP status it maps to, a message in
 * Ukrainian for people, and the original failure in `cause`. Messages never carry personal data or secrets.
 *
 * @example
 * throw new AppError("BAD_CREDENTIALS"); // → 401 {"error":{"code":"BAD_CREDENTIALS","message":"Неправильний…"}}
 * if (e instanceof AppError && e.code === "CONFIG_INVALID") process.exit(1);
 */
export type AppErrorCode =
  | "CONFIG_INVALID"
  | "BAD_REQUEST"
  | "UNAUTHENTICATED"
  | "SESSION_EXPIRED"
  | "BAD_CREDENTIALS"
  | "RATE_LIMITED"
  | "PASSWORD_CHANGE_REQUIRED"
  | "WEAK_PASSWORD"
  | "SESSION_LOCKED"
  | "PIN_WRONG"
  | "PIN_NOT_SET"
  | "WEAK_PIN"
  | "CSRF_REJECTED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "APPLICATION_INVALID"
  | "BARCODE_CHECKSUM"
  | "BARCODE_LENGTH"
  | "BARCODE_CHARS"
  | "NOT_DIIA_QR"
  | "REQUEST_CLOSED"
  | "QUESTIONNAIRE_MISSING"
  | "COPY_DELETED"
  | "SIGNING_CLOSED"
  | "SIGNING_UNAVAILABLE"
  | "DIIA_UNAVAILABLE"
  | "IDENTIFICATION_SCOPE_MISSING"
  | "IDENTIFICATION_TYPE_UNSUPPORTED"
  | "BRANCH_FIELD_INVALID"
  | "BRANCH_EMAIL_INVALID"
  | "BUSY"
  | "SEALED_DATA_INVALID"
  | "STORE_FAILED"
  | "INTERNAL";

const DEFAULTS: Record<AppErrorCode, { status: number; message: string }> = {
  CONFIG_INVALID: { status: 500, message: "Налаштування сервера неправильні" },
  BAD_REQUEST: { status: 400, message: "Запит містить неправильні дані" },
  UNAUTHENTICATED: { status: 401, message: "Потрібно увійти в систему" },
  SESSION_EXPIRED: { status: 401, message: "Сеанс завершено через неактивність. Увійдіть знову" },
  BAD_CREDENTIALS: { status: 401, message: "Неправильний логін або пароль" },
  RATE_LIMITED: { status: 429, message: "Забагато спроб входу. Спробуйте пізніше" },
  PASSWORD_CHANGE_REQUIRED: { status: 403, message: "Спершу змініть одноразовий пароль" },
  WEAK_PASSWORD: {
    status: 400,
    message: "Пароль має містити щонайменше 12 символів, не бути поширеним, логіном чи ім'ям",
  },
  SESSION_LOCKED: { status: 401, message: "Екран заблоковано: введіть свій PIN або увійдіть паролем" },
  PIN_WRONG: { status: 403, message: "Неправильний PIN" },
  PIN_NOT_SET: { status: 409, message: "PIN не встановлено: увійдіть паролем" },
  WEAK_PIN: {
    status: 400,
    message: "PIN — від 4 до 8 цифр, не однакові цифри й не послідовність на кшталт 1234",
  },
  CSRF_REJECTED: { status: 403, message: "Запит відхилено з міркувань безпеки. Оновіть сторінку" },
  FORBIDDEN: { status: 403, message: "Недостатньо прав для цієї дії" },
  NOT_FOUND: { status: 404, message: "Не знайдено" },
  CONFLICT: { status: 409, message: "Дані змінилися, повторіть дію" },
  PAYLOAD_TOO_LARGE: { status: 413, message: "Запит завеликий" },
  // The message says what cannot go into the application PDF (services/application-pdf.ts), never a value.
  APPLICATION_INVALID: {
    status: 409,
    message: "Заяву не вдалося сформувати з цих даних: виправте анкету і спробуйте ще раз",
  },
  BARCODE_CHECKSUM: {
    status: 422,
    message: "Штрихкод введено з помилкою: перевірте цифри або попросіть клієнта оновити код у Дії",
  },
  BARCODE_LENGTH: { status: 422, message: "Штрихкод має містити 13 цифр. Перевірте код у Дії" },
  BARCODE_CHARS: { status: 422, message: "Штрихкод має містити лише цифри" },
  NOT_DIIA_QR: {
    status: 422,
    message: "Це не QR-код документа з Дії. Попросіть клієнта показати QR-код у Дії",
  },
  REQUEST_CLOSED: { status: 409, message: "Запит уже завершено" },
  QUESTIONNAIRE_MISSING: {
    status: 409,
    message: "Спершу збережіть анкету: заява для підпису складається з неї",
  },
  COPY_DELETED: {
    status: 409,
    message: "Копію документів видалено менеджером: переглянути, змінити чи підписати її вже не можна",
  },
  SIGNING_CLOSED: { status: 409, message: "Підписання вже завершено" },
  SIGNING_UNAVAILABLE: {
    status: 503,
    message:
      "Підписання в Дії не налаштовано: адміністратору — вкажіть кваліфіковані ЦСК (DIIA_SIGNING_CA_FILES)",
  },
  DIIA_UNAVAILABLE: {
    status: 503,
    message: "Дія зараз недоступна або ще не підключена. Спробуйте за хвилину",
  },
  IDENTIFICATION_SCOPE_MISSING: {
    status: 409,
    message:
      "Відділенню не дозволено перевіряти цей документ у Дії: адміністратору — увімкніть тип документа в дозволах «documentIdentification» відділення",
  },
  IDENTIFICATION_TYPE_UNSUPPORTED: {
    status: 409,
    message:
      "Дія не перевіряє цей тип документа: попросіть ID-картку, закордонний паспорт або картку платника податків",
  },
  // The message names the field and Diia's limit (services/branch-identity.ts).
  BRANCH_FIELD_INVALID: { status: 422, message: "Поле відділення заповнено неправильно" },
  BRANCH_EMAIL_INVALID: {
    status: 422,
    message: "Контактна е-пошта відділення неправильна: адреса на кшталт name@bank.ua, від 6 до 100 символів",
  },
  BUSY: { status: 503, message: "Сервер перевантажений. Спробуйте за хвилину" },
  SEALED_DATA_INVALID: { status: 500, message: "Збережені дані пошкоджені або ключ не підходить" },
  STORE_FAILED: { status: 503, message: "База даних недоступна" },
  INTERNAL: { status: 500, message: "Внутрішня помилка сервера" },
};

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  /** When trying again makes sense (a sign-in limit, a lockout): sent as `Retry-After` and in the body. */
  readonly retryAfterSeconds: number | undefined;
  /** Wrong PINs still allowed before the session ends. */
  readonly attemptsLeft: number | undefined;
  constructor(
    code: AppErrorCode,
    message?: string,
    options?: { cause?: unknown; retryAfterSeconds?: number; attemptsLeft?: number },
  ) {
    super(message ?? DEFAULTS[code].message, options);
    this.name = "AppError";
    this.code = code;
    this.status = DEFAULTS[code].status;
    this.retryAfterSeconds = options?.retryAfterSeconds;
    this.attemptsLeft = options?.attemptsLeft;
  }
}
