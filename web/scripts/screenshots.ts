// Dev script: screenshots of each teller screen at tablet (768×1024) and desktop (1920×1080) sizes, taken with
// Debian Chromium through playwright-core against a running Vite dev server and the real server (sign-in is real).
// Routes the server does not have yet (services, requests, documents) are answered here per docs/api.md.
//   STIIKA_DATA_DIR=$(mktemp -d) STIIKA_ADMIN_PASSWORD=… pnpm --filter @stiika/server start &
//   pnpm --filter @stiika/web dev --port 5199 &
//   STIIKA_LOGIN=admin STIIKA_PASSWORD=… pnpm --filter @stiika/web screenshots   # → web/screenshots/*.png
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Page, type Route } from "playwright-core";

const base = process.env.STIIKA_WEB_URL ?? "http://127.0.0.1:5199";
const login = process.env.STIIKA_LOGIN ?? "admin";
const password = process.env.STIIKA_PASSWORD ?? "";
const out = path.join(import.meta.dirname, "../screenshots");
mkdirSync(out, { recursive: true });

// A one-page PDF with a title line, enough for pdf.js to render something real.
function tinyPdf(): Buffer {
  const text =
    "BT /F1 28 Tf 72 720 Td (Diia test document) Tj 0 -40 Td /F1 14 Tf (Signed copy, page 1) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${text.length} >>\nstream\n${text}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, "latin1");
}

const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
const request = (id: string, over: Record<string, unknown>) => ({
  id,
  kind: "barcode",
  status: "waiting",
  reason: null,
  code: "2858364170864",
  deeplink: null,
  service: { id: "svc-bank", name: "Відкриття рахунку" },
  documentTypes: ["passport", "taxpayer-card"],
  createdAt: new Date().toISOString(),
  expiresAt: inMinutes(2.9),
  version: 1,
  documents: [],
  signing: null,
  ...over,
});
// Дія.Підпис of the application (issue 14): a received request whose latest signing is in each state.
const signing = (id: string, over: Record<string, unknown>) => ({
  id,
  requestId: "0b6f4e1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b",
  status: "waiting",
  reason: null,
  signAlgo: "DSTU",
  fileName: `zayava-${id.slice(0, 8)}.pdf`,
  deeplink: "https://diia.app/acquirers/offer-request/dynamic/9c3e?requestId=b42",
  createdAt: new Date().toISOString(),
  expiresAt: inMinutes(14.5),
  version: 1,
  refusedCallbacks: 0,
  signer: null,
  signedAt: null,
  ...over,
});
const signer = {
  fullName: "Дія Надія Володимирівна",
  rnokppMatches: true,
  signingTime: new Date().toISOString(),
  certificateSerial: "3A1F09",
  issuer: "КНЕДП Пісочниця Дії",
};
const SIGNINGS: Record<string, ReturnType<typeof signing>> = {
  "sign-waiting": signing("5b0c6a2e-1d3f-4c8a-9e7b-2f4d6a8c0e11", { refusedCallbacks: 1 }),
  "sign-signed": signing("6c1d7b3f-2e4a-4d9b-8f8c-3a5e7b9d1f22", {
    status: "signed",
    deeplink: null,
    signer,
    signedAt: new Date().toISOString(),
  }),
  "sign-other": signing("7d2e8c4a-3b5f-4a6c-8d9e-1f2a3b4c5d6e", {
    status: "signed_by_other",
    deeplink: null,
    signer: { ...signer, fullName: "Петренко Іван Іванович", rnokppMatches: false },
    signedAt: new Date().toISOString(),
  }),
};
const SIGNING_BY_ID = Object.fromEntries(Object.values(SIGNINGS).map((s) => [s.id, s]));
const REQUESTS: Record<string, object> = {
  "req-waiting": request("req-waiting", {}),
  "req-deeplink": request("req-deeplink", {
    kind: "deeplink",
    code: null,
    deeplink: "https://diia.app/acquirers/offer-request/dynamic/5f2c?requestId=7a1",
  }),
  "req-declined": request("req-declined", {
    status: "declined",
    reason: {
      code: "DECLINED",
      message:
        "Клієнт відхилив запит у застосунку Дія. Попросіть клієнта повторити або скористайтеся паперовим документом.",
    },
  }),
  "req-received": request("req-received", {
    status: "received",
    documents: [{ id: "doc-1", type: "internal-passport", title: "Паспорт громадянина України (ID-картка)" }],
  }),
};
for (const [name, s] of Object.entries(SIGNINGS))
  REQUESTS[`req-${name}`] = request(`req-${name}`, {
    status: "received",
    documents: [{ id: "doc-1", type: "internal-passport", title: "Паспорт громадянина України (ID-картка)" }],
    signing: s,
  });
