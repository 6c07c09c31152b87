// @vitest-environment happy-dom
// Дія.Підпис at the counter (issue 14): after the questionnaire is saved «Підписати в Дії» asks the server for the
// signing; the teller previews the application, shows the deeplink QR (countdown, the file name the client sees),
// can cancel; the signing is long-polled with its version to its outcome, each outcome worded; a reloaded tablet
// resumes from Request.signing; the idle lock holds off while the client signs; answers that drift from the
// contract are refused.

import { type Signing, signingResponse, signingSchema } from "@stiika/api";
import { cleanup, fireEvent, screen, waitFor, within } from "@testing-library/react";
import { Route, useLocation } from "react-router";
import { afterEach, describe, expect, it } from "vitest";
import { RequestRoute } from "../src/app/routes/request.tsx";
import { dropDraft } from "../src/features/questionnaire/lib/draft.ts";
import { requestResponse } from "../src/features/requests/api/get-request.ts";
import { useLockHeld } from "../src/lib/lock-hold.ts";
import { normalised } from "./support/documents.ts";
import { type FetchCall, fakeServer, jsonResponse, renderWithApp } from "./support/render.tsx";
import { sharingRequest } from "./support/requests.ts";

afterEach(() => {
  cleanup();
  dropDraft();
});

const REQUEST_ID = "0b6f4e1a-2c3d-4e5f-8a9b-0c1d2e3f4a5b";
const SIGNING_ID = "5b0c6a2e-1d3f-4c8a-9e7b-2f4d6a8c0e11";
const NEXT_ID = "7d2e8c4a-3b5f-4a6c-8d9e-1f2a3b4c5d6e";
const DEEPLINK = "https://diia.app/acquirers/offer-request/dynamic/sign-abc?x=1";

function signing(over: Partial<Signing> = {}): Signing {
  return {
    id: SIGNING_ID,
    requestId: REQUEST_ID,
    status: "waiting",
    reason: null,
    signAlgo: "DSTU",
    fileName: "zayava-5b0c6a2e.pdf",
    deeplink: DEEPLINK,
    createdAt: new Date(Date.now() - 5_000).toISOString(),
    expiresAt: new Date(Date.now() + 175_000).toISOString(),
    version: 1,
    refusedCallbacks: 0,
    signer: null,
    signedAt: null,
    ...over,
  };
}

const signer = {
  fullName: "Шевченко Тарас Григорович",
  rnokppMatches: true,
  signingTime: "2026-12-01T12:04:58.000Z",
  certificateSerial: "3A1F",
  issuer: "O=ТОВ «Пісочниця Дії»; CN=КНЕДП Пісочниця",
};

const passport = normalised({
  type: "internal-passport",
  item: {
    lastNameUA: "Шевченко",
    firstNameUA: "Тарас",
    middleNameUA: "Григорович",
    birthday: "09.03.1994",
    docNumber: "000123456",
    taxpayerNumber: "3652504575",
    residenceUA: "м. Київ, вул. Хрещатик, 1",
  },
});
const documents = [
  {
    id: "d1",
    type: "internal-passport",
    title: "Паспорт громадянина України",
    normalised: passport,
    provenance: {
      signer: { subject: "CN=ДП ДІЯ", serial: "01", keyId: "k", issuer: "CN=ЦСК" },
      signingTime: null,
      receivedAt: "2026-12-01T10:00:00.000Z",
      verified: true,
    },
  },
];
const services = [
  {
    id: "svc-bank",
    name: "Відкриття рахунку",
    template: "bank-account",
    documentTypes: ["passport"],
    checkOnly: false,
  },
];

const received = (s: Signing | null) =>
  sharingRequest({ id: REQUEST_ID, status: "received", version: 3, signing: s });

/**
 * The server for a received request (with `s` as its latest signing) and its signing routes; `signing` answers the
 * signing polls, `other` anything else special. Unknown routes are 404.
 */
