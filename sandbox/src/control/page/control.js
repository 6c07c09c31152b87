// The control page: a thin view over /control/api, refreshed every two seconds.
const $ = (selector) => document.querySelector(selector);
// The callback fault kinds are the checkboxes of the form's callbacks fieldset (index.html); the signing fault
// kinds those of its signing fieldset, named sign-<kind>.
const CALLBACK_KINDS = [...document.querySelectorAll("#faults .callbacks input[type=checkbox]")].map(
  (box) => box.name,
);
const SIGNING_KINDS = [...document.querySelectorAll("#faults .signing input[type=checkbox]")].map((box) =>
  box.name.replace(/^sign-/, ""),
);
let citizens = [];
let faults = { latencyMs: 0, endpoints: [], callbacks: [], signing: [], signingCallbackForm: "alternate" };

const esc = (value) => String(value ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const time = (iso) => (iso ? new Date(iso).toLocaleTimeString("uk-UA") : "");

async function api(method, path, body) {
  const response = await fetch(`/control/api${path}`, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(json.message ?? `HTTP ${response.status}`);
  return json;
}

function showError(error) {
  $("#error").hidden = !error;
  $("#error").textContent = error ? String(error.message ?? error) : "";
}

async function act(fn) {
  try {
    await fn();
    showError(null);
    await refresh();
  } catch (error) {
    showError(error);
  }
}

function renderConsents(consents) {
  const options = citizens.map((c) => `<option value="${esc(c.id)}">${esc(c.fullName)}</option>`).join("");
  $("#consents").innerHTML =
    "<tr><th>Потік</th><th>Хто просить</th><th>Документи</th><th>Громадянин</th><th>requestId</th><th></th></tr>" +
    consents
      .map((c) => {
        const what = c.signing
          ? `підпис ${esc(c.signing.signAlgo)}: ${c.signing.files.map((f) => esc(f.fileName)).join(", ")}`
          : esc(c.documentTypes.join(", "));
        // Signing confirms with the sandbox PIN, as the phone does.
        const action = c.signing
          ? `<button data-sign="${esc(c.id)}">Підписати</button>`
          : `<button data-approve="${esc(c.id)}">Надати</button>`;
        return `<tr><td>${esc(c.flow)}</td><td>${esc(c.partnerName)}, ${esc(c.branchName)}<br>${esc(c.offerName)}</td>
        <td>${what}</td>
        <td>${c.citizenId ? esc(c.citizenId) : `<select data-citizen="${esc(c.id)}">${options}</select>`}</td>
        <td><code>${esc(c.requestId)}</code></td>
        <td>${action} <button data-decline="${esc(c.id)}">Відмовити</button></td></tr>`;
      })
      .join("");
}

function renderDeliveries(deliveries) {
  $("#deliveries").innerHTML =
    "<tr><th>Створено</th><th>Потік</th><th>requestId</th><th>Стан</th><th>Збої</th><th>Спроби</th></tr>" +
    deliveries
      .slice()
      .reverse()
      .map((d) => {
        const attempts = d.attempts
          .map(
            (a) =>
              `<div class="${a.ok ? "ok" : "bad"}">#${a.n}${a.duplicate ? " (дубль)" : ""} ${time(a.startedAt)}: ` +
              `${a.status ?? "—"} за ${a.ms} мс${a.error ? ` — ${esc(a.error)}` : ""}</div>`,
          )
          .join("");
        const applied = Object.keys(d.faults)
          .filter((k) => k !== "delayMs")
          .join(", ");
        const next = d.nextAttemptAt ? `<div>наступна о ${time(d.nextAttemptAt)}</div>` : "";
        const flow = d.action === "hashedFilesSigning" ? `${d.flow}, підпис` : d.flow;
        return `<tr><td>${time(d.createdAt)}</td><td>${esc(flow)}</td><td><code>${esc(d.requestId)}</code></td>
          <td>${esc(d.status)}${d.error && !d.attempts.length ? `<div class="bad">${esc(d.error)}</div>` : ""}</td>
          <td>${esc(applied)}</td><td>${attempts}${next}</td></tr>`;
      })
      .join("");
}

function renderCitizens() {
  $("#citizens").innerHTML = citizens
    .map(
      (c) => `<div class="citizen"><strong>${esc(c.fullName)}</strong> <code>${esc(c.id)}</code>
      <table><tr><th>Документ</th><th>Штрихкод</th><th>QR</th><th>Діє до</th><th></th></tr>
      ${c.documents
        .map(
          (d) => `<tr><td>${esc(d.title)}</td><td><code>${esc(d.barcode.code)}</code></td>
          <td><code>${esc(d.qr.link)}</code></td><td>${time(d.barcode.expiresAt)}</td>
          <td><button data-renew="${esc(c.id)}/${esc(d.id)}">Новий код</button>
          <button data-expire="${esc(c.id)}/${esc(d.id)}">Прострочити</button></td></tr>`,
        )
        .join("")}</table></div>`,
    )
    .join("");
}

function renderFaults() {
  const form = $("#faults");
  if (document.activeElement?.form !== form) form.latencyMs.value = faults.latencyMs;
  $("#endpoint-faults").innerHTML = faults.endpoints
    .map(
      (f, i) => `<div>${esc(f.endpoint)}: ${f.kind === "hang" ? "зависання" : `HTTP ${f.status}`}
      ${f.remaining === null ? "доки не зніму" : `ще ${f.remaining} раз(и)`}
      <button type="button" data-remove-endpoint="${i}">×</button></div>`,
    )
    .join("");
  for (const kind of CALLBACK_KINDS) form[kind].checked = faults.callbacks.some((f) => f.kind === kind);
  for (const kind of SIGNING_KINDS)
    form[`sign-${kind}`].checked = faults.signing.some((f) => f.kind === kind);
  if (document.activeElement?.form !== form) form.signingCallbackForm.value = faults.signingCallbackForm;
}

function renderCitizenPki(pki) {
  const { citizens: c } = pki;
  const cert = (citizenId, algo) =>
    c.certificates.find((x) => x.citizenId === citizenId && x.signAlgo === algo);
  const cell = (citizenId, algo) => {
    const x = cert(citizenId, algo);
    const state = !x
      ? "ще не видано"
      : x.revoked
        ? `<span class="bad">відкликано ${esc(new Date(x.revoked.revokedAt).toLocaleString("uk-UA"))}</span>`
        : "чинний";
    return `<td>${x ? `<code>${esc(x.serial)}</code><br>` : ""}${state}
      <button data-revoke-citizen="${esc(citizenId)}/${algo}">Відкликати</button>
      <button data-issue-citizen="${esc(citizenId)}/${algo}">Новий</button></td>`;
  };
  $("#citizen-pki").innerHTML =
    `<p>ЦСК: <code>${esc(c.caFiles.DSTU)}</code> (ДСТУ) · <code>${esc(c.caFiles.ECDSA)}</code> (ECDSA).
    PIN-код Дія.Підпису кожного громадянина — 1234.</p>
    <table><tr><th>Громадянин</th><th>ДСТУ 4145</th><th>ECDSA</th></tr>
    ${citizens.map((p) => `<tr><td>${esc(p.fullName)}</td>${cell(p.id, "DSTU")}${cell(p.id, "ECDSA")}</tr>`).join("")}</table>`;
}

function renderPki(pki) {
  const revoked = new Map(pki.revoked.map((r) => [r.serial, r]));
  const state = (serial) => {
    const r = revoked.get(serial);
    return r
      ? `відкликано ${esc(new Date(r.revokedAt).toLocaleString("uk-UA"))} (${esc(r.reason)})`
      : "чинний";
  };
  $("#pki").innerHTML = `<p>Підпис: <code>${esc(pki.signer.serial)}</code> — ${state(pki.signer.serial)},
    до ${esc(new Date(pki.signer.validTo).toLocaleDateString("uk-UA"))}</p>
    <p>OCSP <code>${esc(pki.urls.ocsp)}</code> · CRL <code>${esc(pki.urls.crl)}</code> · ЦСК <code>${esc(pki.urls.caIssuers)}</code></p>
    ${pki.revoked.length ? `<p>Відкликані: ${pki.revoked.map((r) => `<code>${esc(r.serial)}</code>`).join(", ")}</p>` : ""}`;
}

async function refresh() {
  const [people, consents, deliveries, current, pki] = await Promise.all([
    api("GET", "/citizens"),
    api("GET", "/consents?status=pending"),
    api("GET", "/deliveries"),
    api("GET", "/faults"),
    api("GET", "/pki"),
  ]);
  renderPki(pki);
  citizens = people.citizens;
  renderCitizenPki(pki);
  faults = current.faults;
  const select = $("#faults").endpoint;
  if (select.options.length === 0) {
    select.innerHTML = current.endpointNames.map((e) => `<option>${esc(e)}</option>`).join("");
  }
  if (!document.querySelector("select[data-citizen]:focus")) renderConsents(consents.consents);
  renderDeliveries(deliveries.deliveries);
  renderCitizens();
  renderFaults();
}

function formFaults() {
  const form = $("#faults");
  const callbacks = CALLBACK_KINDS.filter((kind) => form[kind].checked).map((kind) =>
    kind === "delay" ? { kind, delayMs: Number(form.delayMs.value) } : { kind },
  );
  const signing = SIGNING_KINDS.filter((kind) => form[`sign-${kind}`].checked).map((kind) =>
    kind === "late" ? { kind, delaySeconds: Number(form.lateSeconds.value) } : { kind },
  );
  return {
    ...faults,
    latencyMs: Number(form.latencyMs.value) || 0,
    callbacks,
    signing,
    signingCallbackForm: form.signingCallbackForm.value,
  };
}

document.addEventListener("click", (event) => {
  const t = event.target;
  if (!(t instanceof HTMLElement)) return;
  const { approve, decline, renew, expire, removeEndpoint, sign, revokeCitizen, issueCitizen } = t.dataset;
  if (sign) {
    const select = document.querySelector(`select[data-citizen="${CSS.escape(sign)}"]`);
    act(() =>
      api("POST", `/consents/${sign}/sign`, { pin: "1234", ...(select ? { citizenId: select.value } : {}) }),
    );
  }
  if (revokeCitizen && confirm("Відкликати сертифікат Дія.Підпису громадянина?"))
    act(() => api("POST", `/citizens/${revokeCitizen.replace("/", "/certificates/")}/revoke`, {}));
  if (issueCitizen) act(() => api("POST", `/citizens/${issueCitizen.replace("/", "/certificates/")}/issue`));
  if (approve) {
    const select = document.querySelector(`select[data-citizen="${CSS.escape(approve)}"]`);
    act(() => api("POST", `/consents/${approve}/approve`, select ? { citizenId: select.value } : {}));
  }
  if (decline) act(() => api("POST", `/consents/${decline}/decline`));
  if (renew) act(() => api("POST", `/citizens/${renew.replace("/", "/documents/")}/codes`));
  if (expire) act(() => api("POST", `/citizens/${expire.replace("/", "/documents/")}/codes/expire`));
  if (removeEndpoint !== undefined) {
    const endpoints = faults.endpoints.filter((_, i) => i !== Number(removeEndpoint));
    act(() => api("PUT", "/faults", { ...formFaults(), endpoints }));
  }
});

$("#add-endpoint-fault").addEventListener("click", () => {
  const form = $("#faults");
  const fault = {
    endpoint: form.endpoint.value,
    kind: form.kind.value,
    status: Number(form.status.value),
    remaining: form.remaining.value ? Number(form.remaining.value) : null,
  };
  act(() => api("PUT", "/faults", { ...formFaults(), endpoints: [...faults.endpoints, fault] }));
});
$("#faults").addEventListener("submit", (event) => {
  event.preventDefault();
  act(() => api("PUT", "/faults", formFaults()));
});
$("#revoke").addEventListener("submit", (event) => {
  event.preventDefault();
  const form = $("#revoke");
  const at = form.revokedAt.value ? new Date(form.revokedAt.value).toISOString() : undefined;
  if (confirm("Відкликати сертифікат, яким Дія підписує доставки?"))
    act(() =>
      api("POST", "/pki/signer/revoke", { reason: form.reason.value, ...(at ? { revokedAt: at } : {}) }),
    );
});
$("#issue-signer").addEventListener("click", () => act(() => api("POST", "/pki/signer/issue")));
$("#clear-faults").addEventListener("click", () => act(() => api("PUT", "/faults", {})));
$("#release").addEventListener("click", () =>
  act(() => api("POST", "/deliveries/release", { order: "reverse" })),
);
$("#reset").addEventListener("click", () => {
  if (confirm("Стерти все, крім токена й ключів?")) act(() => api("POST", "/reset"));
});

act(async () => {});
setInterval(() => refresh().catch(showError), 2000);