const DOCUMENTS = [
  {
    id: "doc-1",
    type: "internal-passport",
    title: "Паспорт громадянина України (ID-картка)",
    normalised: {
      kind: "identity",
      type: "internal-passport",
      person: {
        lastName: { uk: "Дія", en: "Diia" },
        firstName: { uk: "Надія", en: "Nadia" },
        middleName: { uk: "Володимирівна" },
        birthDate: "1997-01-17",
        gender: "F",
        taxpayerNumber: "1234567001",
        address: "Україна, смт Юрʼївка, вул. Центральна, буд. 4",
        nationality: "Україна",
      },
      document: {
        number: "002307001",
        issueDate: "2018-09-12",
        expiryDate: inMinutes(60 * 24 * 20).slice(0, 10),
        issuer: "1263",
      },
      extra: {},
      invalidDates: [],
    },
    raw: {},
    provenance: {
      signer: { subject: "Дія (тестовий ключ)", serial: "5B63D883", keyId: "ab12", issuer: "Тестовий ЦСК" },
      signingTime: new Date().toISOString(),
      receivedAt: new Date().toISOString(),
      verified: true,
    },
  },
];

async function fakeApi(page: Page) {
  const json = (route: Route, body: unknown, status = 200) =>
    route.fulfill({ status, contentType: "application/json", body: JSON.stringify(body) });
  await page.route("**/api/services", (route) =>
    json(route, {
      services: [
        {
          id: "svc-bank",
          name: "Відкриття рахунку",
          documentTypes: ["passport", "taxpayer-card"],
          template: "bank-account",
          checkOnly: false,
        },
        {
          id: "svc-hotel",
          name: "Поселення в готель",
          documentTypes: ["passport"],
          template: "hotel-check-in",
          checkOnly: false,
        },
      ],
    }),
  );
  await page.route("**/api/requests", (route) => json(route, { request: REQUESTS["req-waiting"] }, 201));
  await page.route("**/api/requests/*/documents", (route) => json(route, { documents: DOCUMENTS }));
  await page.route(/\/api\/requests\/[^/?]+\?/, async (route) => {
    const url = new URL(route.request().url());
    const id = url.pathname.split("/").pop() ?? "";
    // A long-poll for a change that does not come: hold it like the server would.
    if (url.searchParams.has("version")) await new Promise((r) => setTimeout(r, 20_000));
    await json(route, { request: REQUESTS[id] }).catch(() => {});
  });
  await page.route(/\/api\/signings\/[^/?]+\?/, async (route) => {
    const url = new URL(route.request().url());
    const id = url.pathname.split("/").pop() ?? "";
    if (url.searchParams.get("wait") !== "0") await new Promise((r) => setTimeout(r, 20_000));
    await json(route, { signing: SIGNING_BY_ID[id] }).catch(() => {});
  });
  await page.route(/\/api\/(documents|signings)\/[^/]+\/pdf$/, (route) =>
    route.fulfill({
      status: 200,
      contentType: "application/pdf",
      body: tinyPdf(),
      headers: { "Cache-Control": "no-store" },
    }),
  );
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
  args: ["--use-fake-device-for-media-stream", "--use-fake-ui-for-media-stream"],
});
for (const [name, viewport] of [
  ["tablet", { width: 768, height: 1024 }],
  ["desktop", { width: 1920, height: 1080 }],
] as const) {
  const context = await browser.newContext({ viewport, locale: "uk-UA" });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error (${name}):`, e.message));
  await fakeApi(page);
  const shot = async (screen: string) => {
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(out, `${screen}-${name}.png`) });
  };

  await page.goto(`${base}/login`);
  await page.getByTestId("login-form").waitFor();
  await shot("login");
  await page.getByTestId("login-username").fill(login);
  await page.getByTestId("login-password").fill(password);
  await page.getByTestId("login-submit").click();
  await page.getByTestId("scan-panel").waitFor();
  await page.waitForTimeout(1500); // the fake camera starts
  await shot("scan");

  await page.getByTestId("manual-code-input").pressSequentially("2858364170864", { delay: 60 });
  await page.getByTestId("manual-code-submit").click();
  await page
    .getByTestId("scanned-code")
    .waitFor()
    .catch(async (e) => {
      await page.screenshot({ path: path.join(out, `failed-${name}.png`) });
      throw e;
    });
  await shot("waiting");

  for (const id of ["req-declined", "req-deeplink", "req-received", "req-sign-signed", "req-sign-other"]) {
    await page.goto(`${base}/requests/${id}`);
    const received = id === "req-received" || id.startsWith("req-sign-");
    await page
      .getByTestId(id === "req-received" ? "questionnaire" : received ? "signing" : "request-status")
      .waitFor();
    if (received) await page.waitForFunction(() => (document.querySelector("canvas")?.width ?? 0) > 0);
    if (id === "req-deeplink") await page.getByTestId("deeplink-qr-image").waitFor();
    await shot(id.replace("req-", ""));
  }
  // The signing waiting: the application first, then its QR.
  await page.goto(`${base}/requests/req-sign-waiting`);
  await page.getByTestId("signing-show-qr").waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll("canvas")].every((c) => c.width > 0));
  await shot("sign-waiting");
  await page.getByTestId("signing-show-qr").click();
  await page.getByTestId("signing-qr-image").waitFor();
  await shot("sign-qr");
  await page.getByTestId("signing-qr-back").click();

  await page.getByTestId("lock-button").click();
  await page.getByTestId("lock-screen").waitFor();
  await shot("locked");
  await context.close();
}
await browser.close();
console.log(`screenshots in ${out}`);
