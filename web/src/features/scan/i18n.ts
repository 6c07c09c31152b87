// Every string the scan screen shows, Ukrainian first; English for the language switch.
export const scanText = {
  uk: {
    title: "Скануйте код з Дії",
    aimHint: "Покажіть камері штрихкод або QR-код з Дії",
    startCamera: "Увімкнути камеру",
    cameraLabel: "Камера",
    torchOn: "Увімкнути ліхтарик",
    torchOff: "Вимкнути ліхтарик",
    feedback: "Звук і вібрація при зчитуванні",
    hints: {
      closer: "Нічого не зчитано: попросіть піднести телефон ближче до камери",
      further: "Нічого не зчитано: попросіть відсунути телефон, щоб код було видно повністю",
      glare: "Нічого не зчитано: відблиск на екрані? Попросіть нахилити телефон",
    },
    accepted: {
      camera: "Код зчитано камерою",
      wedge: "Код зі сканера прийнято",
      manual: "Код прийнято",
    },
    starting: "Вмикаємо камеру…",
    manualTitle: "Або введіть 13 цифр штрихкоду",
    manualLabel: "Цифри під штрихкодом",
    manualPlaceholder: "0 000000 000000",
    manualSubmit: "Продовжити",
    manualRemaining: (n: number) => `Ще ${n} ${n === 1 ? "цифра" : n < 5 ? "цифри" : "цифр"}`,
    manualChecksum: "Контрольна цифра не збігається: перевірте цифри або попросіть оновити код у Дії",
    manualOnlyDigits: (chars: string) => `У коді лише цифри: приберіть ${chars}`,
    wedgeHint: "Сканер-пістолет працює без натискання на поле",
    errors: {
      NO_CAMERA: "Камеру не знайдено. Під’єднайте камеру або введіть цифри вручну.",
      PERMISSION_DENIED:
        "Немає дозволу на камеру. Дозвольте доступ у налаштуваннях браузера (значок біля адреси) і натисніть «Увімкнути камеру».",
      CAMERA_BUSY:
        "Камера зайнята іншою програмою. Закрийте її (відеозв’язок, інша вкладка) і спробуйте ще раз.",
      CAMERA_FAILED: "Камера не запустилася. Спробуйте ще раз або введіть цифри вручну.",
      DECODER_FAILED: "Не вдалося запустити розпізнавання. Оновіть сторінку або введіть цифри вручну.",
      NOT_DIIA_QR: "Це не QR-код документа з Дії",
      BAD_BARCODE: "Штрихкод прочитано з помилкою: попросіть оновити код у Дії",
    },
  },
  en: {
    title: "Scan the Diia code",
    aimHint: "Show the Diia barcode or QR code to the camera",
    startCamera: "Turn camera on",
    cameraLabel: "Camera",
    torchOn: "Turn torch on",
    torchOff: "Turn torch off",
    feedback: "Sound and vibration on a read",
    hints: {
      closer: "Nothing read yet: ask the client to hold the phone closer to the camera",
      further: "Nothing read yet: ask the client to move the phone back so the whole code is in view",
      glare: "Nothing read yet: glare on the screen? Ask the client to tilt the phone",
    },
    accepted: {
      camera: "Code read by the camera",
      wedge: "Scanner code taken",
      manual: "Code taken",
    },
    starting: "Starting the camera…",
    manualTitle: "Or type the 13 barcode digits",
    manualLabel: "Digits under the barcode",
    manualPlaceholder: "0 000000 000000",
    manualSubmit: "Continue",
    manualRemaining: (n: number) => `${n} more ${n === 1 ? "digit" : "digits"}`,
    manualChecksum:
      "The check digit does not match: check the digits or ask the client to refresh the code in Diia",
    manualOnlyDigits: (chars: string) => `The code has digits only: remove ${chars}`,
    wedgeHint: "A handheld scanner works without clicking the field",
    errors: {
      NO_CAMERA: "No camera found. Connect one or type the digits.",
      PERMISSION_DENIED:
        "Camera access is blocked. Allow it in the browser settings (icon next to the address) and press “Turn camera on”.",
      CAMERA_BUSY: "The camera is used by another program. Close it (video call, other tab) and try again.",
      CAMERA_FAILED: "The camera did not start. Try again or type the digits.",
      DECODER_FAILED: "The code reader did not start. Reload the page or type the digits.",
      NOT_DIIA_QR: "This is not a Diia document QR code",
      BAD_BARCODE: "The barcode was misread: ask the client to refresh the code in Diia",
    },
  },
} as const;

export type ScanLang = keyof typeof scanText;
