// The citizen phone: pick a person, see their documents, show live one-time codes, answer consent requests, and
// sign a partner's documents with Дія.Підпис (review → photo → PIN, simulated; the sandbox signs with the
// citizen's key and posts the callback).
// Talks only to the sandbox control API (/control/api/...) plus the card faces and code images of /phone/.
// Every string from the network goes into the DOM as text, never as HTML.

const API = "/control/api";
const CODE_LIFETIME_MS = 3 * 60 * 1000;
const FLOW = { barcode: "за штрихкодом", qrcode: "за QR-кодом", deeplink: "за посиланням" };
const SIGN_ALGO = { DSTU: "ДСТУ 4145", ECDSA: "ECDSA" };
const PIN_LENGTH = 4;

const params = new URLSearchParams(location.search);
const state = {
  citizens: [],
  cards: {},
  typeTitles: {},
  citizenId: params.get("citizen") ?? localStorage.getItem("stiika.phone.citizen"),
  documentId: params.get("doc"),
  tab: params.get("tab") === "qr" ? "qr" : "barcode",
  deeplink: params.get("deeplink"),
  consent: null, // the pending consent on screen
  // A signing request's step on screen: review → photo → pin (→ sending while the sandbox signs).
  signing: { consentId: null, step: "review", pin: "", error: null },
  renewing: new Set(),
  loaded: false,
};

const $ = (id) => document.getElementById(id);