function serve({
  s = null,
  poll = () => new Promise<Response>(() => {}),
  other = () => undefined,
}: {
  s?: Signing | null;
  poll?: (call: FetchCall) => Response | Promise<Response>;
  other?: (call: FetchCall) => Response | Promise<Response> | undefined;
} = {}) {
  return fakeServer((call) => {
    const special = other(call);
    if (special) return special;
    if (call.url === "/api/services") return jsonResponse({ services });
    if (call.url.startsWith(`/api/requests/${REQUEST_ID}?`)) return jsonResponse({ request: received(s) });
    if (call.url === `/api/requests/${REQUEST_ID}/documents`) return jsonResponse({ documents });
    if (call.method === "PUT") return jsonResponse({ saved: true });
    if (/^\/api\/signings\/[^/]+\/pdf$/.test(call.url))
      return new Response("%PDF-1.7 not really", { headers: { "Content-Type": "application/pdf" } });
    if (call.url.startsWith("/api/signings/") && call.method === "GET") return poll(call);
    return jsonResponse({ error: { code: "NOT_FOUND", message: "Не знайдено" } }, 404);
  });
}

function Probe() {
  const l = useLocation();
  const held = useLockHeld();
  return (
    <>
      <p data-testid="where">{l.pathname}</p>
      <p data-testid="lock-held">{String(held)}</p>
    </>
  );
}

const routes = (
  <>
    <Route
      path="/requests/:id"
      element={
        <>
          <RequestRoute />
          <Probe />
        </>
      }
    />
    <Route path="/scan" element={<Probe />} />
  </>
);

const open = (lang: "uk" | "en" = "uk") => renderWithApp(routes, { path: `/requests/${REQUEST_ID}`, lang });
const polls = (calls: FetchCall[]) =>
  calls.filter((c) => c.method === "GET" && /^\/api\/signings\/[^/]+\?/.test(c.url)).map((c) => c.url);

