// The signing deeplink as we send it: each file's digest in the form Diia's SDKs compute it, and a body that
// carries nothing Diia should not be sent (checked before any request leaves).
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  createDiiaClient,
  type DiiaClient,
  DiiaError,
  fileHashForSigning,
  MAX_SIGNED_FILES,
  parseSigningCallback,
  type SigningDeeplinkRequest,
  signingDeeplinkRequest,
} from "../../src/index.ts";
import { ACQUIRER_TOKEN, type FakeDiia, startFakeDiia } from "../client/fake-diia.ts";
import { oracle } from "../fast/oracle.ts";

const text = (s: string) => new TextEncoder().encode(s);
const b64 = (b: Uint8Array) => Buffer.from(b).toString("base64");
const BRANCH_ID = "a".repeat(24);
const OFFER_ID = "b".repeat(24);
const pdf = text("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n");

describe("fileHashForSigning", () => {
  it("DSTU: GOST 34.311 with the default S-box, base64: the Python SDK's vector for 'test data'", () => {
    expect(fileHashForSigning(text("test data"), "DSTU")).toBe(
      "HCJOaeQHM/5LwMr7Mfj7mA7q8l6Dt6ADHUW76Lwv+J4=",
    );
  });
  it("DSTU: equals gost89's hash of the same bytes (a PDF, and sizes around the 32-byte block)", () => {
    for (const data of [pdf, new Uint8Array(0), new Uint8Array(31).fill(7), new Uint8Array(33).fill(9)])
      expect(fileHashForSigning(data, "DSTU")).toBe(b64(oracle.hash(data)));
  });
  it("ECDSA: SHA-256 (FIPS 180-2 vector for 'abc')", () => {
    expect(Buffer.from(fileHashForSigning(text("abc"), "ECDSA"), "base64").toString("hex")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});

describe("signingDeeplinkRequest", () => {
  const base = { offerId: OFFER_ID, requestId: "sign-1", signAlgo: "DSTU" as const };
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return "OK";
    } catch (e) {
      return e instanceof DiiaError ? e.code : `untyped:${String(e)}`;
    }
  };

  it("builds the body Diia expects, one entry per file in order", () => {
    const body = signingDeeplinkRequest({
      ...base,
      returnLink: "https://bank.ua/back",
      files: [
        { fileName: "zayava.pdf", content: pdf },
        { fileName: "dohovir.pdf", content: text("other") },
      ],
    });
    expect(body).toEqual({
      offerId: OFFER_ID,
      requestId: "sign-1",
      returnLink: "https://bank.ua/back",
      signAlgo: "DSTU",
      data: {
        hashedFilesSigning: {
          hashedFiles: [
            { fileName: "zayava.pdf", fileHash: b64(oracle.hash(pdf)) },
            { fileName: "dohovir.pdf", fileHash: b64(oracle.hash(text("other"))) },
          ],
        },
      },
    });
  });

  it("refuses what cannot be a proper signing request (BAD_REQUEST), and accepts the same without the flaw", () => {
    const file = (fileName: string) => ({ fileName, content: pdf });
    expect(codeOf(() => signingDeeplinkRequest({ ...base, files: [file("a.pdf")] }))).toBe("OK");
    const bad: [string, () => unknown][] = [
      ["no files", () => signingDeeplinkRequest({ ...base, files: [] })],
      [
        "two files of one name",
        () => signingDeeplinkRequest({ ...base, files: [file("a.pdf"), file("a.pdf")] }),
      ],
      ["a path", () => signingDeeplinkRequest({ ...base, files: [file("../a.pdf")] })],
      ["a backslash path", () => signingDeeplinkRequest({ ...base, files: [file("c:\\a.pdf")] })],
      ["a control character", () => signingDeeplinkRequest({ ...base, files: [file("a\n.pdf")] })],
      ["edge spaces", () => signingDeeplinkRequest({ ...base, files: [file(" a.pdf")] })],
      ["a dot name", () => signingDeeplinkRequest({ ...base, files: [file("..")] })],
      [
        "too many files",
        () =>
          signingDeeplinkRequest({
            ...base,
            files: Array.from({ length: MAX_SIGNED_FILES + 1 }, (_, i) => file(`${i}.pdf`)),
          }),
      ],
      [
        "an unknown signAlgo",
        () => signingDeeplinkRequest({ ...base, signAlgo: "RSA" as never, files: [file("a")] }),
      ],
      [
        "content that is not bytes",
        () => signingDeeplinkRequest({ ...base, files: [{ fileName: "a", content: "x" as never }] }),
      ],
      [
        "an empty requestId",
        () => signingDeeplinkRequest({ ...base, requestId: "", files: [file("a.pdf")] }),
      ],
    ];
    for (const [what, fn] of bad) expect(codeOf(fn), what).toBe("BAD_REQUEST");
    expect(
      codeOf(() =>
        signingDeeplinkRequest({
          ...base,
          files: Array.from({ length: MAX_SIGNED_FILES }, (_, i) => file(`${i}.pdf`)),
        }),
      ),
    ).toBe("OK");
  });
});

describe("diia.sharing.createSigningDeeplink", () => {
  let diia: FakeDiia;
  let client: DiiaClient;
  beforeEach(async () => {
    diia = await startFakeDiia();
    client = createDiiaClient({ baseUrl: diia.url, acquirerToken: ACQUIRER_TOKEN });
  });
  afterEach(() => diia.close());

  const body = (): SigningDeeplinkRequest =>
    signingDeeplinkRequest({
      offerId: OFFER_ID,
      requestId: "sign-2",
      signAlgo: "ECDSA",
      files: [{ fileName: "zayava.pdf", content: pdf }],
    });

  it("POSTs exactly the body to the dynamic offer-request and returns the deeplink", async () => {
    const deeplink = "https://diia.app/acquirers/offer-request/dynamic/77";
    diia.handle(() => ({ body: { deeplink } }));
    await expect(client.sharing.createSigningDeeplink(BRANCH_ID, body())).resolves.toEqual({ deeplink });
    const calls = diia.calls().filter((c) => c.url.includes("offer-request"));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe("POST");
    expect(calls[0]?.url).toBe(`/api/v2/acquirers/branch/${BRANCH_ID}/offer-request/dynamic`);
    expect(JSON.parse(calls[0]?.body ?? "")).toEqual(body());
  });

  it("refuses a hand-made body Diia should not get, before anything is sent", async () => {
    const good = body();
    const file = good.data.hashedFilesSigning.hashedFiles[0];
    const variants: [string, unknown][] = [
      [
        "a 4-byte hash",
        { ...good, data: { hashedFilesSigning: { hashedFiles: [{ ...file, fileHash: "dGVzdA==" }] } } },
      ],
      [
        "non-canonical base64",
        {
          ...good,
          data: {
            hashedFilesSigning: { hashedFiles: [{ ...file, fileHash: `${file?.fileHash.slice(0, 42)}B=` }] },
          },
        },
      ],
      ["no signAlgo", { ...good, signAlgo: undefined }],
      ["useDiiaId on a signing request", { ...good, useDiiaId: true }],
      [
        "an extra field in a file",
        { ...good, data: { hashedFilesSigning: { hashedFiles: [{ ...file, size: 1 }] } } },
      ],
    ];
    for (const [what, request] of variants) {
      await expect(
        client.sharing.createSigningDeeplink(BRANCH_ID, request as SigningDeeplinkRequest),
        what,
      ).rejects.toMatchObject({ code: "BAD_REQUEST" });
    }
    expect(diia.calls().filter((c) => c.url.includes("offer-request"))).toHaveLength(0);
  });
});

describe("parseSigningCallback", () => {
  const encode = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64");
  const sig = Buffer.from("MIIB").toString("base64");
  const codeOf = (fn: () => unknown) => {
    try {
      fn();
      return "OK";
    } catch (e) {
      return e instanceof DiiaError ? e.code : `untyped:${String(e)}`;
    }
  };

  it("reads signedItems as the spec names them (unknown fields kept, nulls dropped)", () => {
    const res = parseSigningCallback(
      encode({ signedItems: [{ name: "zayava.pdf", signature: sig, extra: null }], x: 1 }),
    );
    expect(res.signedItems).toEqual([{ name: "zayava.pdf", signature: sig }]);
  });

  it("refuses what is not base64 JSON, and items without a name or signature, or twice the same name", () => {
    expect(codeOf(() => parseSigningCallback("not base64!"))).toBe("NOT_JSON");
    expect(codeOf(() => parseSigningCallback(Buffer.from("{").toString("base64")))).toBe("NOT_JSON");
    for (const body of [
      {},
      { signedItems: [] },
      { signedItems: [{ name: "a.pdf" }] },
      { signedItems: [{ signature: sig }] },
      { signedItems: [{ name: "a.pdf", signature: "not base64!" }] },
      {
        signedItems: [
          { name: "a.pdf", signature: sig },
          { name: "a.pdf", signature: sig },
        ],
      },
    ])
      expect(
        codeOf(() => parseSigningCallback(encode(body))),
        JSON.stringify(body),
      ).toBe("MALFORMED_METADATA");
    expect(
      codeOf(() => parseSigningCallback(encode({ signedItems: [{ name: "a.pdf", signature: sig }] }))),
    ).toBe("OK");
  });
});