/** Tiny DOM builder: h("div", {class: "x"}, "text", child). Strings become text nodes. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Number.POSITIVE_INFINITY)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

class ApiError extends Error {
  constructor(message, status = 0, body = null) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  let response;
  try {
    response = await fetch(path, {
      ...options,
      headers: {
        Accept: "application/json",
        ...(options.body ? { "Content-Type": "application/json" } : {}),
      },
    });
  } catch {
    throw new ApiError("Немає зв'язку з пісочницею. Перевірте, що вона запущена.");
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const detail = body && typeof body.message === "string" ? body.message : `немає ${path.split("?")[0]}`;
    throw new ApiError(`Пісочниця відповіла ${response.status}: ${detail}`, response.status, body);
  }
  return body;
}

function showError(error) {
  const banner = $("banner");
  banner.className = "banner";
  banner.replaceChildren(
    h("strong", {}, "Щось пішло не так"),
    error instanceof ApiError ? error.message : "Неочікувана помилка сторінки",
  );
  banner.hidden = false;
}

function clearError() {
  if ($("banner").className === "banner") $("banner").hidden = true;
}

function toast(text) {
  const el = $("toast");
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => {
    el.hidden = true;
  }, 3500);
}

function setUrl() {
  const next = new URLSearchParams();
  if (state.citizenId) next.set("citizen", state.citizenId);
  if (state.documentId) next.set("doc", state.documentId);
  if (state.documentId && state.tab === "qr") next.set("tab", "qr");
  if (state.deeplink) next.set("deeplink", state.deeplink);
  const query = next.toString();
  history.replaceState(null, "", query ? `?${query}` : location.pathname);
}

const citizen = () => state.citizens.find((c) => c.id === state.citizenId);
const initials = (name) =>
  name
    .split(" ")
    .slice(0, 2)
    .map((p) => p[0])
    .join("");
const typeTitle = (type) => state.typeTitles[type] ?? type;

// ---- screens ----

function peopleScreen() {
  const title = state.deeplink ? "Хто відкриває посилання?" : "Оберіть особу";
  const hint = state.deeplink
    ? "Партнер просить поділитися документами або підписати їх через Дію. Оберіть громадянина, на чиєму телефоні відкрито посилання."
    : "Демонстраційні громадяни пісочниці. Телефон покаже документи обраної особи.";
  return [
    h("h1", {}, title),
    h("p", { class: "hint" }, hint),
    state.loaded && state.citizens.length === 0 ? h("div", { class: "empty" }, "Громадян не знайдено") : null,
    state.citizens.map((c) =>
      h(
        "button",
        { type: "button", class: "person", onclick: () => chooseCitizen(c.id) },
        h("span", { class: "avatar" }, initials(c.fullName)),
        h(
          "span",
          {},
          h("div", { class: "person-name" }, c.fullName),
          h("div", { class: "person-meta" }, `Документів: ${c.documents.length}`),
        ),
      ),
    ),
  ];
}

function cardView(doc, onclick) {
  const face = state.cards[doc.id];
  return h(
    onclick ? "button" : "div",
    { type: onclick ? "button" : undefined, class: "card", "data-type": doc.type, onclick },
    face?.expired ? h("span", { class: "badge expired" }, "Термін дії минув") : null,
    h("div", { class: "card-title" }, doc.title),
    face
      ? [
          h(
            "div",
            { class: "card-body" },
            face.photo ? h("div", { class: "photo", "aria-label": "Фото" }) : null,
            h(
              "div",
              {},
              h("div", { class: "holder" }, face.holder),
              h(
                "dl",
                { class: "facts" },
                face.facts.filter((f) => f.value).map((f) => [h("dt", {}, f.label), h("dd", {}, f.value)]),
              ),
            ),
          ),
          h("div", { class: "number" }, face.number),
        ]
      : null,
  );
}

function documentsScreen(person) {
  return [h("h1", {}, "Документи"), person.documents.map((doc) => cardView(doc, () => openDocument(doc.id)))];
}

function remaining(expiresAt) {
  return Math.max(0, new Date(expiresAt).getTime() - Date.now());
}

function clock(ms) {
  const s = Math.ceil(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

function documentScreen(person, doc) {
  const code = state.tab === "qr" ? doc.qr : doc.barcode;
  const left = remaining(code.expiresAt);
  const image =
    state.tab === "qr"
      ? h("img", {
          class: "code-img qr",
          alt: "QR-код для перевірки документа",
          src: `code/qrcode.svg?text=${encodeURIComponent(doc.qr.link)}`,
        })
      : h("img", {
          class: "code-img",
          alt: `Штрихкод ${doc.barcode.code}`,
          src: `code/ean13/${encodeURIComponent(doc.barcode.code)}.svg`,
        });
  const segment = (tab, label) =>
    h(
      "button",
      {
        type: "button",
        role: "tab",
        "aria-selected": String(state.tab === tab),
        onclick: () => {
          state.tab = tab;
          setUrl();
          render();
        },
      },
      label,
    );
  return [
    h("button", { type: "button", class: "back", onclick: () => openDocument(null) }, "‹ Документи"),
    cardView(doc),
    h(
      "section",
      { class: "panel" },
      h(
        "div",
        { class: "segments", role: "tablist" },
        segment("barcode", "Штрихкод"),
        segment("qr", "QR-код"),
      ),
      image,
      h(
        "div",
        { class: "code-caption" },
        state.tab === "qr" ? "QR-код діятиме 3 хв" : "Штрихкод діятиме 3 хв",
      ),
      h("div", { class: "countdown", id: "countdown" }, `Залишилось ${clock(left)}`),
      h(
        "div",
        { class: "progress" },
        h("div", { id: "progress", style: `width:${(100 * left) / CODE_LIFETIME_MS}%` }),
      ),
      state.tab === "qr" ? h("div", { class: "link" }, doc.qr.link) : null,
      h(
        "button",
        { type: "button", class: "pill ghost", onclick: () => renew(person.id, doc.id) },
        "Оновити код",
      ),
    ),
  ];
}

function render() {
  const person = citizen();
  const doc = person?.documents.find((d) => d.id === state.documentId);
  $("top-title").textContent = person && !state.deeplink ? person.fullName : "Дія";
  $("top-sub").textContent = "Пісочниця Стійки · телефон громадянина";
  $("tabbar").hidden = !person || Boolean(state.deeplink);
  for (const tab of document.querySelectorAll(".tab")) {
    tab.classList.toggle("active", tab.dataset.nav === "documents" && Boolean(person));
  }
  let screen;
  if (!person || state.deeplink) screen = peopleScreen();
  else if (doc) screen = documentScreen(person, doc);
  else screen = documentsScreen(person);
  $("screen").replaceChildren(...screen.flat(Number.POSITIVE_INFINITY).filter(Boolean));
  renderConsent();
}

function renderConsent() {
  const sheet = $("sheet");
  const consent = state.consent;
  if (!consent) {
    sheet.hidden = true;
    sheet.replaceChildren();
    return;
  }
  if (consent.signing) {
    renderSigning(sheet, consent);
    return;
  }
  if (sheet.dataset.consentId === consent.id && !sheet.hidden) return;
  sheet.dataset.consentId = consent.id;
  sheet.replaceChildren(
    h(
      "div",
      { class: "sheet", role: "dialog", "aria-modal": "true", "aria-labelledby": "consent-title" },
      h("div", { class: "grabber" }),
      h("h2", { id: "consent-title" }, "Запит на поширення документів"),
      h(
        "p",
        { class: "lead" },
        `Запит ${FLOW[consent.flow] ?? ""}. Перевірте, кому ви передаєте копії документів.`,
      ),
      h(
        "dl",
        { class: "rows" },
        row("Партнер", consent.partnerName),
        row("Відділення", consent.branchName),
        row("Адреса", h("span", { class: "address" }, consent.branchAddress)),
        row("Послуга", consent.offerName || "—"),
        row(
          "Документи",
          h(
            "ul",
            { class: "doc-list" },
            consent.documentTypes.map((t) => h("li", {}, typeTitle(t))),
          ),
        ),
      ),
      h("button", { type: "button", class: "pill", onclick: () => answer(consent, "approve") }, "Поділитися"),
      h(
        "button",
        { type: "button", class: "pill ghost", onclick: () => answer(consent, "decline") },
        "Відхилити",
      ),
    ),
  );
  sheet.hidden = false;
}

const row = (label, value) => h("div", {}, h("dt", {}, label), h("dd", {}, value));

/** The signing sheet of `consent` at its current step; re-drawn whenever the step, the PIN or the error changes. */
function renderSigning(sheet, consent) {
  const s = state.signing;
  if (s.consentId !== consent.id)
    Object.assign(s, { consentId: consent.id, step: "review", pin: "", error: null });
  sheet.dataset.consentId = consent.id;
  const { signing } = consent;
  let body;
  if (s.step === "review") {
    body = [
      h("h2", { id: "consent-title" }, "Підписання документів"),
      h("p", { class: "lead" }, "Партнер просить підписати документи вашим Дія.Підписом."),
      h(
        "dl",
        { class: "rows" },
        row("Партнер", consent.partnerName),
        row("Відділення", consent.branchName),
        row("Адреса", h("span", { class: "address" }, consent.branchAddress)),
        row("Послуга", consent.offerName || "—"),
        row(
          signing.files.length === 1 ? "Документ на підпис" : `Документи на підпис (${signing.files.length})`,
          h(
            "ul",
            { class: "doc-list files" },
            signing.files.map((f) => h("li", { "data-file": f.fileName }, f.fileName)),
          ),
        ),
      ),
      h(
        "p",
        { class: "hint small", id: "hashes-note" },
        `Хеші файлів отримано (${SIGN_ALGO[signing.signAlgo] ?? signing.signAlgo}). Ви підписуєте саме ці файли.`,
      ),
      h("button", { type: "button", class: "pill", onclick: () => signingStep("photo") }, "Підписати"),
      h(
        "button",
        { type: "button", class: "pill ghost", onclick: () => answer(consent, "decline") },
        "Відхилити",
      ),
    ];
  } else if (s.step === "photo") {
    body = [
      h("h2", { id: "consent-title" }, "Підтвердіть фото та PIN-кодом Дія.Підпису"),
      h("p", { class: "lead" }, "Крок 1 з 2. Розташуйте обличчя в рамці та зробіть фото."),
      h("div", { class: "selfie", "aria-label": "Камера (імітація)" }, h("div", { class: "selfie-face" })),
      h("button", { type: "button", class: "pill", onclick: () => signingStep("pin") }, "Зробити фото"),
      h("button", { type: "button", class: "pill ghost", onclick: () => signingStep("review") }, "Назад"),
    ];
  } else {
    const sending = s.step === "sending";
    const key = (label, onclick, extra = {}) =>
      h("button", { type: "button", class: "key", disabled: sending, onclick, ...extra }, label);
    const digit = (d) => key(d, () => typePin(consent, d), { "data-digit": d });
    body = [
      h("h2", { id: "consent-title" }, "Підтвердіть фото та PIN-кодом Дія.Підпису"),
      h("p", { class: "lead" }, "Крок 2 з 2. Фото підтверджено ✓. Введіть PIN-код Дія.Підпису."),
      h(
        "div",
        { class: "pin-dots", role: "status", "aria-label": `Введено цифр: ${s.pin.length}` },
        Array.from({ length: PIN_LENGTH }, (_, i) =>
          h("span", { class: i < s.pin.length ? "dot on" : "dot" }),
        ),
      ),
      s.error ? h("p", { class: "pin-error", role: "alert" }, s.error) : null,
      sending ? h("p", { class: "hint small" }, "Підписуємо…") : null,
      h(
        "div",
        { class: "keypad" },
        ["1", "2", "3", "4", "5", "6", "7", "8", "9"].map(digit),
        key("Назад", () => signingStep("photo")),
        digit("0"),
        key(
          "⌫",
          () => {
            s.pin = s.pin.slice(0, -1);
            renderConsent();
          },
          { "aria-label": "Стерти" },
        ),
      ),
      h("p", { class: "hint small" }, "У пісочниці PIN-код Дія.Підпису — 1234."),
    ];
  }
  // The same request's next step redraws inside the open sheet, so it slides up once, not at every key.
  const open = sheet.hidden ? null : sheet.querySelector(`.sheet[data-signing="${CSS.escape(consent.id)}"]`);
  if (open) {
    open.dataset.step = s.step;
    open.replaceChildren(
      h("div", { class: "grabber" }),
      ...body.flat(Number.POSITIVE_INFINITY).filter(Boolean),
    );
    return;
  }
  sheet.replaceChildren(
    h(
      "div",
      {
        class: "sheet",
        role: "dialog",
        "aria-modal": "true",
        "aria-labelledby": "consent-title",
        "data-signing": consent.id,
        "data-step": s.step,
      },
      h("div", { class: "grabber" }),
      body,
    ),
  );
  sheet.hidden = false;
}

