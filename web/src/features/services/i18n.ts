// Copy of the service picker, Ukrainian first.
export const servicesText = {
  uk: {
    label: "Послуга",
    loading: "Завантажуємо послуги…",
    none: "Для вашого відділення не налаштовано жодної послуги. Зверніться до керівника.",
    checkOnly: "лише перевірка",
    documents: "Документи",
  },
  en: {
    label: "Service",
    loading: "Loading services…",
    none: "No service is set up for your branch. Ask your manager.",
    checkOnly: "check only",
    documents: "Documents",
  },
} as const;