describe("signing after the questionnaire is saved", () => {
  it("saves, then «Підписати в Дії» asks for the partner's default; preview, QR with countdown and file name, long-poll by version", async () => {
    const calls = serve({
      other: (call) =>
        call.method === "POST" && call.url === `/api/requests/${REQUEST_ID}/signings`
          ? jsonResponse({ signing: signing() }, 201)
          : undefined,
    });
    open();
    fireEvent.change(await screen.findByTestId("field-phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    const start = await screen.findByTestId("signing-start");
    expect(start.textContent).toBe("Підписати в Дії");
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
    fireEvent.click(start);

    // Before the QR: the application itself, and what the client will see in Diia.
    expect((await screen.findByTestId("signing-file-name")).textContent).toBe("zayava-5b0c6a2e.pdf");
    expect(calls.find((c) => c.method === "POST")).toMatchObject({
      url: `/api/requests/${REQUEST_ID}/signings`,
      body: {},
    });
    await waitFor(() => expect(calls.map((c) => c.url)).toContain(`/api/signings/${SIGNING_ID}/pdf`));
    expect(within(screen.getByTestId("signing")).getByTestId("pdf-viewer").textContent).toContain(
      "Заява для підпису",
    );
    expect(screen.queryByTestId("signing-qr")).toBeNull();
    await waitFor(() => expect(polls(calls)).toEqual([`/api/signings/${SIGNING_ID}?wait=25&version=1`]));

    fireEvent.click(screen.getByTestId("signing-show-qr"));
    const image = await screen.findByTestId("signing-qr-image");
    expect(image.getAttribute("data-link")).toBe(DEEPLINK);
    const qr = screen.getByTestId("signing-qr");
    expect(qr.textContent).toContain("zayava-5b0c6a2e.pdf");
    expect(screen.getByTestId("signing-countdown").textContent).toMatch(/2:5\d/);
    expect(screen.getByTestId("signing-close").textContent).toBe("Скасувати");
    expect(screen.getByTestId("lock-held").textContent).toBe("true");
    // Back to the application without cancelling
    fireEvent.click(screen.getByTestId("signing-qr-back"));
    expect(screen.queryByTestId("signing-qr")).toBeNull();
    expect(screen.getByTestId("signing").dataset.status).toBe("waiting");
  });

  it("the next client is one tap away without signing", async () => {
    const calls = serve();
    open();
    fireEvent.change(await screen.findByTestId("field-phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    fireEvent.click(await screen.findByTestId("signing-next"));
    await waitFor(() => expect(screen.getByTestId("where").textContent).toBe("/scan"));
    expect(calls.filter((c) => c.method === "POST")).toEqual([]);
  });

  it("says why the server refused to start (no questionnaire saved)", async () => {
    serve({
      other: (call) =>
        call.method === "POST"
          ? jsonResponse(
              { error: { code: "QUESTIONNAIRE_MISSING", message: "Спершу збережіть анкету." } },
              409,
            )
          : undefined,
    });
    open("en");
    fireEvent.change(await screen.findByTestId("field-phone"), { target: { value: "+380 67 123 45 67" } });
    fireEvent.click(screen.getByTestId("questionnaire-save"));
    fireEvent.click(await screen.findByTestId("signing-start"));
    expect((await screen.findByTestId("signing-error")).textContent).toBe(
      "Save the questionnaire first: the application to sign is made from it",
    );
  });
});

describe("waiting for the client's signature", () => {
  it("resumes a reloaded tablet from Request.signing and long-polls from its version", async () => {
    const calls = serve({ s: signing({ version: 4 }) });
    open();
    expect((await screen.findByTestId("signing")).dataset.status).toBe("waiting");
    expect(screen.queryByTestId("questionnaire")).toBeNull();
    await waitFor(() => expect(polls(calls)).toEqual([`/api/signings/${SIGNING_ID}?wait=25&version=4`]));
    expect(screen.getByTestId("lock-held").textContent).toBe("true");
  });

  it("follows the long-poll to «Підписано клієнтом: <ПІБ>, <час>» in Kyiv time, shows the PDF, releases the lock", async () => {
    let n = 0;
    const calls = serve({
      s: signing(),
      poll: () => {
        n++;
        if (n === 1)
          return jsonResponse({
            signing: signing({
              status: "signed",
              deeplink: null,
              version: 2,
              signer,
              signedAt: "2026-12-01T12:05:00.000Z",
            }),
          });
        return new Promise(() => {});
      },
    });
    open();
    const outcome = await screen.findByTestId("signing-outcome");
    expect(outcome.textContent).toBe("Підписано клієнтом: Шевченко Тарас Григорович, 01.12.2026, 14:05");
    expect(polls(calls)).toEqual([`/api/signings/${SIGNING_ID}?wait=25&version=1`]);
    expect(within(screen.getByTestId("signing")).getByTestId("pdf-viewer")).toBeTruthy();
    expect(screen.queryByTestId("signing-retry")).toBeNull();
    await waitFor(() => expect(screen.getByTestId("lock-held").textContent).toBe("false"));
    // A final status: no more polling.
    await new Promise((r) => setTimeout(r, 50));
    expect(polls(calls)).toHaveLength(1);
  });

  it("keeps waiting, quietly noting a signature that failed verification", async () => {
    serve({ s: signing({ refusedCallbacks: 1, version: 3 }) });
    open();
    expect((await screen.findByTestId("signing-refused")).textContent).toBe(
      "Надійшов підпис, який не пройшов перевірку: його не прийнято. Чекаємо далі.",
    );
    expect(screen.getByTestId("signing").dataset.status).toBe("waiting");
    fireEvent.click(screen.getByTestId("signing-show-qr"));
    expect(within(screen.getByTestId("signing-qr")).getByTestId("signing-refused")).toBeTruthy();
  });

  it("cancel from the QR posts to the cancel route and shows the cancelled outcome with «Спробувати ще раз»", async () => {
    const calls = serve({
      s: signing(),
      other: (call) =>
        call.url === `/api/signings/${SIGNING_ID}/cancel`
          ? jsonResponse({
              signing: signing({
                status: "cancelled",
                deeplink: null,
                version: 2,
                reason: { code: "CANCELLED", message: "Підписання скасовано працівником." },
              }),
            })
          : undefined,
    });
    open();
    fireEvent.click(await screen.findByTestId("signing-show-qr"));
    fireEvent.click(await screen.findByTestId("signing-close"));
    expect((await screen.findByTestId("signing-outcome")).textContent).toBe(
      "Підписання скасовано працівником.",
    );
    expect(calls.filter((c) => c.method === "POST").map((c) => c.url)).toEqual([
      `/api/signings/${SIGNING_ID}/cancel`,
    ]);
    expect(screen.queryByTestId("signing-qr")).toBeNull();
    expect(screen.getByTestId("signing-retry").textContent).toBe("Спробувати ще раз");
  });

  it("a cancel that comes too late (SIGNING_CLOSED) shows what happened instead", async () => {
    let closed = false;
    serve({
      s: signing(),
      poll: (call) =>
        closed && call.url.includes("wait=0")
          ? jsonResponse({
              signing: signing({
                status: "signed",
                deeplink: null,
                version: 2,
                signer,
                signedAt: signer.signingTime,
              }),
            })
          : new Promise(() => {}),
      other: (call) => {
        if (call.url !== `/api/signings/${SIGNING_ID}/cancel`) return undefined;
        closed = true;
        return jsonResponse({ error: { code: "SIGNING_CLOSED", message: "Підписання вже завершено." } }, 409);
      },
    });
    open();
    fireEvent.click(await screen.findByTestId("signing-cancel"));
    expect((await screen.findByTestId("signing-outcome")).textContent).toMatch(
      /^Підписано клієнтом: Шевченко/,
    );
  });
});

describe("each outcome in words", () => {
  const outcomes: [Partial<Signing>, string][] = [
    [
      {
        status: "declined",
        reason: { code: "DECLINED", message: "Клієнт відхилив підпис у Дії. Спробуйте ще раз." },
      },
      "Клієнт відхилив підпис у Дії. Спробуйте ще раз.",
    ],
    [
      { status: "expired", reason: { code: "EXPIRED", message: "Час на підпис минув. Спробуйте ще раз." } },
      "Час на підпис минув. Спробуйте ще раз.",
    ],
    [
      { status: "failed", reason: { code: "DIIA_UNAVAILABLE", message: "Дія зараз не відповідає." } },
      "Дія зараз не відповідає.",
    ],
    // No reason from the server: our own sentence.
    [
      { status: "expired", reason: null },
      "Посилання на підпис застаріло. Спробуйте ще раз, щоб показати новий QR-код.",
    ],
  ];
  for (const [over, text] of outcomes)
    it(`${over.status}: «${text}», «Спробувати ще раз»`, async () => {
      serve({ s: signing({ ...over, deeplink: null, version: 5 }) });
      open();
      expect((await screen.findByTestId("signing-outcome")).textContent).toBe(text);
      expect(screen.getByTestId("signing").dataset.status).toBe(over.status);
      expect(screen.getByTestId("signing-retry").textContent).toBe("Спробувати ще раз");
      expect(screen.getByTestId("lock-held").textContent).toBe("false");
    });

  it("signed by another person: the warning, not «signed», and a way to try again", async () => {
    serve({
      s: signing({
        status: "signed_by_other",
        deeplink: null,
        version: 3,
        signer: { ...signer, fullName: "Коваль Олена Петрівна", rnokppMatches: false },
        signedAt: "2026-12-01T12:05:00.000Z",
        reason: {
          code: "SIGNER_RNOKPP_MISSING",
          message: "Сертифікат підписувача не містить РНОКПП: звірити з клієнтом неможливо.",
        },
      }),
    });
    open();
    const outcome = await screen.findByTestId("signing-outcome");
    expect(outcome.textContent).toBe(
      "Підписано іншою особою: Коваль Олена Петрівна. Заява не вважається підписаною клієнтом.",
    );
    expect(outcome.getAttribute("role")).toBe("alert");
    expect(screen.getByTestId("signing").textContent).not.toContain("Підписано клієнтом");
    expect(screen.getByTestId("signing-retry")).toBeTruthy();
    // Why, in the server's words
    expect(screen.getByTestId("signing-other-reason").textContent).toBe(
      "Сертифікат підписувача не містить РНОКПП: звірити з клієнтом неможливо.",
    );
  });

  it("in English: our sentence for a known reason, the server's for one we do not know", async () => {
    serve({
      s: signing({
        status: "declined",
        deeplink: null,
        reason: { code: "DECLINED", message: "Клієнт відхилив." },
      }),
    });
    const view = open("en");
    expect((await screen.findByTestId("signing-outcome")).textContent).toBe(
      "The client declined the signature in the Diia app. Try again or sign on paper.",
    );
    view.unmount();
    serve({
      s: signing({ status: "failed", deeplink: null, reason: { code: "NEW_CODE", message: "Щось нове." } }),
    });
    open("en");
    expect((await screen.findByTestId("signing-outcome")).textContent).toBe("Щось нове.");
  });

  it("«Спробувати ще раз» asks for a new signing and follows it", async () => {
    const calls = serve({
      s: signing({ status: "expired", deeplink: null, reason: { code: "EXPIRED", message: "Минув." } }),
      other: (call) =>
        call.method === "POST" && call.url === `/api/requests/${REQUEST_ID}/signings`
          ? jsonResponse({ signing: signing({ id: NEXT_ID, fileName: "zayava-7d2e8c4a.pdf" }) }, 201)
          : undefined,
    });
    open();
    fireEvent.click(await screen.findByTestId("signing-retry"));
    expect((await screen.findByTestId("signing-file-name")).textContent).toBe("zayava-7d2e8c4a.pdf");
    expect(screen.getByTestId("signing").dataset.status).toBe("waiting");
    await waitFor(() => expect(polls(calls)).toContain(`/api/signings/${NEXT_ID}?wait=25&version=1`));
  });
});

describe("the contract's shapes", () => {
  it("refuse a signing whose signer lacks fullName, an unknown status, or a missing refusedCallbacks", () => {
    expect(
      signingSchema.safeParse(signing({ status: "signed", signer, signedAt: signer.signingTime })).success,
    ).toBe(true);
    const { fullName: _, ...noName } = signer;
    expect(signingSchema.safeParse({ ...signing({ status: "signed" }), signer: noName }).success).toBe(false);
    expect(signingSchema.safeParse({ ...signing(), status: "done" }).success).toBe(false);
    const { refusedCallbacks: __, ...noRefused } = signing();
    expect(signingResponse.safeParse({ signing: noRefused }).success).toBe(false);
    expect(signingSchema.safeParse({ ...signing(), expiresAt: "tomorrow" }).success).toBe(false);
  });

  it("refuse a request without its signing field", () => {
    const { signing: _, ...old } = received(null);
    expect(requestResponse.safeParse({ request: received(null) }).success).toBe(true);
    expect(requestResponse.safeParse({ request: old }).success).toBe(false);
  });

  it("a drifted answer on the screen is an error, never a half-shown signing", async () => {
    const { fullName: _, ...noName } = signer;
    fakeServer((call) =>
      call.url.startsWith(`/api/requests/${REQUEST_ID}?`)
        ? jsonResponse({
            request: { ...received(null), signing: { ...signing({ status: "signed" }), signer: noName } },
          })
        : jsonResponse({ services }),
    );
    open();
    expect((await screen.findByTestId("request-error")).textContent).toBe(
      "Сервер надіслав неочікувану відповідь",
    );
  });
});