function signingStep(step) {
  Object.assign(state.signing, { step, pin: "", error: null });
  renderConsent();
}

async function typePin(consent, d) {
  const s = state.signing;
  if (s.step !== "pin" || s.pin.length >= PIN_LENGTH) return;
  s.pin += d;
  s.error = null;
  if (s.pin.length < PIN_LENGTH) {
    renderConsent();
    return;
  }
  s.step = "sending";
  renderConsent();
  try {
    const { consent: done } = await api(`${API}/consents/${encodeURIComponent(consent.id)}/sign`, {
      method: "POST",
      body: JSON.stringify({ citizenId: state.citizenId, pin: s.pin }),
    });
    toast(
      done.status === "declined" ? "Підписання відхилено" : `Документи підписано: ${consent.partnerName}`,
    );
    clearError();
    state.consent = null;
    s.consentId = null;
  } catch (error) {
    if (error instanceof ApiError && error.body?.data?.reason === "WRONG_PIN") {
      Object.assign(s, { step: "pin", pin: "", error: "Неправильний PIN-код. Спробуйте ще раз." });
    } else {
      Object.assign(s, { step: "pin", pin: "", error: null });
      showError(error);
    }
  }
  renderConsent();
}

// ---- actions ----

function chooseCitizen(id) {
  state.citizenId = id;
  state.documentId = null;
  state.consent = null;
  localStorage.setItem("stiika.phone.citizen", id);
  if (state.deeplink) {
    openDeeplink(id, state.deeplink);
    return;
  }
  setUrl();
  render();
}

async function openDeeplink(citizenId, deeplink) {
  try {
    const { consent } = await api(`${API}/deeplinks/open`, {
      method: "POST",
      body: JSON.stringify({ citizenId, deeplink }),
    });
    state.deeplink = null;
    state.consent = consent;
    $("banner").hidden = true; // the "link opened" note, or an earlier error, no longer applies
  } catch (error) {
    showError(error);
  }
  setUrl();
  render();
}

function openDocument(id) {
  state.documentId = id;
  setUrl();
  render();
}

async function answer(consent, action) {
  const body = action === "approve" ? { citizenId: state.citizenId } : {};
  try {
    await api(`${API}/consents/${encodeURIComponent(consent.id)}/${action}`, {
      method: "POST",
      body: JSON.stringify(body),
    });
    toast(action === "approve" ? `Документи передано: ${consent.partnerName}` : "Запит відхилено");
    clearError();
  } catch (error) {
    showError(error);
  }
  state.consent = null;
  renderConsent();
}

async function renew(citizenId, documentId) {
  const key = `${citizenId}/${documentId}`;
  if (state.renewing.has(key)) return;
  state.renewing.add(key);
  try {
    const { document: fresh } = await api(
      `${API}/citizens/${encodeURIComponent(citizenId)}/documents/${encodeURIComponent(documentId)}/codes`,
      { method: "POST" },
    );
    const person = state.citizens.find((c) => c.id === citizenId);
    if (person) person.documents = person.documents.map((d) => (d.id === documentId ? fresh : d));
    clearError();
    render();
  } catch (error) {
    showError(error);
  } finally {
    state.renewing.delete(key);
  }
}

// ---- polling ----

async function loadCitizens() {
  try {
    const before = JSON.stringify(state.citizens);
    const { citizens } = await api(`${API}/citizens`);
    state.citizens = citizens;
    state.loaded = true;
    clearError();
    // Re-render only when a code changed (used or renewed), so the page does not flicker.
    if (JSON.stringify(citizens) !== before) render();
  } catch (error) {
    showError(error);
  }
}

async function loadCards() {
  try {
    const { cards, typeTitles } = await api("cards.json");
    state.cards = cards;
    state.typeTitles = typeTitles;
  } catch (error) {
    showError(error);
  }
}

async function pollConsents() {
  if (!state.citizenId || state.deeplink) return;
  try {
    const query = new URLSearchParams({ status: "pending", citizenId: state.citizenId });
    const { consents } = await api(`${API}/consents?${query}`);
    const current = consents.find((c) => c.id === state.consent?.id) ?? consents[0] ?? null;
    if (current?.id !== state.consent?.id) {
      state.consent = current;
      renderConsent();
    }
    clearError();
  } catch (error) {
    showError(error);
  }
}

function tick() {
  const doc = citizen()?.documents.find((d) => d.id === state.documentId);
  if (!doc) return;
  const code = state.tab === "qr" ? doc.qr : doc.barcode;
  const left = remaining(code.expiresAt);
  const countdown = $("countdown");
  const progress = $("progress");
  if (countdown) countdown.textContent = `Залишилось ${clock(left)}`;
  if (progress) progress.style.width = `${(100 * left) / CODE_LIFETIME_MS}%`;
  if (left === 0) renew(state.citizenId, doc.id);
}

document.getElementById("tabbar").addEventListener("click", (event) => {
  const nav = event.target.closest("[data-nav]")?.dataset.nav;
  if (nav === "documents") openDocument(null);
  if (nav === "people") {
    state.citizenId = null;
    state.documentId = null;
    state.consent = null;
    localStorage.removeItem("stiika.phone.citizen");
    setUrl();
    render();
  }
});

if (state.deeplink) {
  const banner = $("banner");
  banner.className = "banner info";
  banner.replaceChildren(
    h("strong", {}, "Посилання Дії"),
    "Відкрито запит партнера: поширення документів або їх підписання.",
  );
  banner.hidden = false;
}

render();
await Promise.all([loadCards(), loadCitizens()]);
render();
await pollConsents();
setInterval(pollConsents, 1000);
setInterval(loadCitizens, 2000);
setInterval(tick, 1000);
